/**
 * The one place errors become `metav1.Status` objects.
 */
import { K8sError, isK8sError } from '../base/errors.ts';

/** `metav1.Status` as sent to clients. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  /** ListMeta; only `continue` is ever set (an expired continue token's successor). */
  metadata: { continue?: string };
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: Record<string, unknown>;
  code: number;
}

/** Convert any thrown value into a Status (unknown errors become 500 InternalError). */
export function toStatus(err: unknown): Status {
  const e = isK8sError(err) ? err : new K8sError('InternalError', `Internal error occurred: ${(err as Error)?.message ?? String(err)}`);
  const s: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: e.message,
    reason: e.code,
    code: e.httpStatus,
  };
  if (e.continueToken) s.metadata = { continue: e.continueToken };
  if (e.details) {
    // Upstream omits empty detail fields (the core group is "").
    const d = Object.fromEntries(Object.entries(e.details).filter(([, v]) => v !== undefined && v !== ''));
    if (Object.keys(d).length > 0) s.details = d;
  }
  return s;
}

/** A Success Status, as returned by deletes that removed the object at once. */
export function successStatus(details?: Record<string, unknown>): Status {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 200 };
  if (details) s.details = details;
  return s;
}

/** Standard NotFound error: `pods "x" not found`. */
export function notFound(group: string, plural: string, name: string): K8sError {
  const res = group ? `${plural}.${group}` : plural;
  return new K8sError('NotFound', `${res} "${name}" not found`, { name, group, kind: plural });
}

/** Standard AlreadyExists error. */
export function alreadyExists(group: string, plural: string, name: string): K8sError {
  const res = group ? `${plural}.${group}` : plural;
  return new K8sError('AlreadyExists', `${res} "${name}" already exists`, { name, group, kind: plural });
}

/** Standard optimistic-concurrency Conflict error. */
export function conflict(group: string, plural: string, name: string, why: string): K8sError {
  const res = group ? `${plural}.${group}` : plural;
  return new K8sError('Conflict', `Operation cannot be fulfilled on ${res} "${name}": ${why}`, { name, group, kind: plural });
}

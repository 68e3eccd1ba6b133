/**
 * Building request paths and query strings from a {@link ResourceRef}.
 */
import { K8sError } from '../base/errors.ts';
import type { ResourceRef } from './types.ts';

/** `/api/v1/namespaces/ns/pods/name/status` style path of `ref`. */
export function resourcePath(ref: ResourceRef): string {
  if (!ref.version || !ref.plural) throw new K8sError('BadRequest', 'resource reference needs a version and a plural');
  const parts = [ref.group ? `/apis/${ref.group}/${ref.version}` : `/api/${ref.version}`];
  if (ref.namespace) parts.push('namespaces', encodeURIComponent(ref.namespace));
  parts.push(ref.plural);
  if (ref.name !== undefined) {
    if (ref.name === '') throw new K8sError('BadRequest', 'resource name may not be empty');
    parts.push(encodeURIComponent(ref.name));
  }
  if (ref.subresource) {
    if (ref.name === undefined) throw new K8sError('BadRequest', 'a subresource needs an object name');
    parts.push(ref.subresource);
  }
  return parts.join('/');
}

/**
 * Query string (with leading `?`, or empty) of the set options. Only known
 * scalar options are sent, so callers can pass their option bags as they are.
 */
export function queryString(opts: object | undefined, allowed: readonly string[]): string {
  if (!opts) return '';
  const q = new URLSearchParams();
  const bag = opts as Record<string, unknown>;
  for (const k of allowed) {
    const v = bag[k];
    if (v === undefined || v === null || v === '') continue;
    q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Query keys of list. */
export const LIST_KEYS = ['labelSelector', 'fieldSelector', 'limit', 'continue', 'resourceVersion',
  'resourceVersionMatch', 'timeoutSeconds'] as const;
/** Query keys of watch (list keys plus the watch flags). */
export const WATCH_KEYS = [...LIST_KEYS, 'allowWatchBookmarks', 'watch'] as const;
/** Query keys of create/update/patch. */
export const WRITE_KEYS = ['dryRun', 'fieldManager', 'force'] as const;
/** Query keys of delete. */
export const DELETE_KEYS = ['dryRun', 'propagationPolicy', 'gracePeriodSeconds'] as const;
/** Query keys of deletecollection. */
export const DELETE_COLLECTION_KEYS = [...DELETE_KEYS, ...LIST_KEYS] as const;

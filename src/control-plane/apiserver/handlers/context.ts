/**
 * What every resource handler receives, and the query parsing they share
 * (selectors, dryRun, fieldValidation).
 */
import type { IncomingMessage } from 'node:http';
import type { Http2ServerRequest } from 'node:http2';
import type { KObject } from '../../../api/types.ts';
import type { ResourceInfo } from '../../../api/resources.ts';
import { K8sError } from '../../../base/errors.ts';
import { compileLabelSelector } from '../../../api/selectors/labels.ts';
import { compileFieldSelector } from '../../../api/selectors/fields.ts';
import type { RegistryContext } from '../registry/types.ts';
import type { RequestInfo } from '../http/request-info.ts';
import type { Res } from '../http/respond.ts';

/** The authenticated user of a request. */
export interface UserInfo {
  name: string;
  groups: string[];
  uid?: string;
  /** Extra attributes (e.g. authentication.kubernetes.io/pod-name of a bound token). */
  extra?: Record<string, string[]>;
}

/** Per-request handler input. */
export interface HandlerContext {
  reg: RegistryContext;
  req: IncomingMessage | Http2ServerRequest;
  res: Res;
  info: RequestInfo;
  query: URLSearchParams;
  resource: ResourceInfo;
  user: UserInfo;
  /** Warnings to send as Warning headers. */
  warnings: string[];
  /** Set when the request turned into a long-running watch. */
  watch?: boolean;
  /** Called by watch handlers to register/unregister in metrics. */
  onWatch?(delta: number): void;
  /** Aborted when the server shuts down. */
  shutdown: AbortSignal;
}

/** Compile labelSelector and fieldSelector query params into one matcher (undefined = match all). */
export function selectorMatcher(h: HandlerContext): ((obj: KObject) => boolean) | undefined {
  const ls = h.query.get('labelSelector') ?? '';
  const fs = h.query.get('fieldSelector') ?? '';
  const r = h.resource;
  const lm = ls.trim() ? compileLabelSelector(ls) : undefined;
  const fm = fs.trim() ? compileFieldSelector(r.storage.group, r.kind, fs) : undefined;
  if (lm && fm) return (o) => lm(o.metadata.labels) && fm(o);
  if (lm) return (o) => lm(o.metadata.labels);
  return fm;
}

/** dryRun=All (any other value is 400, as upstream). */
export function isDryRun(h: HandlerContext): boolean {
  const v = h.query.getAll('dryRun');
  if (v.length === 0) return false;
  for (const x of v) {
    if (x !== 'All') throw new K8sError('BadRequest', `Invalid dryRun value: "${x}": supported values: "All"`);
  }
  return true;
}

/** Integer query parameter, 400 when malformed. */
export function intParam(h: HandlerContext, name: string): number | undefined {
  const v = h.query.get(name);
  if (v === null || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw new K8sError('BadRequest', `invalid value for ${name}: ${v}`);
  return Number(v);
}

/** The request's namespace for a namespaced resource, '' otherwise. */
export function requestNamespace(h: HandlerContext): string {
  return h.resource.namespaced ? h.info.namespace : '';
}

/**
 * Who a write is recorded for in managedFields: the `fieldManager` query
 * parameter, or the client's User-Agent up to the first '/' (upstream's
 * default, e.g. "kubectl" or "kube-controller-manager").
 */
import { K8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import { groupVersion } from '../../../api/resources.ts';
import { rfc3339 } from '../registry/meta.ts';
import { trackWrite } from '../apply/track.ts';
import type { Writer } from '../apply/managed-fields.ts';
import type { HandlerContext } from './context.ts';

/** The fieldManager query parameter, checked as upstream (<= 128 printable characters). */
export function fieldManagerParam(h: HandlerContext): string | undefined {
  const v = h.query.get('fieldManager');
  if (v === null || v === '') return undefined;
  if (v.length > 128) throw new K8sError('BadRequest', `fieldManager: Too long: may not be more than 128 bytes`);
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(v)) throw new K8sError('BadRequest', `fieldManager: Invalid value: "${v}": must only contain printable characters`);
  return v;
}

/** The writer of a non-apply request. */
export function writerOf(h: HandlerContext, subresource: string): Writer {
  const ua = String(h.req.headers['user-agent'] ?? '');
  const manager = fieldManagerParam(h) ?? (ua.split('/')[0] || 'unknown');
  return { manager, apiVersion: groupVersion(h.resource), subresource, time: rfc3339(h.reg.clock.now()) };
}

/** The registry's `track` callback for a non-apply write. */
export function updateTracker(h: HandlerContext, subresource: string): (old: KObject | undefined, obj: KObject) => void {
  const w = writerOf(h, subresource);
  return (old, obj) => trackWrite(h.resource, old, obj, w);
}

/**
 * Delete as upstream: preconditions, graceful deletion of pods, finalizers
 * (including those named by propagationPolicy) that turn a delete into
 * "mark with deletionTimestamp", namespaces going Terminating, and a
 * compare-and-swap removal otherwise.
 */
import type { KObject } from '../../../api/types.ts';
import type { ResourceInfo } from '../../../api/resources.ts';
import { K8sError } from '../../../base/errors.ts';
import { conflict, notFound } from '../../../api/status.ts';
import { StorageError } from '../../../storage/types.ts';
import { decode, encode, objectKey } from './codec.ts';
import { rfc3339 } from './meta.ts';
import { admit, committed, rollback } from './hooks.ts';
import type { DeleteOptions, DeleteResult, RegistryContext } from './types.ts';

const MAX_RETRIES = 16;

/** Grace period a delete gets: pods on a node get their termination grace; everything else goes at once. */
function gracePeriod(r: ResourceInfo, obj: KObject, opts: DeleteOptions): number {
  if (!(r.kind === 'Pod' && r.group === '')) return 0;
  const phase = obj.status?.phase;
  // Unscheduled or finished pods have no kubelet to wait for.
  if (!obj.spec?.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
  const g = opts.gracePeriodSeconds ?? obj.spec?.terminationGracePeriodSeconds ?? 30;
  return Math.max(0, g);
}

/** Finalizer that the propagation policy adds, if any. */
function propagationFinalizer(opts: DeleteOptions): string | undefined {
  if (opts.propagationPolicy === 'Orphan' || (opts.propagationPolicy === undefined && opts.orphanDependents === true)) return 'orphan';
  if (opts.propagationPolicy === 'Foreground') return 'foregroundDeletion';
  return undefined;
}

/** Delete namespace/name of resource r. */
export async function deleteObject(
  ctx: RegistryContext, r: ResourceInfo, namespace: string, name: string, opts: DeleteOptions = {},
): Promise<DeleteResult> {
  const key = objectKey(r, namespace, name);
  for (let attempt = 0; ; attempt++) {
    const cur = await ctx.store.get(key);
    if (!cur) throw notFound(r.group, r.plural, name);
    const obj = decode(cur);
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== obj.metadata.uid) {
      throw conflict(r.group, r.plural, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${obj.metadata.uid}`);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== obj.metadata.resourceVersion) {
      throw conflict(r.group, r.plural, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in meta: ${obj.metadata.resourceVersion}`);
    }
    const attrs = { operation: 'DELETE' as const, resource: r, subresource: '', namespace, name, oldObject: obj, dryRun: !!opts.dryRun };
    const undos = await admit(ctx, attrs);

    const grace = gracePeriod(r, obj, opts);
    const finalizers = [...(obj.metadata.finalizers ?? [])];
    const pf = propagationFinalizer(opts);
    const nsFinalizers = r.kind === 'Namespace' && r.group === '' ? (obj.spec?.finalizers ?? []) : [];
    const lingers = finalizers.length > 0 || nsFinalizers.length > 0 || grace > 0 || (pf !== undefined);
    try {
      if (lingers) {
        const next: KObject = JSON.parse(JSON.stringify(obj));
        const nm = next.metadata;
        if (pf && !finalizers.includes(pf)) nm.finalizers = [...finalizers, pf];
        const now = ctx.clock.now();
        if (!nm.deletionTimestamp) {
          nm.deletionTimestamp = rfc3339(now + grace * 1000);
          nm.deletionGracePeriodSeconds = grace;
        } else if (grace < (nm.deletionGracePeriodSeconds ?? 0)) {
          // A shorter grace period on a second delete shortens the wait, as upstream.
          nm.deletionTimestamp = rfc3339(now + grace * 1000);
          nm.deletionGracePeriodSeconds = grace;
        }
        if (r.kind === 'Namespace' && r.group === '') next.status = { ...(next.status ?? {}), phase: 'Terminating' };
        if (opts.dryRun) return { object: next, deleted: false };
        const { resourceVersion: _rv, ...rest } = nm;
        next.metadata = rest;
        const kv = await ctx.store.update(key, encode(next), cur.modRevision);
        next.metadata.resourceVersion = String(kv.modRevision);
        return { object: next, deleted: false };
      }
      if (opts.dryRun) return { object: obj, deleted: true };
      const gone = await ctx.store.delete(key, cur.modRevision);
      obj.metadata.resourceVersion = String(gone.modRevision);
    } catch (e) {
      await rollback(ctx, undos);
      if (e instanceof StorageError && (e.code === 'Conflict' || e.code === 'NotFound')) {
        if (attempt < MAX_RETRIES) continue;
        throw new K8sError('Conflict', `too many concurrent writes to ${r.plural} "${name}"`);
      }
      throw e;
    }
    await committed(ctx, attrs);
    return { object: obj, deleted: true };
  }
}

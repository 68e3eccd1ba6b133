/**
 * Deleting everything in a namespace, one resource at a time: a collection
 * delete where the resource supports it, otherwise one delete per object;
 * then a list tells what is still there (objects with finalizers, pods in
 * graceful termination) so the controller knows whether to wait.
 */
import { isK8sError, K8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import type { KubeClient, ResourceRef } from '../../../client/types.ts';
import type { DiscoveredResource } from '../../../client/discovery.ts';

/** What is left of one resource after a deletion pass. */
export interface ResourceLeftovers {
  /** Objects still listed. */
  remaining: number;
  /** finalizer -> count among those objects. */
  finalizers: Map<string, number>;
  /** Seconds the slowest remaining object may still take (pods' grace period). */
  estimateSeconds: number;
}

/** Whether the namespace controller can and must empty this resource. */
export function isDeletableNamespaced(r: DiscoveredResource): boolean {
  if (!r.namespaced) return false;
  return r.verbs.includes('deletecollection') || (r.verbs.includes('list') && r.verbs.includes('delete'));
}

/** `resource.group` as upstream prints a group-resource in conditions ("pods." for core). */
export function groupResource(r: { plural: string; group: string }): string {
  return `${r.plural}.${r.group}`;
}

/** Grace a pod may still take: what its delete asked for, else its spec, else the default 30 s. */
function podGrace(p: KObject): number {
  const phase = p.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return 0;
  return Number(p.metadata.deletionGracePeriodSeconds ?? p.spec?.terminationGracePeriodSeconds ?? 30);
}

/** Empty `r` in `namespace`. Throws K8sError when deletion or listing fails. */
export async function deleteResourceContent(client: KubeClient, r: DiscoveredResource, namespace: string): Promise<ResourceLeftovers> {
  const ref: ResourceRef = { group: r.group, version: r.version, plural: r.plural, namespace };
  let collectionDeleted = false;
  if (r.verbs.includes('deletecollection')) {
    try {
      await client.deleteCollection(ref, { propagationPolicy: 'Background' });
      collectionDeleted = true;
    } catch (e) {
      // Some servers list the verb but refuse it; fall back to deleting one by one.
      if (!isK8sError(e, 'MethodNotAllowed') && !isK8sError(e, 'NotFound')) throw e;
    }
  }
  const none: ResourceLeftovers = { remaining: 0, finalizers: new Map(), estimateSeconds: 0 };
  if (!r.verbs.includes('list')) return none;
  const list = await client.list(ref);
  if (list.items.length === 0) return none;
  if (!collectionDeleted) {
    if (!r.verbs.includes('delete')) throw new K8sError('MethodNotAllowed', `cannot delete ${groupResource(r)}`);
    for (const o of list.items) {
      if (o.metadata.deletionTimestamp) continue;
      try {
        await client.delete({ ...ref, name: o.metadata.name }, {
          propagationPolicy: 'Background',
          // Never delete a same-named object created after our list.
          preconditions: o.metadata.uid ? { uid: o.metadata.uid } : undefined,
        });
      } catch (e) {
        if (!isK8sError(e, 'NotFound') && !isK8sError(e, 'Conflict')) throw e;
      }
    }
  }
  // What is listed now is what still blocks the namespace.
  const after = await client.list(ref);
  const finalizers = new Map<string, number>();
  let estimateSeconds = 0;
  for (const o of after.items) {
    for (const f of o.metadata.finalizers ?? []) finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
    if (r.group === '' && r.plural === 'pods') estimateSeconds = Math.max(estimateSeconds, podGrace(o));
  }
  return { remaining: after.items.length, finalizers, estimateSeconds };
}

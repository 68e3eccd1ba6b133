/**
 * The garbage collector's decisions for one object, as upstream:
 * - attemptToDelete: an object none of whose owners still exist is deleted
 *   (propagating by its own orphan/foreground finalizer); owners waiting for
 *   foreground deletion make it go in the foreground when it has dependents
 *   of its own; dangling references beside a live owner are removed.
 * - an owner being deleted in the foreground loses its foregroundDeletion
 *   finalizer once no dependent blocks it (blockOwnerDeletion).
 * - attemptToOrphan: remove the owner's reference from every dependent,
 *   then the orphan finalizer from the owner.
 */
import { isK8sError } from '../../../base/errors.ts';
import type { Logger } from '../../../base/logger.ts';
import type { KObject, OwnerReference } from '../../../api/types.ts';
import type { DeleteOptions, KubeClient, ResourceRef } from '../../../client/types.ts';
import { FOREGROUND, ORPHAN, type Graph, type GraphNode } from './graph.ts';

/** What the decisions need. */
export interface AttemptDeps {
  client: KubeClient;
  graph: Graph;
  logger: Logger;
  /** The resource serving `apiVersion`/`kind` and whether it is namespaced. */
  resourceFor(apiVersion: string, kind: string): { ref: Pick<ResourceRef, 'group' | 'version' | 'plural'>; namespaced: boolean } | undefined;
  /** Queue another object for attemptToDelete. */
  enqueueDelete(uid: string): void;
}

async function getLive(client: KubeClient, ref: ResourceRef): Promise<KObject | undefined> {
  try {
    return await client.get(ref);
  } catch (e) {
    if (isK8sError(e, 'NotFound')) return undefined;
    throw e;
  }
}

/** Read-modify-write of an object identified by node, retried on conflict. */
async function mutate(client: KubeClient, node: GraphNode, change: (o: KObject) => boolean): Promise<void> {
  for (let i = 0; ; i++) {
    const o = await getLive(client, node.ref);
    if (!o || o.metadata.uid !== node.uid) return;
    if (!change(o)) return;
    try {
      await client.update(node.ref, o);
      return;
    } catch (e) {
      if (isK8sError(e, 'NotFound')) return;
      if (!isK8sError(e, 'Conflict') || i >= 5) throw e;
    }
  }
}

/** Remove finalizer `f` from the object. */
export function removeFinalizer(client: KubeClient, node: GraphNode, f: string): Promise<void> {
  return mutate(client, node, (o) => {
    const fins = o.metadata.finalizers ?? [];
    if (!fins.includes(f)) return false;
    o.metadata.finalizers = fins.filter((x) => x !== f);
    return true;
  });
}

type OwnerState = 'solid' | 'dangling' | 'waiting';

async function ownerState(deps: AttemptDeps, dependent: KObject, r: OwnerReference): Promise<OwnerState> {
  const res = deps.resourceFor(r.apiVersion, r.kind);
  // An owner of a kind nobody serves cannot be checked: keep the dependent (upstream retries too).
  if (!res) return 'solid';
  const owner = await getLive(deps.client, { ...res.ref, namespace: res.namespaced ? dependent.metadata.namespace : undefined, name: r.name });
  if (!owner || owner.metadata.uid !== r.uid) return 'dangling';
  if (owner.metadata.deletionTimestamp && (owner.metadata.finalizers ?? []).includes(FOREGROUND)) return 'waiting';
  return 'solid';
}

/** Decide about the object `uid`. */
export async function attemptToDelete(deps: AttemptDeps, uid: string): Promise<void> {
  const node = deps.graph.get(uid);
  if (!node) return;
  if (node.deletingDependents) return processDeletingDependents(deps, node);
  if (node.beingDeleted) return;
  const o = await getLive(deps.client, node.ref);
  if (!o || o.metadata.uid !== uid || o.metadata.deletionTimestamp) return;
  const refs = o.metadata.ownerReferences ?? [];
  if (refs.length === 0) return;
  const states = await Promise.all(refs.map((r) => ownerState(deps, o, r)));
  const of = (s: OwnerState): OwnerReference[] => refs.filter((_r, i) => states[i] === s);
  const [solid, dangling, waiting] = [of('solid'), of('dangling'), of('waiting')];
  if (solid.length > 0) {
    if (dangling.length === 0 && waiting.length === 0) return;
    const gone = new Set(dangling.map((r) => r.uid)), unblock = new Set(waiting.map((r) => r.uid));
    await mutate(deps.client, node, (x) => {
      const next = (x.metadata.ownerReferences ?? []).filter((r) => !gone.has(r.uid))
        .map((r) => (unblock.has(r.uid) ? { ...r, blockOwnerDeletion: false } : r));
      x.metadata.ownerReferences = next;
      return true;
    });
    return;
  }
  const fins = o.metadata.finalizers ?? [];
  let policy: DeleteOptions['propagationPolicy'];
  if (waiting.length > 0 && deps.graph.dependentsOf(uid).length > 0) policy = 'Foreground';
  else if (fins.includes(ORPHAN)) policy = 'Orphan';
  else if (fins.includes(FOREGROUND)) policy = 'Foreground';
  else policy = 'Background';
  deps.logger.info('deleting object whose owners are gone', { ref: node.ref, policy });
  try {
    await deps.client.delete(node.ref, { propagationPolicy: policy, preconditions: { uid } });
  } catch (e) {
    if (!isK8sError(e, 'NotFound') && !isK8sError(e, 'Conflict')) throw e;
  }
}

/** An owner deleted in the foreground: finish it when nothing blocks, else push its blockers. */
async function processDeletingDependents(deps: AttemptDeps, node: GraphNode): Promise<void> {
  const blocking = deps.graph.dependentsOf(node.uid)
    .filter((d) => d.owners.some((r) => r.uid === node.uid && r.blockOwnerDeletion === true));
  if (blocking.length === 0) {
    await removeFinalizer(deps.client, node, FOREGROUND);
    return;
  }
  for (const d of blocking) if (!d.deletingDependents) deps.enqueueDelete(d.uid);
}

/** Orphan the dependents of `uid`, then drop its orphan finalizer. */
export async function attemptToOrphan(deps: AttemptDeps, uid: string): Promise<void> {
  const node = deps.graph.get(uid);
  if (!node) return;
  await Promise.all(deps.graph.dependentsOf(uid).map((d) => mutate(deps.client, d, (x) => {
    const refs = x.metadata.ownerReferences ?? [];
    if (!refs.some((r) => r.uid === uid)) return false;
    const next = refs.filter((r) => r.uid !== uid);
    if (next.length > 0) x.metadata.ownerReferences = next;
    else delete x.metadata.ownerReferences;
    return true;
  })));
  await removeFinalizer(deps.client, node, ORPHAN);
}

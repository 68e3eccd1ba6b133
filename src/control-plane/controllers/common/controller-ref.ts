/**
 * Controller references shared by the workload controllers: who controls an
 * object, the reference a controller puts on what it creates, and claiming
 * (adopting orphans that match a selector, releasing owned objects that no
 * longer match) as upstream's ControllerRefManager does.
 */
import { isK8sError } from '../../../base/errors.ts';
import type { KObject, OwnerReference } from '../../../api/types.ts';
import type { KubeClient, ResourceRef } from '../../../client/types.ts';

/** The ownerReference with controller=true, if any. */
export function getControllerOf(o: KObject): OwnerReference | undefined {
  return o.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** The reference a controller sets on objects it creates or adopts. */
export function newControllerRef(owner: KObject, apiVersion: string, kind: string): OwnerReference {
  return {
    apiVersion, kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** What {@link claimObjects} needs to know about the owner. */
export interface ClaimConfig {
  client: KubeClient;
  /** Collection of the claimed objects in the owner's namespace. */
  ref: ResourceRef;
  owner: KObject;
  ownerApiVersion: string;
  ownerKind: string;
  /** The owner's selector. */
  match: (labels: Record<string, string> | undefined) => boolean;
  /** Extra condition for adoption (e.g. the owner is not being deleted). */
  canAdopt: () => boolean;
}

/**
 * Return the objects the owner controls after adopting matching orphans and
 * releasing owned objects that stopped matching. Objects that vanished are
 * skipped; other write errors are thrown (the sync is retried).
 */
export async function claimObjects<T extends KObject>(cfg: ClaimConfig, candidates: T[]): Promise<T[]> {
  const uid = cfg.owner.metadata.uid;
  const claimed: T[] = [];
  const ownerDeleting = Boolean(cfg.owner.metadata.deletionTimestamp);
  for (const o of candidates) {
    const ref = getControllerOf(o);
    const matches = cfg.match(o.metadata.labels);
    if (ref) {
      if (ref.uid !== uid) continue;
      if (matches) { claimed.push(o); continue; }
      // Owned but no longer matching: release, unless the owner is going away anyway.
      if (ownerDeleting) continue;
      await writeOwnerRefs(cfg.client, cfg.ref, o, (refs) => refs.filter((r) => r.uid !== uid));
      continue;
    }
    if (!matches || ownerDeleting || o.metadata.deletionTimestamp || !cfg.canAdopt()) continue;
    const adopted = await writeOwnerRefs(cfg.client, cfg.ref, o,
      (refs) => [...refs, newControllerRef(cfg.owner, cfg.ownerApiVersion, cfg.ownerKind)]);
    if (adopted) claimed.push(adopted as T);
  }
  return claimed;
}

/**
 * Replace `o`'s ownerReferences (compare-and-swap on its resourceVersion, so a
 * concurrent change makes the sync retry). Returns the updated object, or
 * undefined when it is gone.
 */
export async function writeOwnerRefs(client: KubeClient, ref: ResourceRef, o: KObject,
  change: (refs: OwnerReference[]) => OwnerReference[]): Promise<KObject | undefined> {
  const next = structuredClone(o);
  const refs = change(next.metadata.ownerReferences ?? []);
  if (refs.length > 0) next.metadata.ownerReferences = refs;
  else delete next.metadata.ownerReferences;
  try {
    return await client.update({ ...ref, namespace: o.metadata.namespace, name: o.metadata.name }, next);
  } catch (e) {
    if (isK8sError(e, 'NotFound')) return undefined;
    throw e;
  }
}

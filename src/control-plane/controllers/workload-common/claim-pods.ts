/**
 * Adoption and release (upstream's ControllerRefManager): a controller
 * owns the pods whose controller reference names it; orphans matching its
 * selector are adopted, owned pods that no longer match are released.
 */
import { isK8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import type { LabelMatcher } from '../../../api/selectors/labels.ts';
import type { KubeClient } from '../../../client/types.ts';
import { adoptable, controllerRefOf, isControlledBy, newControllerRef, withControllerRef } from './owner-refs.ts';
import { PODS, at } from './resources.ts';

/**
 * The pods `owner` controls after adopting and releasing; `extra` further
 * restricts adoption (e.g. StatefulSet ordinal names).
 */
export async function claimPods(client: KubeClient, owner: KObject, apiVersion: string, kind: string,
  candidates: KObject[], selector: LabelMatcher, extra: (p: KObject) => boolean = () => true): Promise<KObject[]> {
  const out: KObject[] = [];
  for (const p of candidates) {
    const ref = controllerRefOf(p);
    const matches = selector(p.metadata.labels) && extra(p);
    if (ref && isControlledBy(p, owner)) {
      if (matches || owner.metadata.deletionTimestamp) out.push(p);
      else await release(client, p, owner);
      continue;
    }
    if (ref || !matches || !adoptable(p, owner)) continue;
    try {
      out.push(await client.update(at(PODS, p.metadata.namespace, p.metadata.name),
        withControllerRef(p, newControllerRef(owner, apiVersion, kind))));
    } catch (e) {
      // Gone or changed meanwhile: the next sync sees the new state.
      if (!isK8sError(e, 'NotFound') && !isK8sError(e, 'Conflict')) throw e;
    }
  }
  return out;
}

async function release(client: KubeClient, p: KObject, owner: KObject): Promise<void> {
  const c = structuredClone(p);
  c.metadata.ownerReferences = (c.metadata.ownerReferences ?? []).filter((r) => r.uid !== owner.metadata.uid);
  try {
    await client.update(at(PODS, p.metadata.namespace, p.metadata.name), c);
  } catch (e) {
    if (!isK8sError(e, 'NotFound') && !isK8sError(e, 'Conflict')) throw e;
  }
}

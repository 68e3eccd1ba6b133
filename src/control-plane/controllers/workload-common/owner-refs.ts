/**
 * Controller references: which object controls which (the one
 * ownerReference with controller=true), and the reference a controller
 * stamps on what it creates.
 */
import type { KObject, OwnerReference } from '../../../api/types.ts';

/** The controlling owner reference, if any. */
export function controllerRefOf(o: KObject): OwnerReference | undefined {
  return o.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** True when `o` is controlled by `owner` (same uid). */
export function isControlledBy(o: KObject, owner: KObject): boolean {
  return controllerRefOf(o)?.uid === owner.metadata.uid;
}

/** The reference a controller puts on objects it creates (blocks owner deletion, as upstream). */
export function newControllerRef(owner: KObject, apiVersion: string, kind: string): OwnerReference {
  return { apiVersion, kind, name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}

/** An orphan may be adopted unless it or its would-be owner is being deleted. */
export function adoptable(o: KObject, owner: KObject): boolean {
  return !controllerRefOf(o) && !o.metadata.deletionTimestamp && !owner.metadata.deletionTimestamp;
}

/** A copy of `o` with the controller reference added. */
export function withControllerRef(o: KObject, ref: OwnerReference): KObject {
  const c = structuredClone(o);
  c.metadata.ownerReferences = [...(c.metadata.ownerReferences ?? []), ref];
  return c;
}

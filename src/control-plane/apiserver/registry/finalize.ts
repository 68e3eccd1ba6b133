/**
 * When an object marked for deletion may finally go: deletionTimestamp set,
 * no metadata.finalizers left, and for namespaces no spec.finalizers either.
 */
import type { KObject } from '../../../api/types.ts';
import type { ResourceInfo } from '../../../api/resources.ts';

/** True if a write of `obj` should remove it from storage instead. */
export function readyToDelete(r: ResourceInfo, obj: KObject): boolean {
  const m = obj.metadata;
  if (!m.deletionTimestamp) return false;
  if (m.finalizers && m.finalizers.length > 0) return false;
  if (r.kind === 'Namespace' && r.group === '' && (obj.spec?.finalizers?.length ?? 0) > 0) return false;
  // Pods marked for graceful deletion go when the kubelet deletes them with grace 0, not on every write.
  if (r.kind === 'Pod' && r.group === '' && (m.deletionGracePeriodSeconds ?? 0) > 0) return false;
  return true;
}

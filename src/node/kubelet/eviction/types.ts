/**
 * The eviction component's contract with the kubelet (upstream's eviction
 * manager, local storage part): a periodic measurement decides that a pod
 * must go, and the kubelet carries the eviction out through its pod worker,
 * so the kill never races an ordinary sync of the same pod.
 */
import type { KObject } from '../../../api/types.ts';

/** Pod status reason and Event reason of every kubelet eviction, as upstream. */
export const REASON_EVICTED = 'Evicted';

/**
 * Evict `pod`: record the Evicted event, kill its containers and report phase
 * Failed with reason Evicted and `message`. Returns at once; the work runs in
 * the pod's worker.
 */
export type EvictPodFn = (pod: KObject, message: string) => void;

/** One disk-backed emptyDir with a sizeLimit, as the measurement sees it. */
export interface EmptyDirLimit {
  /** The volume's name in spec.volumes. */
  volume: string;
  /** sizeLimit in bytes. */
  limitBytes: number;
  /** sizeLimit in canonical form ("1Mi"), as upstream's Quantity.String() prints it in the message. */
  limit: string;
}

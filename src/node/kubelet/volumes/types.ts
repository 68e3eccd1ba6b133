/**
 * The volume manager's contract with the kubelet: volumes are set up on the
 * node before a pod's containers start, turned into CRI mounts per
 * container, refreshed while the pod runs (configMap, secret, projected
 * tokens) and torn down when the pod is gone.
 */
import type { KObject } from '../../../api/types.ts';
import type { Mount } from '../../runtime/types.ts';

/** Prepares and removes pod volumes on this node. */
export interface PodVolumes {
  /** Create or refresh every volume of the pod (idempotent); throws VolumeError while one cannot be set up. */
  setUp(pod: KObject, podIPs: string[]): Promise<void>;
  /** CRI mounts of one container (its volumeMounts), after setUp. */
  mounts(pod: KObject, container: Record<string, unknown>): Mount[];
  /** Unmount and remove everything of a pod uid. */
  tearDown(uid: string): Promise<void>;
}

/** Upstream's plugin directory names, as in /var/lib/kubelet/pods/UID/volumes/kubernetes.io~NAME. */
export const PLUGIN_DIRS: Record<string, string> = {
  emptyDir: 'kubernetes.io~empty-dir',
  configMap: 'kubernetes.io~configmap',
  secret: 'kubernetes.io~secret',
  downwardAPI: 'kubernetes.io~downward-api',
  projected: 'kubernetes.io~projected',
};

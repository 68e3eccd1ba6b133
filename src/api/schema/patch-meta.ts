/**
 * Strategic-merge metadata of built-in types: which lists merge by which
 * key, as upstream's Go struct tags (`patchStrategy`, `patchMergeKey`)
 * declare them. client-node's models do not carry these, so they are kept
 * here, applied to the definitions on load, and published in OpenAPI as
 * x-kubernetes-patch-strategy / x-kubernetes-patch-merge-key, which kubectl
 * reads to compute apply patches.
 */

/** Patch facts of one field. */
export interface FieldPatchMeta {
  /** e.g. 'merge', 'retainKeys', 'merge,retainKeys'. */
  strategy: string;
  /** Merge key of list elements; absent for primitive lists and retainKeys. */
  key?: string;
}

const cond: FieldPatchMeta = { strategy: 'merge', key: 'type' };
const byName: FieldPatchMeta = { strategy: 'merge', key: 'name' };

/** Definition name -> field -> patch facts. */
export const PATCH_META: Record<string, Record<string, FieldPatchMeta>> = {
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': {
    finalizers: { strategy: 'merge' },
    ownerReferences: { strategy: 'merge', key: 'uid' },
  },
  'io.k8s.api.core.v1.PodSpec': {
    volumes: { strategy: 'merge,retainKeys', key: 'name' },
    initContainers: byName,
    containers: byName,
    ephemeralContainers: byName,
    imagePullSecrets: byName,
    hostAliases: { strategy: 'merge', key: 'ip' },
    topologySpreadConstraints: { strategy: 'merge', key: 'topologyKey' },
    resourceClaims: { strategy: 'merge,retainKeys', key: 'name' },
    schedulingGates: byName,
  },
  'io.k8s.api.core.v1.Container': {
    ports: { strategy: 'merge', key: 'containerPort' },
    env: byName,
    volumeMounts: { strategy: 'merge', key: 'mountPath' },
    volumeDevices: { strategy: 'merge', key: 'devicePath' },
  },
  'io.k8s.api.core.v1.EphemeralContainer': {
    ports: { strategy: 'merge', key: 'containerPort' },
    env: byName,
    volumeMounts: { strategy: 'merge', key: 'mountPath' },
    volumeDevices: { strategy: 'merge', key: 'devicePath' },
  },
  'io.k8s.api.core.v1.PodStatus': {
    conditions: cond,
    podIPs: { strategy: 'merge', key: 'ip' },
    hostIPs: { strategy: 'merge', key: 'ip' },
    resourceClaimStatuses: { strategy: 'merge,retainKeys', key: 'name' },
  },
  'io.k8s.api.core.v1.NodeSpec': { podCIDRs: { strategy: 'merge' } },
  'io.k8s.api.core.v1.NodeStatus': { conditions: cond, addresses: cond },
  'io.k8s.api.core.v1.ServiceSpec': { ports: { strategy: 'merge', key: 'port' } },
  'io.k8s.api.core.v1.ServiceStatus': { conditions: cond },
  'io.k8s.api.core.v1.ServiceAccount': { secrets: byName },
  'io.k8s.api.core.v1.NamespaceStatus': { conditions: cond },
  'io.k8s.api.core.v1.PersistentVolumeClaimStatus': { conditions: cond },
  'io.k8s.api.core.v1.ReplicationControllerStatus': { conditions: cond },
  'io.k8s.api.apps.v1.DeploymentSpec': { strategy: { strategy: 'retainKeys' } },
  'io.k8s.api.apps.v1.DeploymentStatus': { conditions: cond },
  'io.k8s.api.apps.v1.ReplicaSetStatus': { conditions: cond },
  'io.k8s.api.apps.v1.DaemonSetStatus': { conditions: cond },
  'io.k8s.api.apps.v1.StatefulSetStatus': { conditions: cond },
  'io.k8s.api.batch.v1.JobStatus': { conditions: cond },
  'io.k8s.api.policy.v1.PodDisruptionBudgetStatus': { conditions: cond },
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus': { conditions: cond },
};

/** Patch facts of `field` in definition `def`, if it has any. */
export function patchMetaOf(def: string, field: string): FieldPatchMeta | undefined {
  return PATCH_META[def]?.[field];
}

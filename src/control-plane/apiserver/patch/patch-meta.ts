/**
 * Strategic-merge-patch metadata of the built-in kinds: which lists merge by
 * which key and which maps or lists are replaced whole. This is the data
 * upstream keeps in Go struct tags (`patchStrategy`, `patchMergeKey`) and
 * publishes in OpenAPI as `x-kubernetes-patch-strategy` and
 * `x-kubernetes-patch-merge-key`; OpenAPI generation should derive from this
 * table rather than keep a second copy.
 *
 * Shape: a graph of named types (as the upstream Go types are named). Each
 * type lists only the fields that carry patch metadata or lead to a type that
 * does; any field not listed has no metadata (maps merge, lists are replaced).
 * Lists upstream marks atomic without patch tags (node taints, endpoints
 * subsets, EndpointSlice endpoints/ports, RBAC rules and subjects,
 * tolerations, ...) are deliberately absent: a strategic patch replaces them.
 */

/**
 * Upstream patch strategy string, exactly as it appears in struct tags and in
 * `x-kubernetes-patch-strategy` (comma separated when several apply).
 */
export type PatchStrategy = 'merge' | 'replace' | 'retainKeys' | 'merge,retainKeys';

/** Patch metadata of one field of a type. */
export interface PatchFieldMeta {
  /** Patch strategy; absent means "no strategy" (lists replaced, maps merged). */
  strategy?: PatchStrategy;
  /** Merge key of list elements; only with a `merge` strategy on lists of objects. */
  mergeKey?: string;
  /** Name (in {@link PATCH_TYPES}) of the field's type, or of its list elements' type. */
  type?: string;
}

/** A type's fields that carry (or lead to) patch metadata, keyed by JSON field name. */
export type PatchTypeMeta = Readonly<Record<string, PatchFieldMeta>>;

const conditions = (): PatchFieldMeta => ({ strategy: 'merge', mergeKey: 'type' });
const byName = (type?: string): PatchFieldMeta => ({ strategy: 'merge', mergeKey: 'name', ...(type ? { type } : {}) });

/** Every named type with patch metadata, as upstream names the Go types. */
export const PATCH_TYPES: Readonly<Record<string, PatchTypeMeta>> = {
  // meta/v1
  ObjectMeta: {
    finalizers: { strategy: 'merge' },
    ownerReferences: { strategy: 'merge', mergeKey: 'uid' },
  },

  // core/v1: pods and their templates
  PodTemplateSpec: { metadata: { type: 'ObjectMeta' }, spec: { type: 'PodSpec' } },
  PodSpec: {
    volumes: { strategy: 'merge,retainKeys', mergeKey: 'name' },
    initContainers: byName('Container'),
    containers: byName('Container'),
    ephemeralContainers: byName('Container'),
    imagePullSecrets: byName(),
    hostAliases: { strategy: 'merge', mergeKey: 'ip' },
    topologySpreadConstraints: { strategy: 'merge', mergeKey: 'topologyKey' },
    resourceClaims: { strategy: 'merge,retainKeys', mergeKey: 'name' },
    schedulingGates: byName(),
  },
  // Container and EphemeralContainer (EphemeralContainerCommon) share their tags.
  Container: {
    ports: { strategy: 'merge', mergeKey: 'containerPort' },
    env: byName(),
    volumeMounts: { strategy: 'merge', mergeKey: 'mountPath' },
    volumeDevices: { strategy: 'merge', mergeKey: 'devicePath' },
  },
  PodStatus: {
    conditions: conditions(),
    podIPs: { strategy: 'merge', mergeKey: 'ip' },
    hostIPs: { strategy: 'merge', mergeKey: 'ip' },
    resourceClaimStatuses: { strategy: 'merge,retainKeys', mergeKey: 'name' },
  },

  // core/v1: other kinds
  NodeSpec: { podCIDRs: { strategy: 'merge' } },
  NodeStatus: {
    conditions: conditions(),
    addresses: { strategy: 'merge', mergeKey: 'type' },
  },
  ServiceSpec: { ports: { strategy: 'merge', mergeKey: 'port' } },
  ServiceStatus: { conditions: conditions() },
  ServiceAccount: { metadata: { type: 'ObjectMeta' }, secrets: byName() },
  NamespaceStatus: { conditions: conditions() },
  PersistentVolumeClaimStatus: { conditions: conditions() },
  PersistentVolumeClaimTemplate: { metadata: { type: 'ObjectMeta' } },
  ReplicationControllerSpec: { template: { type: 'PodTemplateSpec' } },
  ReplicationControllerStatus: { conditions: conditions() },

  // apps/v1
  DeploymentSpec: { template: { type: 'PodTemplateSpec' }, strategy: { strategy: 'retainKeys' } },
  DeploymentStatus: { conditions: conditions() },
  ReplicaSetSpec: { template: { type: 'PodTemplateSpec' } },
  ReplicaSetStatus: { conditions: conditions() },
  StatefulSetSpec: { template: { type: 'PodTemplateSpec' }, volumeClaimTemplates: { type: 'PersistentVolumeClaimTemplate' } },
  StatefulSetStatus: { conditions: conditions() },
  DaemonSetSpec: { template: { type: 'PodTemplateSpec' } },
  DaemonSetStatus: { conditions: conditions() },

  // batch/v1
  JobSpec: { template: { type: 'PodTemplateSpec' } },
  JobStatus: { conditions: conditions() },
  JobTemplateSpec: { metadata: { type: 'ObjectMeta' }, spec: { type: 'JobSpec' } },
  CronJobSpec: { jobTemplate: { type: 'JobTemplateSpec' } },

  // policy/v1, autoscaling/v2
  PodDisruptionBudgetStatus: { conditions: conditions() },
  HorizontalPodAutoscalerStatus: { conditions: conditions() },
};

/** A top-level object with metadata, spec and status of the named types. */
function kind(spec?: string, status?: string): PatchTypeMeta {
  const t: Record<string, PatchFieldMeta> = { metadata: { type: 'ObjectMeta' } };
  if (spec) t.spec = { type: spec };
  if (status) t.status = { type: status };
  return t;
}

/**
 * Root type of each built-in kind, keyed by `gkKey(group, kind)`. Every kind
 * served from `src/api/resources.ts` has a row: its presence is what makes
 * the kind accept strategic merge patches.
 */
export const KIND_PATCH_TYPES: Readonly<Record<string, PatchTypeMeta>> = {
  '/Namespace': kind(undefined, 'NamespaceStatus'),
  '/Pod': kind('PodSpec', 'PodStatus'),
  '/PodTemplate': { metadata: { type: 'ObjectMeta' }, template: { type: 'PodTemplateSpec' } },
  '/Node': kind('NodeSpec', 'NodeStatus'),
  '/Service': kind('ServiceSpec', 'ServiceStatus'),
  '/Endpoints': kind(),
  '/ConfigMap': kind(),
  '/Secret': kind(),
  '/ServiceAccount': PATCH_TYPES.ServiceAccount,
  '/Event': kind(),
  '/ReplicationController': kind('ReplicationControllerSpec', 'ReplicationControllerStatus'),
  '/PersistentVolume': kind(),
  '/PersistentVolumeClaim': kind(undefined, 'PersistentVolumeClaimStatus'),
  '/LimitRange': kind(),
  '/ResourceQuota': kind(),
  'apps/Deployment': kind('DeploymentSpec', 'DeploymentStatus'),
  'apps/ReplicaSet': kind('ReplicaSetSpec', 'ReplicaSetStatus'),
  'apps/StatefulSet': kind('StatefulSetSpec', 'StatefulSetStatus'),
  'apps/DaemonSet': kind('DaemonSetSpec', 'DaemonSetStatus'),
  'apps/ControllerRevision': kind(),
  'batch/Job': kind('JobSpec', 'JobStatus'),
  'batch/CronJob': kind('CronJobSpec'),
  'coordination.k8s.io/Lease': kind(),
  'discovery.k8s.io/EndpointSlice': kind(),
  'events.k8s.io/Event': kind(),
  'rbac.authorization.k8s.io/Role': kind(),
  'rbac.authorization.k8s.io/ClusterRole': kind(),
  'rbac.authorization.k8s.io/RoleBinding': kind(),
  'rbac.authorization.k8s.io/ClusterRoleBinding': kind(),
  'policy/PodDisruptionBudget': kind(undefined, 'PodDisruptionBudgetStatus'),
  'scheduling.k8s.io/PriorityClass': kind(),
  'certificates.k8s.io/CertificateSigningRequest': kind(),
  'autoscaling/HorizontalPodAutoscaler': kind(undefined, 'HorizontalPodAutoscalerStatus'),
  // The /scale subresource's body (autoscaling/v1 Scale) is built in too, so it takes strategic patches.
  'autoscaling/Scale': kind(),
  'networking.k8s.io/Ingress': kind(),
  'networking.k8s.io/IngressClass': kind(),
  'networking.k8s.io/NetworkPolicy': kind(),
  'storage.k8s.io/StorageClass': kind(),
  'apiextensions.k8s.io/CustomResourceDefinition': kind(),
};

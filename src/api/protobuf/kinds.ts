/**
 * Which apiVersion/kind pairs can arrive as protobuf, and their message.
 * These are the kinds kubectl's typed clients send (`kubectl create ...`,
 * `kubectl create token`) plus Eviction and DeleteOptions.
 */

/** `apiVersion/kind` -> schema message name. */
const KINDS: ReadonlyMap<string, string> = new Map([
  ['v1/ConfigMap', 'core.ConfigMap'],
  ['v1/Secret', 'core.Secret'],
  ['v1/Namespace', 'core.Namespace'],
  ['v1/ServiceAccount', 'core.ServiceAccount'],
  ['v1/Service', 'core.Service'],
  ['v1/ResourceQuota', 'core.ResourceQuota'],
  ['apps/v1/Deployment', 'apps.Deployment'],
  ['batch/v1/Job', 'batch.Job'],
  ['batch/v1/CronJob', 'batch.CronJob'],
  ['rbac.authorization.k8s.io/v1/Role', 'rbac.Role'],
  ['rbac.authorization.k8s.io/v1/ClusterRole', 'rbac.ClusterRole'],
  ['rbac.authorization.k8s.io/v1/RoleBinding', 'rbac.RoleBinding'],
  ['rbac.authorization.k8s.io/v1/ClusterRoleBinding', 'rbac.ClusterRoleBinding'],
  ['policy/v1/PodDisruptionBudget', 'policy.PodDisruptionBudget'],
  ['policy/v1/Eviction', 'policy.Eviction'],
  ['scheduling.k8s.io/v1/PriorityClass', 'scheduling.PriorityClass'],
  ['networking.k8s.io/v1/Ingress', 'networking.Ingress'],
  ['authentication.k8s.io/v1/TokenRequest', 'authentication.TokenRequest'],
]);

/** The schema message for a kind, or undefined when protobuf is not supported for it. */
export function messageForKind(apiVersion: string, kind: string): string | undefined {
  // DeleteOptions is registered in every group version, always the meta/v1 type.
  if (kind === 'DeleteOptions') return 'meta.DeleteOptions';
  return KINDS.get(`${apiVersion}/${kind}`);
}

/** Every supported `apiVersion/kind`, for docs and tests. */
export function supportedKinds(): string[] {
  return [...KINDS.keys()];
}

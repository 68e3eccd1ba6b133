/**
 * Defaulters of every built-in kind, keyed by {@link gkKey}. The API server
 * calls the matching one after decoding a create or update body.
 */
import { type Defaulter, gkKey } from '../types.ts';
import { defaultPod } from './pod.ts';
import { defaultDeployment, defaultReplicaSet, defaultStatefulSet, defaultDaemonSet, defaultReplicationController } from './apps.ts';
import { defaultJob, defaultCronJob } from './batch.ts';
import {
  defaultService, defaultSecret, defaultNamespace, defaultPersistentVolume, defaultPersistentVolumeClaim,
  defaultNode, defaultEndpoints, defaultLimitRange,
} from './core.ts';
import {
  defaultHorizontalPodAutoscaler, defaultNetworkPolicy, defaultPriorityClass, defaultStorageClass,
  defaultRbacBinding, defaultEndpointSlice,
} from './other-groups.ts';

export { defaultPodSpec, defaultPodTemplate, defaultContainer, defaultPullPolicy } from './pod-spec.ts';

/** Defaulters by `gkKey(group, kind)`; kinds without upstream defaults are absent. */
export const defaulters: Record<string, Defaulter> = {
  [gkKey('', 'Pod')]: defaultPod,
  [gkKey('', 'Service')]: defaultService,
  [gkKey('', 'Secret')]: defaultSecret,
  [gkKey('', 'Namespace')]: defaultNamespace,
  [gkKey('', 'Node')]: defaultNode,
  [gkKey('', 'Endpoints')]: defaultEndpoints,
  [gkKey('', 'ReplicationController')]: defaultReplicationController,
  [gkKey('', 'PersistentVolume')]: defaultPersistentVolume,
  [gkKey('', 'PersistentVolumeClaim')]: defaultPersistentVolumeClaim,
  [gkKey('', 'LimitRange')]: defaultLimitRange,
  [gkKey('apps', 'Deployment')]: defaultDeployment,
  [gkKey('apps', 'ReplicaSet')]: defaultReplicaSet,
  [gkKey('apps', 'StatefulSet')]: defaultStatefulSet,
  [gkKey('apps', 'DaemonSet')]: defaultDaemonSet,
  [gkKey('batch', 'Job')]: defaultJob,
  [gkKey('batch', 'CronJob')]: defaultCronJob,
  [gkKey('autoscaling', 'HorizontalPodAutoscaler')]: defaultHorizontalPodAutoscaler,
  [gkKey('networking.k8s.io', 'NetworkPolicy')]: defaultNetworkPolicy,
  [gkKey('scheduling.k8s.io', 'PriorityClass')]: defaultPriorityClass,
  [gkKey('storage.k8s.io', 'StorageClass')]: defaultStorageClass,
  [gkKey('rbac.authorization.k8s.io', 'RoleBinding')]: defaultRbacBinding,
  [gkKey('rbac.authorization.k8s.io', 'ClusterRoleBinding')]: defaultRbacBinding,
  [gkKey('discovery.k8s.io', 'EndpointSlice')]: defaultEndpointSlice,
};

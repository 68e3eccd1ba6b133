/**
 * Validators of every built-in kind, keyed by {@link gkKey}. Each includes
 * the ObjectMeta checks, and the update rules when given the old object.
 */
import { type Validator, gkKey } from '../types.ts';
import { validatePod } from './pod.ts';
import { validateService } from './service.ts';
import { validateConfigMap, validateSecret } from './config.ts';
import {
  validateNamespace, validateNode, validateServiceAccount, validateEvent, validateEndpoints, validatePersistentVolume,
  validatePersistentVolumeClaim, validateLimitRange, validateResourceQuota,
} from './core-other.ts';
import {
  validateDeployment, validateReplicaSet, validateStatefulSet, validateDaemonSet, validateControllerRevision,
  validateReplicationController,
} from './apps.ts';
import { validateJob, validateCronJob } from './batch.ts';
import { validateRole, validateClusterRole, validateRoleBinding, validateClusterRoleBinding } from './rbac.ts';
import { validateIngress, validateIngressClass, validateNetworkPolicy } from './networking.ts';
import {
  validateLease, validateEndpointSlice, validateEventsV1Event, validatePodDisruptionBudget, validatePriorityClass,
  validateCertificateSigningRequest, validateHorizontalPodAutoscaler, validateStorageClass,
} from './other-groups.ts';
import { validateCustomResourceDefinition } from './apiextensions.ts';

export { validateObjectMeta, validateObjectMetaUpdate, type ObjectMetaOptions } from './object-meta.ts';
export { invalidError } from './invalid-error.ts';
export { validatePodSpec } from './pod-spec.ts';
export * as fieldErrors from './field-errors.ts';
export * as names from './names.ts';

/** Validators by `gkKey(group, kind)`, one for every kind in the resource table. */
export const validators: Record<string, Validator> = {
  [gkKey('', 'Namespace')]: validateNamespace,
  [gkKey('', 'Pod')]: validatePod,
  [gkKey('', 'Node')]: validateNode,
  [gkKey('', 'Service')]: validateService,
  [gkKey('', 'Endpoints')]: validateEndpoints,
  [gkKey('', 'ConfigMap')]: validateConfigMap,
  [gkKey('', 'Secret')]: validateSecret,
  [gkKey('', 'ServiceAccount')]: validateServiceAccount,
  [gkKey('', 'Event')]: validateEvent,
  [gkKey('', 'ReplicationController')]: validateReplicationController,
  [gkKey('', 'PersistentVolume')]: validatePersistentVolume,
  [gkKey('', 'PersistentVolumeClaim')]: validatePersistentVolumeClaim,
  [gkKey('', 'LimitRange')]: validateLimitRange,
  [gkKey('', 'ResourceQuota')]: validateResourceQuota,
  [gkKey('apps', 'Deployment')]: validateDeployment,
  [gkKey('apps', 'ReplicaSet')]: validateReplicaSet,
  [gkKey('apps', 'StatefulSet')]: validateStatefulSet,
  [gkKey('apps', 'DaemonSet')]: validateDaemonSet,
  [gkKey('apps', 'ControllerRevision')]: validateControllerRevision,
  [gkKey('batch', 'Job')]: validateJob,
  [gkKey('batch', 'CronJob')]: validateCronJob,
  [gkKey('coordination.k8s.io', 'Lease')]: validateLease,
  [gkKey('discovery.k8s.io', 'EndpointSlice')]: validateEndpointSlice,
  [gkKey('events.k8s.io', 'Event')]: validateEventsV1Event,
  [gkKey('rbac.authorization.k8s.io', 'Role')]: validateRole,
  [gkKey('rbac.authorization.k8s.io', 'ClusterRole')]: validateClusterRole,
  [gkKey('rbac.authorization.k8s.io', 'RoleBinding')]: validateRoleBinding,
  [gkKey('rbac.authorization.k8s.io', 'ClusterRoleBinding')]: validateClusterRoleBinding,
  [gkKey('policy', 'PodDisruptionBudget')]: validatePodDisruptionBudget,
  [gkKey('scheduling.k8s.io', 'PriorityClass')]: validatePriorityClass,
  [gkKey('certificates.k8s.io', 'CertificateSigningRequest')]: validateCertificateSigningRequest,
  [gkKey('autoscaling', 'HorizontalPodAutoscaler')]: validateHorizontalPodAutoscaler,
  [gkKey('networking.k8s.io', 'Ingress')]: validateIngress,
  [gkKey('networking.k8s.io', 'IngressClass')]: validateIngressClass,
  [gkKey('networking.k8s.io', 'NetworkPolicy')]: validateNetworkPolicy,
  [gkKey('storage.k8s.io', 'StorageClass')]: validateStorageClass,
  [gkKey('apiextensions.k8s.io', 'CustomResourceDefinition')]: validateCustomResourceDefinition,
};

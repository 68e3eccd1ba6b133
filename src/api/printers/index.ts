/**
 * Table printers by kind, as upstream's pkg/printers/internalversion
 * registers them. Kinds without an entry use {@link defaultPrinter}.
 */
import { gkKey, type Printer } from '../types.ts';
import { podPrinter } from './pod.ts';
import {
  configMapPrinter, endpointsPrinter, namespacePrinter, nodePrinter, secretPrinter, serviceAccountPrinter, servicePrinter,
} from './core.ts';
import {
  controllerRevisionPrinter, cronJobPrinter, daemonSetPrinter, deploymentPrinter, jobPrinter, replicaSetPrinter,
  replicationControllerPrinter, statefulSetPrinter,
} from './workloads.ts';
import { persistentVolumeClaimPrinter, persistentVolumePrinter, resourceQuotaPrinter, storageClassPrinter } from './storage.ts';
import { eventPrinter } from './events.ts';
import { horizontalPodAutoscalerPrinter } from './autoscaling.ts';
import {
  certificateSigningRequestPrinter, clusterRoleBindingPrinter, endpointSlicePrinter, ingressClassPrinter, ingressPrinter,
  leasePrinter, networkPolicyPrinter, podDisruptionBudgetPrinter, priorityClassPrinter, roleBindingPrinter,
} from './cluster.ts';

export { defaultPrinter, toTable, type Table, type TablePrinter, type IncludeObject } from './table.ts';
export { humanDuration } from './duration.ts';

/**
 * Printers keyed by gkKey(group, kind). LimitRange, Role and ClusterRole have
 * no upstream printer and fall back to the default (NAME, CREATED AT).
 */
export const printers: Record<string, Printer> = {
  [gkKey('', 'Pod')]: podPrinter,
  [gkKey('', 'Namespace')]: namespacePrinter,
  [gkKey('', 'Node')]: nodePrinter,
  [gkKey('', 'Service')]: servicePrinter,
  [gkKey('', 'Endpoints')]: endpointsPrinter,
  [gkKey('', 'ConfigMap')]: configMapPrinter,
  [gkKey('', 'Secret')]: secretPrinter,
  [gkKey('', 'ServiceAccount')]: serviceAccountPrinter,
  [gkKey('', 'Event')]: eventPrinter,
  [gkKey('', 'ReplicationController')]: replicationControllerPrinter,
  [gkKey('', 'PersistentVolume')]: persistentVolumePrinter,
  [gkKey('', 'PersistentVolumeClaim')]: persistentVolumeClaimPrinter,
  [gkKey('', 'ResourceQuota')]: resourceQuotaPrinter,
  [gkKey('apps', 'Deployment')]: deploymentPrinter,
  [gkKey('apps', 'ReplicaSet')]: replicaSetPrinter,
  [gkKey('apps', 'StatefulSet')]: statefulSetPrinter,
  [gkKey('apps', 'DaemonSet')]: daemonSetPrinter,
  [gkKey('apps', 'ControllerRevision')]: controllerRevisionPrinter,
  [gkKey('batch', 'Job')]: jobPrinter,
  [gkKey('batch', 'CronJob')]: cronJobPrinter,
  [gkKey('coordination.k8s.io', 'Lease')]: leasePrinter,
  [gkKey('discovery.k8s.io', 'EndpointSlice')]: endpointSlicePrinter,
  [gkKey('events.k8s.io', 'Event')]: eventPrinter,
  [gkKey('rbac.authorization.k8s.io', 'RoleBinding')]: roleBindingPrinter,
  [gkKey('rbac.authorization.k8s.io', 'ClusterRoleBinding')]: clusterRoleBindingPrinter,
  [gkKey('policy', 'PodDisruptionBudget')]: podDisruptionBudgetPrinter,
  [gkKey('scheduling.k8s.io', 'PriorityClass')]: priorityClassPrinter,
  [gkKey('certificates.k8s.io', 'CertificateSigningRequest')]: certificateSigningRequestPrinter,
  [gkKey('autoscaling', 'HorizontalPodAutoscaler')]: horizontalPodAutoscalerPrinter,
  [gkKey('networking.k8s.io', 'Ingress')]: ingressPrinter,
  [gkKey('networking.k8s.io', 'IngressClass')]: ingressClassPrinter,
  [gkKey('networking.k8s.io', 'NetworkPolicy')]: networkPolicyPrinter,
  [gkKey('storage.k8s.io', 'StorageClass')]: storageClassPrinter,
};

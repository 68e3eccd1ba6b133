/**
 * apps/v1 messages (k8s.io/api/apps/v1/generated.proto).
 * Field lines: see ../types.ts. Fields are listed in Go struct order.
 */
import type { SchemaSource } from '../types.ts';

export const appsSchema: SchemaSource = {
  'apps.Deployment': ['1 metadata meta.ObjectMeta!', '2 spec apps.DeploymentSpec!', '3 status apps.DeploymentStatus!'],
  'apps.DeploymentSpec': [
    '1 replicas int32?', '2 selector meta.LabelSelector?', '3 template core.PodTemplateSpec!', '4 strategy apps.DeploymentStrategy!',
    '5 minReadySeconds int32', '6 revisionHistoryLimit int32?', '7 paused bool', '9 progressDeadlineSeconds int32?',
  ],
  'apps.DeploymentStrategy': ['1 type string', '2 rollingUpdate apps.RollingUpdateDeployment?'],
  'apps.RollingUpdateDeployment': ['1 maxUnavailable IntOrString?', '2 maxSurge IntOrString?'],
  'apps.DeploymentStatus': [
    '1 observedGeneration int64', '2 replicas int32', '3 updatedReplicas int32', '7 readyReplicas int32',
    '4 availableReplicas int32', '5 unavailableReplicas int32', '9 terminatingReplicas int32?',
    '6 conditions []apps.DeploymentCondition', '8 collisionCount int32?',
  ],
  'apps.DeploymentCondition': [
    '1 type string!', '2 status string!', '6 lastUpdateTime Time!', '7 lastTransitionTime Time!', '4 reason string', '5 message string',
  ],
};

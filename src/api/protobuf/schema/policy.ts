/**
 * policy/v1 messages (k8s.io/api/policy/v1/generated.proto).
 * Field lines: see ../types.ts. Fields are listed in Go struct order.
 */
import type { SchemaSource } from '../types.ts';

export const policySchema: SchemaSource = {
  'policy.PodDisruptionBudget': [
    '1 metadata meta.ObjectMeta!', '2 spec policy.PodDisruptionBudgetSpec!', '3 status policy.PodDisruptionBudgetStatus!',
  ],
  'policy.PodDisruptionBudgetSpec': [
    '1 minAvailable IntOrString?', '2 selector meta.LabelSelector?', '3 maxUnavailable IntOrString?',
    '4 unhealthyPodEvictionPolicy string?',
  ],
  'policy.PodDisruptionBudgetStatus': [
    '1 observedGeneration int64', '2 disruptedPods map[string]Time', '3 disruptionsAllowed int32!', '4 currentHealthy int32!',
    '5 desiredHealthy int32!', '6 expectedPods int32!', '7 conditions []meta.Condition',
  ],
  'policy.Eviction': ['1 metadata meta.ObjectMeta!', '2 deleteOptions meta.DeleteOptions?'],
};

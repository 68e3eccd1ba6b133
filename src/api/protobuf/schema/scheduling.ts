/**
 * scheduling.k8s.io/v1 messages (k8s.io/api/scheduling/v1/generated.proto).
 * Field lines: see ../types.ts. Fields are listed in Go struct order.
 */
import type { SchemaSource } from '../types.ts';

export const schedulingSchema: SchemaSource = {
  'scheduling.PriorityClass': [
    '1 metadata meta.ObjectMeta!', '2 value int32!', '3 globalDefault bool', '4 description string', '5 preemptionPolicy string?',
  ],
};

/**
 * batch/v1 messages (k8s.io/api/batch/v1/generated.proto).
 * Field lines: see ../types.ts. Fields are listed in Go struct order.
 */
import type { SchemaSource } from '../types.ts';

export const batchSchema: SchemaSource = {
  'batch.Job': ['1 metadata meta.ObjectMeta!', '2 spec batch.JobSpec!', '3 status batch.JobStatus!'],
  'batch.JobSpec': [
    '1 parallelism int32?', '2 completions int32?', '3 activeDeadlineSeconds int64?', '11 podFailurePolicy batch.PodFailurePolicy?',
    '16 successPolicy batch.SuccessPolicy?', '7 backoffLimit int32?', '12 backoffLimitPerIndex int32?', '13 maxFailedIndexes int32?',
    '4 selector meta.LabelSelector?', '5 manualSelector bool?', '6 template core.PodTemplateSpec!', '8 ttlSecondsAfterFinished int32?',
    '9 completionMode string?', '10 suspend bool?', '14 podReplacementPolicy string?', '15 managedBy string?',
  ],
  'batch.PodFailurePolicy': ['1 rules []batch.PodFailurePolicyRule!'],
  'batch.PodFailurePolicyRule': [
    '1 action string!', '2 onExitCodes batch.PodFailurePolicyOnExitCodesRequirement?',
    '3 onPodConditions []batch.PodFailurePolicyOnPodConditionsPattern',
  ],
  'batch.PodFailurePolicyOnExitCodesRequirement': ['1 containerName string?', '2 operator string!', '3 values []int32!'],
  'batch.PodFailurePolicyOnPodConditionsPattern': ['1 type string!', '2 status string!'],
  'batch.SuccessPolicy': ['1 rules []batch.SuccessPolicyRule!'],
  'batch.SuccessPolicyRule': ['1 succeededIndexes string?', '2 succeededCount int32?'],
  'batch.JobStatus': [
    '1 conditions []batch.JobCondition', '2 startTime Time?', '3 completionTime Time?', '4 active int32', '5 succeeded int32',
    '6 failed int32', '11 terminating int32?', '7 completedIndexes string', '10 failedIndexes string?',
    '8 uncountedTerminatedPods batch.UncountedTerminatedPods?', '9 ready int32?',
  ],
  'batch.JobCondition': [
    '1 type string!', '2 status string!', '3 lastProbeTime Time!', '4 lastTransitionTime Time!', '5 reason string', '6 message string',
  ],
  'batch.UncountedTerminatedPods': ['1 succeeded []string', '2 failed []string'],
  'batch.CronJob': ['1 metadata meta.ObjectMeta!', '2 spec batch.CronJobSpec!', '3 status batch.CronJobStatus!'],
  'batch.CronJobSpec': [
    '1 schedule string!', '8 timeZone string?', '2 startingDeadlineSeconds int64?', '3 concurrencyPolicy string', '4 suspend bool?',
    '5 jobTemplate batch.JobTemplateSpec!', '6 successfulJobsHistoryLimit int32?', '7 failedJobsHistoryLimit int32?',
  ],
  'batch.JobTemplateSpec': ['1 metadata meta.ObjectMeta!', '2 spec batch.JobSpec!'],
  'batch.CronJobStatus': ['1 active []core.ObjectReference', '4 lastScheduleTime Time?', '5 lastSuccessfulTime Time?'],
};

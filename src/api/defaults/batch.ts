/**
 * batch/v1 defaults: Job (including the generated selector and labels the
 * Job strategy adds) and CronJob.
 */
import type { KObject } from '../types.ts';
import { defaultPodTemplate } from './pod-spec.ts';
import { type Obj, setDefault, child, isObj } from './util.ts';

/** Label keys the Job strategy stamps on the pod template and selector. */
export const JOB_LABELS = {
  controllerUid: 'batch.kubernetes.io/controller-uid',
  jobName: 'batch.kubernetes.io/job-name',
  legacyControllerUid: 'controller-uid',
  legacyJobName: 'job-name',
} as const;

/**
 * Unless `manualSelector`, a Job selects its pods by its own uid: selector
 * matchLabels controller-uid=<uid>, and the template carries both the new
 * (batch.kubernetes.io/...) and the legacy label names. Needs metadata.uid,
 * which the API server assigns before defaulting.
 */
function generateSelector(job: KObject, spec: Obj): void {
  const uid = job.metadata.uid;
  if (spec.manualSelector === true || !uid) return;
  const template = child(spec, 'template');
  const meta = child(template, 'metadata');
  const labels = child(meta, 'labels');
  const name = job.metadata.name ?? '';
  setDefault(labels, JOB_LABELS.controllerUid, uid);
  setDefault(labels, JOB_LABELS.jobName, name);
  setDefault(labels, JOB_LABELS.legacyControllerUid, uid);
  setDefault(labels, JOB_LABELS.legacyJobName, name);
  if (!isObj(spec.selector)) spec.selector = { matchLabels: { [JOB_LABELS.controllerUid]: uid } };
}

/** Job: parallelism/completions 1 (completions only when parallelism is unset too), backoffLimit 6. */
export function defaultJob(job: KObject): void {
  const spec = child(job, 'spec');
  // Upstream: both unset -> both 1; only completions unset -> completions stays unset (work queue).
  if (spec.completions == null && spec.parallelism == null) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  setDefault(spec, 'parallelism', 1);
  setDefault(spec, 'completionMode', 'NonIndexed');
  // Indexed jobs with a per-index limit default backoffLimit to "unlimited" (max int32).
  setDefault(spec, 'backoffLimit', spec.backoffLimitPerIndex != null ? 2147483647 : 6);
  setDefault(spec, 'suspend', false);
  if (isObj(spec.podFailurePolicy) && Array.isArray(spec.podFailurePolicy.rules)) {
    for (const r of spec.podFailurePolicy.rules) {
      if (!isObj(r)) continue;
      for (const p of Array.isArray(r.onPodConditions) ? r.onPodConditions : []) {
        if (isObj(p)) setDefault(p, 'status', 'True');
      }
    }
  }
  setDefault(spec, 'podReplacementPolicy', isObj(spec.podFailurePolicy) ? 'Failed' : 'TerminatingOrFailed');
  generateSelector(job, spec);
  defaultPodTemplate(spec.template);
}

/** CronJob: Allow concurrency, not suspended, keep 3 successful and 1 failed job. */
export function defaultCronJob(cj: KObject): void {
  const spec = child(cj, 'spec');
  setDefault(spec, 'concurrencyPolicy', 'Allow');
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'successfulJobsHistoryLimit', 3);
  setDefault(spec, 'failedJobsHistoryLimit', 1);
  // Upstream defaults the Job object, not JobSpec, so a job template only gets pod template defaults.
  const js = child(child(spec, 'jobTemplate'), 'spec');
  defaultPodTemplate(js.template);
}

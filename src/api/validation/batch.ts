/**
 * batch/v1 validation: Job and CronJob (whose jobTemplate gets the Job
 * spec rules at `spec.jobTemplate.spec`).
 */
import type { FieldError, KObject } from '../types.ts';
import { immutable, invalid, notSupported, required } from './field-errors.ts';
import { nonNegative } from './common.ts';
import { cronError } from './cron.ts';
import { selectorMatches, validateLabelSelector } from './label-selector.ts';
import { validateAnnotations, validateLabels, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { validatePodTemplate } from './pod-template.ts';
import { type Obj, isObj, obj } from './util.ts';

const JOB_RESTART = ['OnFailure', 'Never'];
const COMPLETION_MODES = ['NonIndexed', 'Indexed'];
const CONCURRENCY = ['Allow', 'Forbid', 'Replace'];
/** CronJob names leave room for the 11-character scheduled-time suffix of their Jobs. */
const CRONJOB_NAME_MAX = 52;

/** JobSpec rules at path `p`; `requireSelector` is false for CronJob templates (generated later). */
function validateJobSpec(spec: Obj, p: string, requireSelector: boolean): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of ['parallelism', 'completions', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes']) {
    errs.push(...nonNegative(spec[f], `${p}.${f}`));
  }
  if (spec.activeDeadlineSeconds != null && !(typeof spec.activeDeadlineSeconds === 'number' && spec.activeDeadlineSeconds > 0)) {
    errs.push(invalid(`${p}.activeDeadlineSeconds`, spec.activeDeadlineSeconds, 'must be greater than 0'));
  }
  if (spec.completionMode !== undefined && !COMPLETION_MODES.includes(spec.completionMode)) {
    errs.push(notSupported(`${p}.completionMode`, spec.completionMode, COMPLETION_MODES));
  }
  if (spec.completionMode === 'Indexed') {
    if (spec.completions == null) errs.push(required(`${p}.completions`, 'when completion mode is Indexed'));
    else if (spec.completions > 100000) errs.push(invalid(`${p}.completions`, spec.completions, 'must be less than or equal to 100000 when completion mode is Indexed'));
  }
  if (isObj(spec.selector)) {
    errs.push(...validateLabelSelector(spec.selector, `${p}.selector`));
    const labels = obj(obj(obj(spec.template).metadata).labels) as Record<string, string>;
    if (!selectorMatches(spec.selector, labels)) {
      errs.push(invalid(`${p}.template.metadata.labels`, labels, '`selector` does not match template `labels`'));
    }
  } else if (requireSelector) {
    errs.push(required(`${p}.selector`));
  }
  errs.push(...validatePodTemplate(spec.template, `${p}.template`, JOB_RESTART));
  return errs;
}

/** Job; on update the selector, completion mode and (unless suspended) template are immutable. */
export function validateJob(job: KObject, old?: KObject): FieldError[] {
  const errs = validateObjectMeta(job, { namespaced: true });
  const spec = obj(job.spec);
  errs.push(...validateJobSpec(spec, 'spec', true));
  if (!old) return errs;
  const before = obj(old.spec);
  errs.push(...validateObjectMetaUpdate(job, old));
  errs.push(...immutable('spec.selector', spec.selector, before.selector));
  errs.push(...immutable('spec.completionMode', spec.completionMode, before.completionMode));
  // Indexed jobs may scale completions together with parallelism (elastic indexed jobs).
  const elastic = spec.completionMode === 'Indexed' && spec.completions === spec.parallelism;
  if (!elastic) errs.push(...immutable('spec.completions', spec.completions, before.completions));
  // A suspended job that never started may change scheduling directives of its template.
  if (before.suspend !== true) errs.push(...immutable('spec.template', spec.template, before.template));
  return errs;
}

/** CronJob: schedule, policies, history limits, and the job template. */
export function validateCronJob(cj: KObject, old?: KObject): FieldError[] {
  const errs = validateObjectMeta(cj, { namespaced: true });
  const name = cj.metadata?.name;
  if (typeof name === 'string' && name.length > CRONJOB_NAME_MAX) {
    errs.push(invalid('metadata.name', name, `must be no more than ${CRONJOB_NAME_MAX} characters`));
  }
  if (old) errs.push(...validateObjectMetaUpdate(cj, old));
  const spec = obj(cj.spec);
  if (!spec.schedule) errs.push(required('spec.schedule'));
  else if (typeof spec.schedule === 'string' && /(^|\s)(CRON_)?TZ=/.test(spec.schedule)) {
    errs.push(invalid('spec.schedule', spec.schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  } else {
    const e = cronError(String(spec.schedule));
    if (e) errs.push(invalid('spec.schedule', spec.schedule, e));
  }
  if (spec.timeZone != null && (typeof spec.timeZone !== 'string' || !isTimeZone(spec.timeZone))) {
    errs.push(invalid('spec.timeZone', spec.timeZone, `unknown time zone ${spec.timeZone}`));
  }
  if (!spec.concurrencyPolicy) errs.push(required('spec.concurrencyPolicy'));
  else if (!CONCURRENCY.includes(spec.concurrencyPolicy)) errs.push(notSupported('spec.concurrencyPolicy', spec.concurrencyPolicy, CONCURRENCY));
  for (const f of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) {
    errs.push(...nonNegative(spec[f], `spec.${f}`));
  }
  const jt = obj(spec.jobTemplate);
  errs.push(...validateLabels(obj(jt.metadata).labels, 'spec.jobTemplate.metadata.labels'));
  errs.push(...validateAnnotations(obj(jt.metadata).annotations, 'spec.jobTemplate.metadata.annotations'));
  errs.push(...validateJobSpec(obj(jt.spec), 'spec.jobTemplate.spec', false));
  return errs;
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * One Job reconcile: count finished pods exactly once (tracking.ts), then
 * decide: a failure (podFailurePolicy FailJob, backoffLimit, deadline)
 * sets FailureTarget, removes active pods and ends in Failed; reaching the
 * completions sets SuccessCriteriaMet and ends in Complete; suspend removes
 * active pods; otherwise pods are created or deleted (manage.ts).
 */
import type { Clock } from '../../../base/clock.ts';
import type { Logger } from '../../../base/logger.ts';
import type { KObject } from '../../../api/types.ts';
import { compileLabelSelectorObject } from '../../../api/selectors/labels.ts';
import type { KubeClient } from '../../../client/types.ts';
import type { EventRecorder } from '../../../client/event-recorder.ts';
import type { SyncResult } from '../types.ts';
import type { CacheView } from '../workload-common/cache-view.ts';
import type { Expectations } from '../workload-common/expectations.ts';
import { claimPods } from '../workload-common/claim-pods.ts';
import { isPodActive, isPodReady, isPodTerminal } from '../workload-common/pod-state.ts';
import { JOBS, PODS, at } from '../workload-common/resources.ts';
import { isK8sError } from '../../../base/errors.ts';
import { hasTrackingFinalizer, withoutTrackingFinalizer } from './job-pods.ts';
import { isFinished, setCondition, trueCondition, type JobCondition } from './conditions.ts';
import { formatIndexes } from './indexes.ts';
import { deleteJobPod, JOB_KIND, managePods } from './manage.ts';
import { trackPods } from './tracking.ts';

/** What sync reads and writes through. */
export interface JobDeps {
  client: KubeClient;
  logger: Logger;
  clock: Clock;
  jobs: CacheView;
  pods: CacheView;
  expectations: Expectations;
  /** SuccessfulCreate/Completed events; optional so unit tests need none. */
  recorder?: EventRecorder;
}

const BACKOFF = ['BackoffLimitExceeded', 'Job has reached the specified backoff limit'] as const;
const DEADLINE = ['DeadlineExceeded', 'Job was active longer than specified deadline'] as const;
const COMPLETIONS = ['CompletionsReached', 'Reached expected number of succeeded pods'] as const;

/**
 * Remove the tracking finalizer from pods controlled by a Job that is gone
 * or being deleted, as upstream does for orphan pods; otherwise they (and
 * their namespace) could never be deleted.
 */
async function releaseOrphanPods(d: JobDeps, ns: string, name: string, uid?: string): Promise<void> {
  const held = d.pods.list(ns).filter((p) => hasTrackingFinalizer(p) && (p.metadata.ownerReferences ?? []).some(
    (o) => o.controller && o.kind === 'Job' && o.name === name && (uid === undefined || o.uid === uid)));
  await Promise.all(held.map(async (p) => {
    try {
      await d.client.update(at(PODS, ns, p.metadata.name), withoutTrackingFinalizer(p));
    } catch (e) {
      if (!isK8sError(e, 'NotFound') && !isK8sError(e, 'Conflict')) throw e;
    }
  }));
}

/** Reconcile the Job `namespace/name`. */
export async function syncJob(d: JobDeps, key: string): Promise<SyncResult> {
  const [ns, name] = key.split('/') as [string, string];
  const cached = d.jobs.get(name, ns);
  if (!cached) {
    d.expectations.delete(key);
    await releaseOrphanPods(d, ns, name);
    return {};
  }
  if (cached.metadata.deletionTimestamp) {
    // The Job is going: its pods must not be held by our finalizer (the GC or the namespace deletes them).
    await releaseOrphanPods(d, ns, name, cached.metadata.uid);
    return {};
  }
  if (!d.expectations.satisfied(key)) return {};
  const job = structuredClone(cached);
  const now = d.clock.now();
  const nowIso = new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const pods = await claimPods(d.client, job, 'batch/v1', 'Job', d.pods.list(ns), compileLabelSelectorObject(job.spec?.selector));
  const st = job.status ?? {};
  let conds = [...(st.conditions ?? [])] as JobCondition[];
  const ending = !!(trueCondition(job, 'FailureTarget') || trueCondition(job, 'SuccessCriteriaMet') || isFinished(job));
  const suspend = job.spec?.suspend === true;
  const t = await trackPods(d.client, job, pods, !ending && !suspend);
  let active = pods.filter(isPodActive);
  const terminating = pods.filter((p) => p.metadata.deletionTimestamp && !isPodTerminal(p)).length;
  if (isFinished(job)) {
    // Finished: only make sure no pod keeps running.
    await Promise.all(active.map((p) => deleteJobPod(d.client, d.expectations, key, p)));
    return {};
  }
  let startTime = st.startTime as string | undefined;
  const wasSuspended = trueCondition(job, 'Suspended');
  const completions = job.spec?.completions == null ? undefined : Number(job.spec.completions);
  const succeeded = t.succeeded + t.uncounted.succeeded.length;
  const failed = t.failed + t.uncounted.failed.length;
  const ads = job.spec?.activeDeadlineSeconds == null ? undefined : Number(job.spec.activeDeadlineSeconds);
  let fail = trueCondition(job, 'FailureTarget') ? undefined : failure();
  function failure(): readonly [string, string] | undefined {
    if (t.failJob) return ['PodFailurePolicy', t.failJob];
    if (failed > Number(job.spec?.backoffLimit ?? 6)) return BACKOFF;
    if (ads !== undefined && startTime && !suspend && now - Date.parse(startTime) >= ads * 1000) return DEADLINE;
    return undefined;
  }
  const done = job.spec?.completionMode === 'Indexed' && completions !== undefined
    ? t.completed.size >= completions
    : completions !== undefined ? succeeded >= completions : succeeded > 0 && active.length === 0;
  let requeueAfterMs: number | undefined;
  let activeCount: number | undefined;
  let completionTime = st.completionTime as string | undefined;
  /** The event of a Job that finishes in this sync, sent once its status is written (a stale retry conflicts instead). */
  let finished: ['Normal' | 'Warning', string, string] | undefined;
  if (fail || trueCondition(job, 'FailureTarget')) {
    if (fail) conds = setCondition(conds, 'FailureTarget', 'True', fail[0], fail[1], nowIso);
    fail ??= (() => { const c = trueCondition(job, 'FailureTarget') as JobCondition; return [c.reason ?? '', c.message ?? ''] as const; })();
    await Promise.all(active.map((p) => deleteJobPod(d.client, d.expectations, key, p)));
    active = [];
    if (t.uncounted.failed.length + t.uncounted.succeeded.length === 0) {
      conds = setCondition(conds, 'Failed', 'True', fail[0], fail[1], nowIso);
      finished = ['Warning', fail[0], fail[1]];
    }
  } else if (done || trueCondition(job, 'SuccessCriteriaMet')) {
    conds = setCondition(conds, 'SuccessCriteriaMet', 'True', COMPLETIONS[0], COMPLETIONS[1], nowIso);
    await Promise.all(active.map((p) => deleteJobPod(d.client, d.expectations, key, p)));
    active = [];
    if (t.uncounted.failed.length + t.uncounted.succeeded.length === 0) {
      conds = setCondition(conds, 'Complete', 'True', COMPLETIONS[0], COMPLETIONS[1], nowIso);
      completionTime ??= nowIso;
      finished = ['Normal', 'Completed', 'Job completed'];
    }
  } else if (suspend) {
    await Promise.all(active.map((p) => deleteJobPod(d.client, d.expectations, key, p)));
    active = [];
    conds = setCondition(conds, 'Suspended', 'True', 'JobSuspended', 'Job suspended', nowIso);
  } else {
    if (wasSuspended) {
      conds = setCondition(conds, 'Suspended', 'False', 'JobResumed', 'Job resumed', nowIso);
      // The deadline counts from the resume, as upstream.
      startTime = nowIso;
    }
    startTime ??= nowIso;
    const r = await managePods(d.client, d.expectations, key, job, active, terminating, t, now, d.recorder);
    requeueAfterMs = r.requeueAfterMs;
    const count = active.length + r.created - r.deleted;
    if (ads !== undefined) {
      const left = Date.parse(startTime) + ads * 1000 - now;
      requeueAfterMs = Math.min(requeueAfterMs ?? left, left);
    }
    activeCount = count;
  }
  const status: Record<string, unknown> = {
    ...st, conditions: conds.length ? conds : undefined, startTime, completionTime,
    active: activeCount ?? active.length, ready: active.filter(isPodReady).length,
    succeeded: t.succeeded, failed: t.failed, terminating, uncountedTerminatedPods: compactUncounted(t.uncounted),
  };
  if (job.spec?.completionMode === 'Indexed') status.completedIndexes = formatIndexes(t.completed);
  for (const k of ['active', 'succeeded', 'failed']) if (status[k] === 0) delete status[k];
  if (JSON.stringify(status) !== JSON.stringify(st)) {
    // Compare-and-swap: a status computed from a stale cache must not overwrite counts.
    await d.client.update(at(JOBS, ns, name, 'status'), { ...job, status });
    if (finished) d.recorder?.event(job, finished[0], finished[1], finished[2], JOB_KIND);
  }
  // A finishing Job is looked at again soon so Complete/Failed follows once pods are released.
  if (fail || done) requeueAfterMs = Math.min(requeueAfterMs ?? 1000, 1000);
  return requeueAfterMs === undefined ? {} : { requeueAfterMs: Math.max(0, requeueAfterMs) };
}

/** Upstream omits empty uid lists: `{}` once everything is counted. */
function compactUncounted(u: { succeeded: string[]; failed: string[] }): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (u.succeeded.length) out.succeeded = u.succeeded;
  if (u.failed.length) out.failed = u.failed;
  return out;
}

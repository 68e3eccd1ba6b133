/**
 * One CronJob reconcile: refresh status.active from the Jobs it owns,
 * record lastSuccessfulTime, trim finished Jobs to the history limits,
 * then (unless suspended) start the Job for the most recent due time,
 * honouring startingDeadlineSeconds and concurrencyPolicy, and come back
 * at the next activation.
 */
import { isK8sError } from '../../../base/errors.ts';
import type { Clock } from '../../../base/clock.ts';
import type { Logger } from '../../../base/logger.ts';
import type { KObject } from '../../../api/types.ts';
import type { KubeClient } from '../../../client/types.ts';
import type { SyncResult } from '../types.ts';
import type { CacheView } from '../workload-common/cache-view.ts';
import { isControlledBy } from '../workload-common/owner-refs.ts';
import { CRONJOBS, JOBS, at } from '../workload-common/resources.ts';
import { writeStatus } from '../workload-common/write-status.ts';
import { parseSchedule } from './schedule.ts';
import { dueTimes, jobName, MAX_MISSED, newJob } from './times.ts';

/** What sync reads and writes through. */
export interface CronJobDeps { client: KubeClient; logger: Logger; clock: Clock; cronjobs: CacheView; jobs: CacheView }

interface JobCondition { type: string; status: string; lastTransitionTime?: string }
const finishedAs = (j: KObject): 'Complete' | 'Failed' | undefined => {
  const c = ((j.status?.conditions ?? []) as JobCondition[]).find((x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
  return c?.type as 'Complete' | 'Failed' | undefined;
};
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const ref = (j: KObject) => ({ kind: 'Job', namespace: j.metadata.namespace, name: j.metadata.name, uid: j.metadata.uid,
  apiVersion: 'batch/v1', resourceVersion: j.metadata.resourceVersion });

/** Reconcile the CronJob `namespace/name`. */
export async function syncCronJob(d: CronJobDeps, key: string): Promise<SyncResult> {
  const [ns, name] = key.split('/') as [string, string];
  const cj = d.cronjobs.get(name, ns);
  if (!cj) return {};
  const now = d.clock.now();
  const jobs = d.jobs.list(ns).filter((j) => isControlledBy(j, cj));
  const status = structuredClone(cj.status ?? {}) as Record<string, unknown> & { active?: Array<{ uid?: string; name?: string }> };
  const running = jobs.filter((j) => !finishedAs(j) && !j.metadata.deletionTimestamp);
  status.active = running.map(ref);
  for (const j of jobs) {
    if (finishedAs(j) !== 'Complete' || !j.status?.completionTime) continue;
    const last = status.lastSuccessfulTime as string | undefined;
    if (!last || Date.parse(j.status.completionTime) > Date.parse(last)) status.lastSuccessfulTime = j.status.completionTime;
  }
  await trimHistory(d, jobs, Number(cj.spec?.successfulJobsHistoryLimit ?? 3), Number(cj.spec?.failedJobsHistoryLimit ?? 1));
  let requeueAfterMs: number | undefined;
  if (!cj.metadata.deletionTimestamp && cj.spec?.suspend !== true) {
    requeueAfterMs = await schedule(d, cj, status, running, now);
  }
  if (!status.active?.length) delete status.active;
  if (JSON.stringify(status) !== JSON.stringify(cj.status ?? {})) {
    await writeStatus(d.client, CRONJOBS, cj, status);
  }
  return requeueAfterMs === undefined ? {} : { requeueAfterMs };
}

/** Start the due Job if allowed; returns ms until the next activation. */
async function schedule(d: CronJobDeps, cj: KObject, status: Record<string, unknown> & { active?: Array<{ uid?: string }> },
  running: KObject[], now: number): Promise<number | undefined> {
  const key = `${cj.metadata.namespace}/${cj.metadata.name}`;
  let s;
  try {
    s = parseSchedule(String(cj.spec?.schedule ?? ''), cj.spec?.timeZone);
  } catch (e) {
    d.logger.warn('unparseable schedule', { cronjob: key, err: (e as Error).message });
    return undefined;
  }
  const due = dueTimes(cj, s, now);
  // Upstream adds a little slack so the clock has surely passed the activation.
  const until = due.next === undefined ? undefined : due.next - now + 100;
  if (due.mostRecent === undefined) return until;
  if (due.missed > MAX_MISSED) {
    d.logger.warn('too many missed start times (> 100). Set or decrease .spec.startingDeadlineSeconds or check clock skew', { cronjob: key });
  }
  const deadline = cj.spec?.startingDeadlineSeconds;
  if (deadline != null && due.mostRecent + Number(deadline) * 1000 < now) {
    d.logger.info('missed scheduled time to start a job', { cronjob: key, scheduled: iso(due.mostRecent) });
    return until;
  }
  const name = jobName(cj, due.mostRecent);
  const existing = d.jobs.get(name, cj.metadata.namespace);
  if (existing) {
    // Already started (our status may be older than the Job in the cache): record it, do not start it twice.
    if (isControlledBy(existing, cj)) status.lastScheduleTime = iso(due.mostRecent);
    return until;
  }
  const policy = cj.spec?.concurrencyPolicy ?? 'Allow';
  if (policy === 'Forbid' && running.length > 0) return until;
  if (policy === 'Replace') {
    for (const j of running) {
      try {
        await d.client.delete(at(JOBS, j.metadata.namespace, j.metadata.name), { propagationPolicy: 'Background' });
      } catch (e) {
        if (!isK8sError(e, 'NotFound')) throw e;
      }
    }
    status.active = [];
  }
  let created: KObject;
  try {
    created = await d.client.create(at(JOBS, cj.metadata.namespace), newJob(cj, due.mostRecent, s.timeZone));
    d.logger.info('created job', { cronjob: key, job: name });
  } catch (e) {
    if (!isK8sError(e, 'AlreadyExists')) throw e;
    created = await d.client.get(at(JOBS, cj.metadata.namespace, name));
    if (!isControlledBy(created, cj)) return until;
  }
  if (!status.active?.some((a) => a.uid === created.metadata.uid)) status.active = [...(status.active ?? []), ref(created)];
  status.lastScheduleTime = iso(due.mostRecent);
  return until;
}

/** Delete the oldest finished Jobs beyond the limits. */
async function trimHistory(d: CronJobDeps, jobs: KObject[], okLimit: number, failLimit: number): Promise<void> {
  const started = (j: KObject): string => j.status?.startTime ?? j.metadata.creationTimestamp ?? '';
  for (const [kind, limit] of [['Complete', okLimit], ['Failed', failLimit]] as const) {
    const done = jobs.filter((j) => finishedAs(j) === kind && !j.metadata.deletionTimestamp)
      .sort((a, b) => started(a).localeCompare(started(b)) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
    for (const j of done.slice(0, Math.max(0, done.length - limit))) {
      try {
        await d.client.delete(at(JOBS, j.metadata.namespace, j.metadata.name), { propagationPolicy: 'Background' });
      } catch (e) {
        if (!isK8sError(e, 'NotFound')) throw e;
      }
    }
  }
}

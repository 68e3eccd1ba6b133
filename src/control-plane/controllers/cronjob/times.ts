/**
 * Which scheduled time a CronJob is due for (pure): the most recent
 * activation at or before now since the last one (or creation), how many
 * were missed, the next one, and the Job a time gives (name
 * `<cronjob>-<minutes since the epoch>`).
 */
import type { KObject } from '../../../api/types.ts';
import { newControllerRef } from '../workload-common/owner-refs.ts';
import { nextAfter, zoneOffsetMs, type Schedule } from './schedule.ts';

/** Upstream's limit before it reports "too many missed start times". */
export const MAX_MISSED = 100;
export const SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

/** The due time, the number of missed activations (capped past MAX_MISSED) and the next activation. */
export interface DueTimes { mostRecent?: number; missed: number; next?: number }

/** Compute what is due at `now` for `cj`. */
export function dueTimes(cj: KObject, s: Schedule, now: number): DueTimes {
  let earliest = Date.parse(cj.status?.lastScheduleTime ?? cj.metadata.creationTimestamp ?? '') || now;
  const deadline = cj.spec?.startingDeadlineSeconds;
  if (deadline != null) earliest = Math.max(earliest, now - Number(deadline) * 1000);
  let mostRecent: number | undefined;
  let missed = 0;
  let t = nextAfter(s, earliest);
  while (t !== undefined && t <= now) {
    mostRecent = t;
    if (++missed > MAX_MISSED * 10) {
      // Far behind (controller down for long): jump close to now instead of walking every activation.
      const back = nextAfter(s, now - 3_600_000 * 24) ?? t;
      if (back > t) t = back;
    }
    t = nextAfter(s, t);
  }
  return { mostRecent, missed, next: t };
}

/** Job name for a scheduled time: minutes since the epoch, as upstream. */
export function jobName(cj: KObject, scheduledMs: number): string {
  return `${cj.metadata.name}-${Math.floor(scheduledMs / 60_000)}`;
}

/** RFC 3339 in the schedule's zone (the scheduled-timestamp annotation). */
export function zonedRfc3339(ms: number, tz: string): string {
  const off = zoneOffsetMs(ms, tz);
  const base = new Date(ms + off).toISOString().replace(/\.\d{3}Z$/, '');
  if (off === 0) return `${base}Z`;
  const m = Math.abs(off) / 60_000;
  return `${base}${off < 0 ? '-' : '+'}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** The Job to create for a scheduled time. */
export function newJob(cj: KObject, scheduledMs: number, tz: string): KObject {
  const t = (cj.spec?.jobTemplate ?? {}) as KObject;
  return {
    apiVersion: 'batch/v1', kind: 'Job',
    metadata: {
      name: jobName(cj, scheduledMs), namespace: cj.metadata.namespace,
      labels: { ...(t.metadata?.labels ?? {}) },
      annotations: { ...(t.metadata?.annotations ?? {}), [SCHEDULED_TIMESTAMP_ANNOTATION]: zonedRfc3339(scheduledMs, tz) },
      ownerReferences: [newControllerRef(cj, 'batch/v1', 'CronJob')],
    },
    spec: structuredClone(t.spec ?? {}),
  };
}

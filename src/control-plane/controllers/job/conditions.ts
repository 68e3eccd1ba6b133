/**
 * Job conditions and the backoff between failed attempts (pure).
 */
import type { KObject } from '../../../api/types.ts';

/** A JobCondition. */
export interface JobCondition {
  type: string; status: string; lastProbeTime?: string; lastTransitionTime?: string; reason?: string; message?: string;
}

/** The condition of `type` if it is True. */
export function trueCondition(job: KObject, type: string): JobCondition | undefined {
  return ((job.status?.conditions ?? []) as JobCondition[]).find((c) => c.type === type && c.status === 'True');
}

/** Complete or Failed is True. */
export function isFinished(job: KObject): boolean {
  return !!(trueCondition(job, 'Complete') || trueCondition(job, 'Failed'));
}

/** Set (or change) a condition; the transition time moves only when status changes. */
export function setCondition(conds: JobCondition[], type: string, status: string, reason: string, message: string, nowIso: string): JobCondition[] {
  const old = conds.find((c) => c.type === type);
  if (old && old.status === status && old.reason === reason && old.message === message) return conds;
  const next: JobCondition = { type, status, lastProbeTime: nowIso,
    lastTransitionTime: old && old.status === status ? old.lastTransitionTime : nowIso, reason, message };
  return old ? conds.map((c) => (c === old ? next : c)) : [...conds, next];
}

/** Upstream's pod failure backoff: 10 s doubling per failure, capped at 6 minutes. */
export function backoffDelayMs(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(10_000 * 2 ** Math.min(failures - 1, 20), 360_000);
}

/** When a failed pod failed: its last container's finish time, else the pod's creation. */
export function failedAt(pod: KObject): number {
  let t = 0;
  const all = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])] as
    Array<{ state?: { terminated?: { finishedAt?: string } } }>;
  for (const s of all) {
    const f = s.state?.terminated?.finishedAt;
    if (f) t = Math.max(t, Date.parse(f) || 0);
  }
  if (t) return t;
  const ready = ((pod.status?.conditions ?? []) as JobCondition[]).find((c) => c.type === 'Ready');
  return Date.parse(ready?.lastTransitionTime ?? pod.metadata.creationTimestamp ?? '') || 0;
}

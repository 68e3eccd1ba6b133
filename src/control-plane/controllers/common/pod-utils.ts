/**
 * Pod facts the workload controllers agree on: active, ready, available
 * (ready for minReadySeconds), as upstream's podutil.
 */
import type { KObject } from '../../../api/types.ts';

/** A pod condition as in status.conditions. */
export interface PodCondition { type: string; status: string; lastTransitionTime?: string; reason?: string; message?: string }

/** Not terminated and not being deleted. */
export function isPodActive(p: KObject): boolean {
  const phase = p.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !p.metadata.deletionTimestamp;
}

/** The pod's condition of `type`, if any. */
export function podCondition(p: KObject, type: string): PodCondition | undefined {
  return (p.status?.conditions as PodCondition[] | undefined)?.find((c) => c.type === type);
}

/** Ready=True. */
export function isPodReady(p: KObject): boolean {
  return podCondition(p, 'Ready')?.status === 'True';
}

/** Ready for at least `minReadySeconds` at `now` (ms). */
export function isPodAvailable(p: KObject, minReadySeconds: number, now: number): boolean {
  const c = podCondition(p, 'Ready');
  if (c?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  const since = c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : NaN;
  return !Number.isNaN(since) && since + minReadySeconds * 1000 <= now;
}

/** RFC 3339 with second precision, as Kubernetes writes metav1.Time. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

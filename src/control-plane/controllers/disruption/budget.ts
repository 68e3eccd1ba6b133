/**
 * PodDisruptionBudget arithmetic, pure (upstream pkg/controller/disruption):
 * expected pods and desired healthy from minAvailable / maxUnavailable
 * (integers or percentages, percentages of the controllers' scale), healthy
 * pods (ready, not being deleted, not recently evicted) and the resulting
 * status with its DisruptionAllowed condition.
 */
import type { KObject } from '../../../api/types.ts';
import { isPodReady, rfc3339 } from '../common/pod-utils.ts';

/** Evictions recorded in status.disruptedPods expire after this long (upstream DeletionTimeout). */
export const DELETION_TIMEOUT_MS = 2 * 60_000;

/** An int-or-string such as 2 or "50%". */
export type IntOrString = number | string;

/** Resolve an int-or-percent against `total`, rounding percentages up. */
export function scaledValue(v: IntOrString, total: number, roundUp = true): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) return /^\d+$/.test(v) ? Number(v) : NaN;
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/** expectedPods and desiredHealthy of a budget. `scale` is the summed replicas of the pods' controllers, or undefined if unknown. */
export function expectations(pdb: KObject, podCount: number, scale: number | undefined): { expected: number; desired: number } | string {
  const spec = pdb.spec ?? {};
  if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
    if (scale === undefined) return 'found no controllers for the selected pods';
    const max = scaledValue(spec.maxUnavailable, scale);
    return { expected: scale, desired: Math.max(0, scale - max) };
  }
  const min = spec.minAvailable ?? 1;
  if (typeof min === 'number' || /^\d+$/.test(String(min))) return { expected: podCount, desired: Number(min) };
  if (scale === undefined) return 'found no controllers for the selected pods';
  return { expected: scale, desired: scaledValue(min, scale) };
}

/** Pods counted healthy: ready, not terminating, not evicted within the timeout. */
export function healthyCount(pods: KObject[], disrupted: Record<string, string>, now: number): number {
  return pods.filter((p) => {
    if (p.metadata.deletionTimestamp || !isPodReady(p)) return false;
    const at = Date.parse(disrupted[p.metadata.name ?? ''] ?? '');
    return Number.isNaN(at) || at + DELETION_TIMEOUT_MS <= now;
  }).length;
}

/** status.disruptedPods without entries that are done (pod gone or deleting) or expired; and when the next one expires. */
export function pruneDisrupted(disrupted: Record<string, string>, pods: KObject[], now: number): { kept: Record<string, string>; nextExpiry?: number } {
  const byName = new Map(pods.map((p) => [p.metadata.name, p]));
  const kept: Record<string, string> = {};
  let nextExpiry: number | undefined;
  for (const [name, ts] of Object.entries(disrupted)) {
    const p = byName.get(name);
    const until = Date.parse(ts) + DELETION_TIMEOUT_MS;
    if (!p || p.metadata.deletionTimestamp || Number.isNaN(until) || until <= now) continue;
    kept[name] = ts;
    nextExpiry = nextExpiry === undefined ? until : Math.min(nextExpiry, until);
  }
  return { kept, nextExpiry };
}

/** The DisruptionAllowed condition, keeping lastTransitionTime when the status is unchanged. */
export function allowedCondition(old: KObject[] | undefined, status: 'True' | 'False', reason: string, message: string, now: number, generation: number): KObject {
  const prev = old?.find((c) => c.type === 'DisruptionAllowed');
  const lastTransitionTime = prev && prev.status === status ? prev.lastTransitionTime : rfc3339(now);
  return { type: 'DisruptionAllowed', status, observedGeneration: generation, lastTransitionTime, reason, message } as unknown as KObject;
}

/** The full status of a budget. */
export function budgetStatus(pdb: KObject, pods: KObject[], scale: number | undefined, now: number): { status: KObject; nextExpiry?: number } {
  const generation = pdb.metadata.generation ?? 1;
  const { kept, nextExpiry } = pruneDisrupted(pdb.status?.disruptedPods ?? {}, pods, now);
  const exp = expectations(pdb, pods.length, scale);
  const current = healthyCount(pods, kept, now);
  const conds = pdb.status?.conditions as KObject[] | undefined;
  if (typeof exp === 'string') {
    return { status: {
      observedGeneration: generation, ...(Object.keys(kept).length ? { disruptedPods: kept } : {}), disruptionsAllowed: 0,
      currentHealthy: current, desiredHealthy: pdb.status?.desiredHealthy ?? 0, expectedPods: pdb.status?.expectedPods ?? 0,
      conditions: [allowedCondition(conds, 'False', 'SyncFailed', exp, now, generation)],
    } as unknown as KObject, nextExpiry };
  }
  const allowed = exp.expected > 0 ? Math.max(0, current - exp.desired) : 0;
  const cond = allowed > 0 ? allowedCondition(conds, 'True', 'SufficientPods', '', now, generation)
    : allowedCondition(conds, 'False', 'InsufficientPods', '', now, generation);
  return { status: {
    observedGeneration: generation, ...(Object.keys(kept).length ? { disruptedPods: kept } : {}), disruptionsAllowed: allowed,
    currentHealthy: current, desiredHealthy: exp.desired, expectedPods: exp.expected, conditions: [cond],
  } as unknown as KObject, nextExpiry };
}

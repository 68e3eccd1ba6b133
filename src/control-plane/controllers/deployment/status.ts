/**
 * Deployment status from its ReplicaSets, and the progress predicates
 * (complete, progressing, timed out) of upstream's deployment/util.
 */
import type { KObject } from '../../../api/types.ts';
import { getCondition, newCondition, REASON, removeCondition, setCondition } from './conditions.ts';
import { maxUnavailable, replicas, specSum, statusOf, statusSum } from './util.ts';

/** Status computed from `allRSs` (which includes `newRS`). */
export function calculateStatus(d: KObject, allRSs: KObject[], newRS: KObject | undefined, now: number): Record<string, unknown> {
  const available = statusSum(allRSs, 'availableReplicas');
  const status: Record<string, unknown> = {
    observedGeneration: d.metadata.generation,
    replicas: statusSum(allRSs, 'replicas'),
    updatedReplicas: newRS ? statusOf(newRS, 'replicas') : 0,
    readyReplicas: statusSum(allRSs, 'readyReplicas'),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, specSum(allRSs) - available),
  };
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (d.status?.conditions) status.conditions = structuredClone(d.status.conditions);
  if (available >= replicas(d) - maxUnavailable(d)) {
    setCondition(status, newCondition('Available', 'True', REASON.minAvailable, 'Deployment has minimum availability.', now));
  } else {
    setCondition(status, newCondition('Available', 'False', REASON.minUnavailable, 'Deployment does not have minimum availability.', now));
  }
  return status;
}

/** Drop zero counts as the wire format's omitempty does. */
export function toWire(s: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) if (v !== 0 || k === 'observedGeneration' || k === 'collisionCount') out[k] = v;
  if (out.conditions === undefined) delete out.conditions;
  return out;
}

/** progressDeadlineSeconds is set (and not "infinite"). */
export function hasProgressDeadline(d: KObject): boolean {
  const v = d.spec?.progressDeadlineSeconds;
  return typeof v === 'number' && v !== 2147483647;
}

/** All replicas updated and available, and the newest spec observed. */
export function deploymentComplete(d: KObject, s: Record<string, unknown>): boolean {
  const want = replicas(d);
  return s.updatedReplicas === want && s.replicas === want && s.availableReplicas === want
    && Number(s.observedGeneration ?? 0) >= Number(d.metadata.generation ?? 0);
}

/** Something moved forward since `d.status`. */
export function deploymentProgressing(d: KObject, s: Record<string, unknown>): boolean {
  const old = d.status ?? {};
  const n = (v: unknown): number => Number(v ?? 0);
  return n(s.updatedReplicas) > n(old.updatedReplicas)
    || n(s.replicas) - n(s.updatedReplicas) < n(old.replicas) - n(old.updatedReplicas)
    || n(s.readyReplicas) > n(old.readyReplicas)
    || n(s.availableReplicas) > n(old.availableReplicas);
}

/** The Progressing condition has not been updated within the deadline. */
export function deploymentTimedOut(d: KObject, s: Record<string, unknown>, now: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getCondition(s, 'Progressing');
  if (!c || c.reason === REASON.newRSAvailable) return false;
  if (c.reason === REASON.timedOut) return true;
  const from = Date.parse(c.lastUpdateTime ?? '');
  return Number.isFinite(from) && from + Number(d.spec.progressDeadlineSeconds) * 1000 < now;
}

/**
 * Add the Progressing condition for this sync (upstream's syncRolloutStatus
 * without the write) and mirror ReplicaSet failures. Returns the status.
 */
export function rolloutStatus(d: KObject, allRSs: KObject[], newRS: KObject | undefined, now: number): Record<string, unknown> {
  const s = calculateStatus(d, allRSs, newRS, now);
  if (!hasProgressDeadline(d)) removeCondition(s, 'Progressing');
  const cur = getCondition(d.status, 'Progressing');
  const complete = s.replicas === s.updatedReplicas && cur?.reason === REASON.newRSAvailable;
  if (hasProgressDeadline(d) && !complete) {
    const name = newRS?.metadata.name;
    if (deploymentComplete(d, s)) {
      setCondition(s, newCondition('Progressing', 'True', REASON.newRSAvailable, `ReplicaSet "${name}" has successfully progressed.`, now));
    } else if (deploymentProgressing(d, s)) {
      const msg = newRS ? `ReplicaSet "${name}" is progressing.` : 'Deployment is progressing.';
      const c = newCondition('Progressing', 'True', REASON.rsUpdated, msg, now);
      if (cur?.status === 'True') c.lastTransitionTime = cur.lastTransitionTime;
      removeCondition(s, 'Progressing');
      setCondition(s, c);
    } else if (deploymentTimedOut(d, s, now)) {
      const msg = newRS ? `ReplicaSet "${name}" has timed out progressing.` : `Deployment "${d.metadata.name}" has timed out progressing.`;
      setCondition(s, newCondition('Progressing', 'False', REASON.timedOut, msg, now));
    }
  }
  const failure = [newRS, ...allRSs].map((rs) => getCondition(rs?.status, 'ReplicaFailure')).find((c) => c);
  if (failure) setCondition(s, newCondition('ReplicaFailure', failure.status, failure.reason ?? '', failure.message ?? '', now));
  else removeCondition(s, 'ReplicaFailure');
  return s;
}

/** Ms until the progress deadline of a stuck rollout passes, if one is pending. */
export function msUntilDeadline(d: KObject, s: Record<string, unknown>, now: number): number | undefined {
  const c = getCondition(s, 'Progressing');
  if (!hasProgressDeadline(d) || !c || deploymentComplete(d, s) || c.reason === REASON.timedOut) return undefined;
  const at = Date.parse(c.lastUpdateTime ?? '') + Number(d.spec.progressDeadlineSeconds) * 1000;
  return Number.isFinite(at) ? Math.max(0, at - now) + 1000 : undefined;
}

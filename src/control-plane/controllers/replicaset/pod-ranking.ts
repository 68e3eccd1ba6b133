/**
 * Which pods a scale-down removes first, in upstream's order: unassigned
 * before assigned; Pending before Unknown before Running; not ready before
 * ready; lower pod-deletion-cost first; pods sharing a node with more of
 * their siblings first; more recently ready first (log scale); more
 * restarts first; newer first.
 */
import type { KObject } from '../../../api/types.ts';
import { isPodReady, podCondition } from '../common/pod-utils.ts';

/** Annotation that lets users rank pods for scale-down. */
export const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function deletionCost(p: KObject): number {
  const v = Number(p.metadata.annotations?.[POD_DELETION_COST] ?? 0);
  return Number.isFinite(v) ? v : 0;
}

function restarts(p: KObject): number {
  const cs = (p.status?.containerStatuses ?? []) as Array<{ restartCount?: number }>;
  return cs.reduce((n, c) => n + (c.restartCount ?? 0), 0);
}

/** Durations compared on a log2 scale, as upstream's LogarithmicScaleDown. */
function logBucket(ms: number): number {
  return ms <= 0 ? 0 : Math.floor(Math.log2(ms / 1000 + 1));
}

const time = (s: string | undefined): number | undefined => (s ? Date.parse(s) : undefined);

/**
 * Return the `n` pods to delete from `pods`. `siblingsOnNode` counts, per
 * node name, the active pods of the same owner (colocation rank).
 */
export function podsToDelete(pods: KObject[], n: number, now: number, siblingsOnNode: Map<string, number>): KObject[] {
  const rank = (p: KObject): number => siblingsOnNode.get(p.spec?.nodeName ?? '') ?? 0;
  const sorted = [...pods].sort((a, b) => comparePods(a, b, now, rank));
  return sorted.slice(0, n);
}

/** Negative when `a` should be deleted before `b`. */
export function comparePods(a: KObject, b: KObject, now: number, rank: (p: KObject) => number = () => 0): number {
  const aAssigned = Boolean(a.spec?.nodeName), bAssigned = Boolean(b.spec?.nodeName);
  if (aAssigned !== bAssigned) return aAssigned ? 1 : -1;
  const ap = PHASE_RANK[a.status?.phase ?? 'Pending'] ?? 0, bp = PHASE_RANK[b.status?.phase ?? 'Pending'] ?? 0;
  if (ap !== bp) return ap - bp;
  const ar = isPodReady(a), br = isPodReady(b);
  if (ar !== br) return ar ? 1 : -1;
  const ac = deletionCost(a), bc = deletionCost(b);
  if (ac !== bc) return ac - bc;
  const ak = rank(a), bk = rank(b);
  if (ak !== bk) return bk - ak;
  if (ar && br) {
    const at = time(podCondition(a, 'Ready')?.lastTransitionTime), bt = time(podCondition(b, 'Ready')?.lastTransitionTime);
    if (at !== bt) {
      if (at === undefined) return -1;
      if (bt === undefined) return 1;
      const d = logBucket(now - at) - logBucket(now - bt);
      if (d !== 0) return d;
    }
  }
  const rs = restarts(b) - restarts(a);
  if (rs !== 0) return rs;
  const act = time(a.metadata.creationTimestamp), bct = time(b.metadata.creationTimestamp);
  if (act !== bct) {
    if (act === undefined) return -1;
    if (bct === undefined) return 1;
    const d = logBucket(now - act) - logBucket(now - bct);
    if (d !== 0) return d;
  }
  return 0;
}

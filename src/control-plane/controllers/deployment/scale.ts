/**
 * Scaling without a rollout (a paused Deployment, or spec.replicas changed
 * mid-rollout): the one active ReplicaSet takes the new size, or the change
 * is spread over the active ReplicaSets in proportion to their size
 * (upstream's proportional scaling). Also status-only syncs and the
 * revisionHistoryLimit cleanup.
 */
import { isK8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import { getCondition, newCondition, REASON, setCondition } from './conditions.ts';
import { getAllReplicaSets } from './new-replica-set.ts';
import { REPLICA_SETS, type RolloutContext } from './rollout-context.ts';
import { calculateStatus, hasProgressDeadline, msUntilDeadline, rolloutStatus } from './status.ts';
import { active, byCreation, DESIRED_REPLICAS, isRolling, MAX_REPLICAS, maxSurge, replicas, revisionOf, specSum, statusOf } from './util.ts';

/** spec.replicas differs from what an active ReplicaSet was sized for. */
export function isScalingEvent(d: KObject, rsList: KObject[]): boolean {
  return active(rsList).some((rs) => {
    const v = rs.metadata.annotations?.[DESIRED_REPLICAS];
    return v !== undefined && Number(v) !== replicas(d);
  });
}

/** Scale and sync status only (paused Deployments, scaling events). */
export async function syncScale(ctx: RolloutContext): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSets(ctx, false);
  await scale(ctx, newRS, oldRSs);
  if (ctx.d.spec?.paused) await cleanupDeployment(ctx, ctx.rsList.filter((rs) => rs.metadata.uid !== newRS?.metadata.uid));
  const cur = newRS && ctx.rsList.find((rs) => rs.metadata.uid === newRS.metadata.uid);
  await ctx.writeStatus(calculateStatus(ctx.d, ctx.rsList, cur, ctx.now()));
}

/** Status only (a Deployment being deleted). */
export async function syncStatusOnly(ctx: RolloutContext): Promise<void> {
  const { newRS } = await getAllReplicaSets(ctx, false);
  await ctx.writeStatus(calculateStatus(ctx.d, ctx.rsList, newRS, ctx.now()));
}

async function scale(ctx: RolloutContext, newRS: KObject | undefined, oldRSs: KObject[]): Promise<void> {
  const d = ctx.d;
  const want = replicas(d);
  const all = newRS ? [newRS, ...oldRSs] : oldRSs;
  const act = active(all);
  if (act.length <= 1) {
    const target = act[0] ?? newRS ?? [...oldRSs].sort(byCreation).reverse()[0];
    if (target && replicas(target) !== want) await ctx.scaleRS(target, want);
    return;
  }
  const saturated = newRS && newRS.metadata.annotations?.[DESIRED_REPLICAS] === String(want)
    && replicas(newRS) === want && statusOf(newRS, 'availableReplicas') === want;
  if (saturated) {
    for (const rs of active(oldRSs)) await ctx.scaleRS(rs, 0);
    return;
  }
  if (!isRolling(d)) return;
  const allowed = want > 0 ? want + maxSurge(d) : 0;
  const toAdd = allowed - specSum(act);
  // Larger first; on ties newer first when growing, older first when shrinking.
  const sorted = [...act].sort((a, b) => replicas(b) - replicas(a) || (toAdd > 0 ? -byCreation(a, b) : byCreation(a, b)));
  const sizes = new Map<string, number>();
  let added = 0;
  for (const rs of sorted) {
    let p = 0;
    if (toAdd !== 0 && toAdd !== added && replicas(rs) > 0) {
      const fraction = replicaSetFraction(rs, d);
      const allowedLeft = toAdd - added;
      p = toAdd > 0 ? Math.min(fraction, allowedLeft) : Math.max(fraction, allowedLeft);
    }
    sizes.set(rs.metadata.uid ?? '', replicas(rs) + p);
    added += p;
  }
  for (const [i, rs] of sorted.entries()) {
    let n = sizes.get(rs.metadata.uid ?? '') ?? 0;
    if (i === 0 && toAdd !== 0) n = Math.max(0, n + toAdd - added);
    await ctx.scaleRS(ctx.rsList.find((x) => x.metadata.uid === rs.metadata.uid) ?? rs, n);
  }
}

/** How many replicas `rs` gains (or loses) from the new Deployment size. */
function replicaSetFraction(rs: KObject, d: KObject): number {
  if (replicas(d) === 0) return -replicas(rs);
  const total = replicas(d) + maxSurge(d);
  const annotated = Number(rs.metadata.annotations?.[MAX_REPLICAS] ?? d.status?.replicas ?? 0);
  if (!annotated) return 0;
  return Math.round((replicas(rs) * total) / annotated) - replicas(rs);
}

/** Delete the oldest scaled-down ReplicaSets beyond revisionHistoryLimit. */
export async function cleanupDeployment(ctx: RolloutContext, oldRSs: KObject[]): Promise<void> {
  const limit = ctx.d.spec?.revisionHistoryLimit;
  if (typeof limit !== 'number') return;
  const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
  const diff = cleanable.length - limit;
  if (diff <= 0) return;
  cleanable.sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
  for (const rs of cleanable.slice(0, diff)) {
    if (statusOf(rs, 'replicas') !== 0 || replicas(rs) !== 0 || Number(rs.metadata.generation ?? 0) > statusOf(rs, 'observedGeneration')) continue;
    try {
      await ctx.client.delete({ ...REPLICA_SETS, namespace: rs.metadata.namespace, name: rs.metadata.name }, { preconditions: { uid: rs.metadata.uid } });
      ctx.logger.info('deleted old replica set', { deployment: ctx.d.metadata.name, replicaSet: rs.metadata.name });
    } catch (e) {
      if (!isK8sError(e, 'NotFound')) throw e;
    }
  }
}

/** Write the rollout status and, for a rollout still in progress, schedule the deadline check. */
export async function syncRolloutStatus(ctx: RolloutContext, newRS: KObject | undefined): Promise<void> {
  const cur = newRS && ctx.rsList.find((rs) => rs.metadata.uid === newRS.metadata.uid);
  const s = rolloutStatus(ctx.d, ctx.rsList, cur, ctx.now());
  await ctx.writeStatus(s);
  ctx.requeueAfterMs = msUntilDeadline(ctx.d, s, ctx.now());
}

/** Progressing=Unknown with DeploymentPaused / DeploymentResumed as pause flips. */
export async function checkPausedConditions(ctx: RolloutContext): Promise<void> {
  const d = ctx.d;
  if (!hasProgressDeadline(d)) return;
  const c = getCondition(d.status, 'Progressing');
  if (c?.reason === REASON.timedOut) return;
  const pausedCond = c?.reason === REASON.paused;
  const status = structuredClone(d.status ?? {});
  if (d.spec?.paused && !pausedCond) {
    setCondition(status, newCondition('Progressing', 'Unknown', REASON.paused, 'Deployment is paused', ctx.now()));
  } else if (!d.spec?.paused && pausedCond) {
    setCondition(status, newCondition('Progressing', 'Unknown', REASON.resumed, 'Deployment is resumed', ctx.now()));
  } else {
    return;
  }
  await ctx.writeStatus(status);
}

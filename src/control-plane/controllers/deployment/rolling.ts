/**
 * RollingUpdate: scale the new ReplicaSet up within maxSurge, then old ones
 * down while keeping at least replicas - maxUnavailable available (old
 * unhealthy pods go first, since removing them costs no availability).
 */
import type { KObject } from '../../../api/types.ts';
import type { RolloutContext } from './rollout-context.ts';
import { getAllReplicaSets } from './new-replica-set.ts';
import { cleanupDeployment, syncRolloutStatus } from './scale.ts';
import { deploymentComplete } from './status.ts';
import { active, byCreation, maxUnavailable, newRSNewReplicas, replicas, specSum, statusOf, statusSum } from './util.ts';

/** Roll out one step. */
export async function rolloutRolling(ctx: RolloutContext): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSets(ctx, true);
  if (await reconcileNewReplicaSet(ctx, newRS)) return syncRolloutStatus(ctx, newRS);
  if (await reconcileOldReplicaSets(ctx, newRS)) return syncRolloutStatus(ctx, newRS);
  const all = ctx.rsList;
  if (deploymentComplete(ctx.d, ctx.d.status ?? {})) await cleanupDeployment(ctx, all.filter((rs) => rs.metadata.uid !== newRS?.metadata.uid));
  return syncRolloutStatus(ctx, newRS);
}

async function reconcileNewReplicaSet(ctx: RolloutContext, newRS: KObject | undefined): Promise<boolean> {
  if (!newRS) return false;
  const cur = ctx.rsList.find((rs) => rs.metadata.uid === newRS.metadata.uid) ?? newRS;
  const want = replicas(ctx.d);
  if (replicas(cur) === want) return false;
  const target = replicas(cur) > want ? want : newRSNewReplicas(ctx.d, ctx.rsList, cur);
  const [, scaled] = await ctx.scaleRS(cur, target);
  return scaled;
}

async function reconcileOldReplicaSets(ctx: RolloutContext, newRS: KObject | undefined): Promise<boolean> {
  const isOld = (rs: KObject): boolean => rs.metadata.uid !== newRS?.metadata.uid;
  const oldRSs = ctx.rsList.filter(isOld);
  if (specSum(oldRSs) === 0) return false;
  const cur = newRS && ctx.rsList.find((rs) => !isOld(rs));
  const minAvailable = replicas(ctx.d) - maxUnavailable(ctx.d);
  const newUnavailable = cur ? replicas(cur) - statusOf(cur, 'availableReplicas') : 0;
  const maxScaledDown = specSum(ctx.rsList) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;

  // First old pods that are not available anyway.
  let cleaned = 0;
  for (const rs of [...active(oldRSs)].sort(byCreation)) {
    if (cleaned >= maxScaledDown) break;
    const unhealthy = replicas(rs) - statusOf(rs, 'availableReplicas');
    if (unhealthy <= 0) continue;
    const n = Math.min(maxScaledDown - cleaned, unhealthy);
    await ctx.scaleRS(rs, replicas(rs) - n);
    cleaned += n;
  }

  // Then available old pods, as far as availability allows.
  let scaledDown = 0;
  const availableNow = statusSum(ctx.rsList, 'availableReplicas');
  if (availableNow > minAvailable) {
    const total = availableNow - minAvailable;
    for (const rs of active(ctx.rsList.filter(isOld)).sort(byCreation)) {
      if (scaledDown >= total) break;
      const n = Math.min(replicas(rs), total - scaledDown);
      await ctx.scaleRS(rs, replicas(rs) - n);
      scaledDown += n;
    }
  }
  return cleaned + scaledDown > 0;
}

/**
 * Recreate: scale every old ReplicaSet to zero, wait until none of their
 * pods is running, then create (or scale up) the new ReplicaSet.
 */
import type { KObject } from '../../../api/types.ts';
import type { Lister } from '../../../client/lister.ts';
import type { RolloutContext } from './rollout-context.ts';
import { getAllReplicaSets } from './new-replica-set.ts';
import { cleanupDeployment, syncRolloutStatus } from './scale.ts';
import { deploymentComplete } from './status.ts';
import { active, replicas, statusSum } from './util.ts';

/** Roll out one step. */
export async function rolloutRecreate(ctx: RolloutContext, pods: Lister): Promise<void> {
  let { newRS, oldRSs } = await getAllReplicaSets(ctx, false);
  let scaledDown = false;
  for (const rs of active(oldRSs)) {
    const [, scaled] = await ctx.scaleRS(rs, 0);
    scaledDown ||= scaled;
  }
  if (scaledDown) return syncRolloutStatus(ctx, newRS);
  if (oldPodsRunning(ctx, oldRSs, pods)) return syncRolloutStatus(ctx, newRS);
  if (!newRS) ({ newRS, oldRSs } = await getAllReplicaSets(ctx, true));
  if (newRS) {
    const cur = ctx.rsList.find((rs) => rs.metadata.uid === newRS?.metadata.uid) ?? newRS;
    await ctx.scaleRS(cur, replicas(ctx.d));
  }
  if (deploymentComplete(ctx.d, ctx.d.status ?? {})) await cleanupDeployment(ctx, oldRSs);
  return syncRolloutStatus(ctx, newRS);
}

/** Any pod of an old ReplicaSet that has not terminated. */
function oldPodsRunning(ctx: RolloutContext, oldRSs: KObject[], pods: Lister): boolean {
  if (statusSum(oldRSs, 'replicas') > 0) return true;
  const uids = new Set(oldRSs.map((rs) => rs.metadata.uid));
  return pods.list(ctx.d.metadata.namespace).some((p) =>
    p.metadata.ownerReferences?.some((r) => r.controller && uids.has(r.uid))
    && p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded');
}

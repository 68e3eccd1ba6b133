/**
 * Reconcile one Deployment (upstream's syncDeployment): claim ReplicaSets,
 * then, in order of precedence: status only while being deleted; scaling
 * only while paused or when spec.replicas changed; otherwise one step of
 * the Recreate or RollingUpdate strategy.
 */
import type { Clock } from '../../../base/clock.ts';
import type { Logger } from '../../../base/logger.ts';
import { compileLabelSelectorObject } from '../../../api/selectors/labels.ts';
import type { Lister } from '../../../client/lister.ts';
import type { KubeClient } from '../../../client/types.ts';
import type { EventRecorder } from '../../../client/event-recorder.ts';
import { splitKey } from '../../../client/indexer.ts';
import { claimObjects } from '../common/controller-ref.ts';
import type { SyncResult } from '../types.ts';
import { rolloutRecreate } from './recreate.ts';
import { rolloutRolling } from './rolling.ts';
import { REPLICA_SETS, RolloutContext } from './rollout-context.ts';
import { checkPausedConditions, isScalingEvent, syncScale, syncStatusOnly } from './scale.ts';

/** What {@link syncDeployment} reads and writes. */
export interface DeploymentSyncDeps {
  client: KubeClient;
  deployments: Lister;
  replicaSets: Lister;
  pods: Lister;
  clock: Clock;
  logger: Logger;
  /** ScalingReplicaSet events; optional so unit tests need none. */
  recorder?: EventRecorder;
}

/** Reconcile the Deployment at `key`. Throws to be retried. */
export async function syncDeployment(deps: DeploymentSyncDeps, key: string): Promise<SyncResult> {
  const { namespace, name } = splitKey(key);
  const cached = deps.deployments.get(name, namespace);
  if (!cached) return {};
  const d = structuredClone(cached);
  const sel = d.spec?.selector;
  const empty = !sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0);
  const ctx = new RolloutContext(deps.client, deps.clock, deps.logger, d, []);
  ctx.recorder = deps.recorder;
  if (empty) {
    // Selects nothing; only acknowledge the generation, as upstream.
    if (d.status?.observedGeneration !== d.metadata.generation) await ctx.writeStatus({ ...d.status, observedGeneration: d.metadata.generation });
    return {};
  }
  ctx.rsList = await claimObjects({
    client: deps.client, ref: { ...REPLICA_SETS, namespace }, owner: d, ownerApiVersion: 'apps/v1', ownerKind: 'Deployment',
    match: compileLabelSelectorObject(sel), canAdopt: () => true,
  }, deps.replicaSets.list(namespace).map((rs) => structuredClone(rs)));

  if (d.metadata.deletionTimestamp) {
    await syncStatusOnly(ctx);
    return {};
  }
  await checkPausedConditions(ctx);
  if (ctx.d.spec?.paused || isScalingEvent(ctx.d, ctx.rsList)) {
    await syncScale(ctx);
    return {};
  }
  if (ctx.d.spec?.strategy?.type === 'Recreate') await rolloutRecreate(ctx, deps.pods);
  else await rolloutRolling(ctx);
  return ctx.requeueAfterMs !== undefined ? { requeueAfterMs: ctx.requeueAfterMs } : {};
}

/**
 * Finding, and when asked creating, the Deployment's new ReplicaSet (the one
 * whose template is the Deployment's), keeping revisions in order: the new
 * ReplicaSet always gets the highest revision, so an old template brought
 * back by `kubectl rollout undo` becomes the newest revision again.
 */
import { isK8sError, K8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import { getControllerOf, newControllerRef } from '../common/controller-ref.ts';
import { getCondition, newCondition, REASON, setCondition } from './conditions.ts';
import { computeHash } from './hash.ts';
import { REPLICA_SETS, type RolloutContext } from './rollout-context.ts';
import { hasProgressDeadline } from './status.ts';
import {
  equalIgnoreHash, findNewReplicaSet, newRSNewReplicas, POD_TEMPLATE_HASH, revisionOf, setNewReplicaSetAnnotations,
} from './util.ts';

/** The new ReplicaSet (if any, created when `create`) and the old ones. */
export async function getAllReplicaSets(ctx: RolloutContext, create: boolean): Promise<{ newRS?: KObject; oldRSs: KObject[] }> {
  const existing = findNewReplicaSet(ctx.d, ctx.rsList);
  const oldRSs = ctx.rsList.filter((rs) => rs !== existing);
  const newRevision = Math.max(0, ...oldRSs.map(revisionOf)) + 1;
  const newRS = existing ? await syncExisting(ctx, existing, newRevision) : create ? await createNew(ctx, oldRSs, newRevision) : undefined;
  return { newRS, oldRSs: ctx.rsList.filter((rs) => rs.metadata.uid !== newRS?.metadata.uid) };
}

async function syncExisting(ctx: RolloutContext, rs: KObject, newRevision: number): Promise<KObject> {
  const copy = structuredClone(rs);
  const annotationsChanged = setNewReplicaSetAnnotations(ctx.d, copy, newRevision, true);
  const minReady = ctx.d.spec?.minReadySeconds ?? 0;
  const minReadyChanged = (copy.spec?.minReadySeconds ?? 0) !== minReady;
  if (minReadyChanged) copy.spec.minReadySeconds = minReady;
  const out = annotationsChanged || minReadyChanged ? await ctx.updateRS(copy) : rs;
  await ctx.setRevision(out.metadata.annotations?.[`deployment.kubernetes.io/revision`] ?? String(newRevision));
  if (hasProgressDeadline(ctx.d) && !getCondition(ctx.d.status, 'Progressing')) {
    const status = structuredClone(ctx.d.status ?? {});
    setCondition(status, newCondition('Progressing', 'True', REASON.foundNewRS, `Found new replica set "${out.metadata.name}"`, ctx.now()));
    await ctx.writeStatus(status);
  }
  return out;
}

async function createNew(ctx: RolloutContext, oldRSs: KObject[], newRevision: number): Promise<KObject> {
  const d = ctx.d;
  const template = structuredClone(d.spec.template);
  const hash = computeHash(template, d.status?.collisionCount);
  template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [POD_TEMPLATE_HASH]: hash } };
  const selector = structuredClone(d.spec.selector ?? {});
  selector.matchLabels = { ...selector.matchLabels, [POD_TEMPLATE_HASH]: hash };
  const rs: KObject = {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace,
      ownerReferences: [newControllerRef(d, 'apps/v1', 'Deployment')],
      labels: { ...template.metadata.labels },
    },
    spec: { replicas: 0, minReadySeconds: d.spec.minReadySeconds ?? 0, selector, template },
  };
  rs.spec.replicas = newRSNewReplicas(d, [...oldRSs, rs], rs);
  setNewReplicaSetAnnotations(d, rs, newRevision, false);
  let created: KObject;
  try {
    created = await ctx.client.create({ ...REPLICA_SETS, namespace: d.metadata.namespace }, rs);
  } catch (e) {
    if (!isK8sError(e, 'AlreadyExists')) throw e;
    const cur = await ctx.client.get({ ...REPLICA_SETS, namespace: d.metadata.namespace, name: rs.metadata.name });
    // Ours with the same template: the cache was behind. Otherwise a hash collision: bump collisionCount.
    if (getControllerOf(cur)?.uid === d.metadata.uid && equalIgnoreHash(cur.spec?.template, d.spec.template)) return cur;
    const status = structuredClone(d.status ?? {});
    status.collisionCount = Number(status.collisionCount ?? 0) + 1;
    await ctx.writeStatus(status);
    throw new K8sError('Conflict', `hash collision for replica set ${rs.metadata.name}; collisionCount now ${String(status.collisionCount)}`);
  }
  ctx.rsList = [...ctx.rsList, created];
  ctx.logger.info('created replica set', { deployment: d.metadata.name, replicaSet: created.metadata.name, replicas: created.spec?.replicas });
  if (Number(created.spec?.replicas ?? 0) > 0) ctx.scalingEvent(created.metadata.name, 0, Number(created.spec.replicas));
  await ctx.setRevision(String(newRevision));
  if (hasProgressDeadline(ctx.d)) {
    const status = structuredClone(ctx.d.status ?? {});
    setCondition(status, newCondition('Progressing', 'True', REASON.newRSCreated, `Created new replica set "${created.metadata.name}"`, ctx.now()));
    await ctx.writeStatus(status);
  }
  return created;
}

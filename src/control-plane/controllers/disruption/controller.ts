/**
 * The disruption controller (upstream pkg/controller/disruption): keeps
 * every PodDisruptionBudget's status (expected/desired/current healthy,
 * disruptionsAllowed, the DisruptionAllowed condition, observedGeneration)
 * and expires evictions the API server recorded in status.disruptedPods.
 * The Eviction API reads this status to allow or refuse evictions.
 */
import { isK8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import { compileLabelSelectorObject } from '../../../api/selectors/labels.ts';
import type { Lister } from '../../../client/lister.ts';
import type { Controller, ControllerContext } from '../types.ts';
import { KeyedController, keyOf, splitKey } from '../keyed-controller.ts';
import { getControllerOf } from '../common/controller-ref.ts';
import { budgetStatus } from './budget.ts';

export const PDBS = { group: 'policy', version: 'v1', plural: 'poddisruptionbudgets' };
const PODS = { group: '', version: 'v1', plural: 'pods' };
const RS = { group: 'apps', version: 'v1', plural: 'replicasets' };
const DEPLOYMENTS = { group: 'apps', version: 'v1', plural: 'deployments' };
const STS = { group: 'apps', version: 'v1', plural: 'statefulsets' };
const RC = { group: '', version: 'v1', plural: 'replicationcontrollers' };

/** Summed replicas of the pods' distinct controllers; undefined if a pod has none we know. */
function controllersScale(pods: KObject[], ns: string, l: Record<string, Lister<KObject>>): number | undefined {
  const seen = new Map<string, number>();
  for (const p of pods) {
    const ref = getControllerOf(p);
    if (!ref) return undefined;
    let owner: KObject | undefined;
    if (ref.kind === 'ReplicaSet') {
      owner = l.rs?.get(ref.name, ns);
      const dref = owner ? getControllerOf(owner) : undefined;
      if (dref?.kind === 'Deployment') owner = l.deployments?.get(dref.name, ns);
    } else if (ref.kind === 'StatefulSet') owner = l.sts?.get(ref.name, ns);
    else if (ref.kind === 'ReplicationController') owner = l.rc?.get(ref.name, ns);
    if (!owner) return undefined;
    seen.set(owner.metadata.uid ?? '', owner.spec?.replicas ?? 1);
  }
  return [...seen.values()].reduce((a, b) => a + b, 0);
}

/** Factory for the controller manager. */
export function newDisruptionController(ctx: ControllerContext): Controller {
  const pdbs = ctx.informers.informerFor<KObject>(PDBS);
  const pods = ctx.informers.informerFor<KObject>(PODS);
  const owners: Record<string, Lister<KObject>> = {
    rs: ctx.informers.informerFor<KObject>(RS).lister, deployments: ctx.informers.informerFor<KObject>(DEPLOYMENTS).lister,
    sts: ctx.informers.informerFor<KObject>(STS).lister, rc: ctx.informers.informerFor<KObject>(RC).lister,
  };
  const c = new KeyedController('disruption', ctx, async (key) => {
    const { namespace, name } = splitKey(key);
    const pdb = pdbs.lister.get(name, namespace);
    if (!pdb || pdb.metadata.deletionTimestamp) return;
    const match = compileLabelSelectorObject(pdb.spec?.selector);
    const selected = pods.lister.list(namespace).filter((p) => match(p.metadata.labels));
    const now = ctx.clock.now();
    const { status, nextExpiry } = budgetStatus(pdb, selected, controllersScale(selected, namespace, owners), now);
    const requeue = nextExpiry !== undefined ? { requeueAfterMs: Math.max(10, nextExpiry - now) } : undefined;
    const strip = (s: KObject | undefined): string => JSON.stringify(s ?? {});
    if (strip(pdb.status) === strip(status)) return requeue;
    try {
      // Compare-and-swap: the Eviction API writes disruptedPods to the same status.
      await ctx.client.update({ ...PDBS, namespace, name, subresource: 'status' }, { ...pdb, status });
    } catch (e) {
      if (!isK8sError(e, 'NotFound')) throw e;
    }
    return requeue;
  });
  pdbs.addEventHandler({ add: (p) => c.enqueue(keyOf(p)), update: (_o, p) => c.enqueue(keyOf(p)) });
  const forPod = (labels: (Record<string, string> | undefined)[], ns: string | undefined): void => {
    for (const pdb of pdbs.lister.list(ns ?? '')) {
      const m = compileLabelSelectorObject(pdb.spec?.selector);
      if (labels.some((l) => m(l))) c.enqueue(keyOf(pdb));
    }
  };
  pods.addEventHandler({
    add: (p) => forPod([p.metadata.labels], p.metadata.namespace),
    update: (o, p) => forPod([o.metadata.labels, p.metadata.labels], p.metadata.namespace),
    delete: (p) => forPod([p.metadata.labels], p.metadata.namespace),
  });
  // A controller's scale changes the expected pods of budgets in its namespace.
  const scaleChanged = (o: KObject, n: KObject): void => {
    if (o.spec?.replicas === n.spec?.replicas) return;
    for (const pdb of pdbs.lister.list(n.metadata.namespace ?? '')) c.enqueue(keyOf(pdb));
  };
  for (const r of [RS, DEPLOYMENTS, STS, RC]) ctx.informers.informerFor<KObject>(r).addEventHandler({ update: scaleChanged });
  return c;
}

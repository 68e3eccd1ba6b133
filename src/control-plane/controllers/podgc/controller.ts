/**
 * The pod garbage collector (upstream pkg/controller/podgc): every
 * --podgc-period (20 s) and when a node goes away, force-deletes pods no
 * kubelet will ever finish (see plan.ts). A pod whose node is missing from
 * the cache is only deleted once a direct GET confirms the node is gone.
 */
import { isK8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import type { KubeClient } from '../../../client/types.ts';
import type { Logger } from '../../../base/logger.ts';
import type { Controller, ControllerContext } from '../types.ts';
import { KeyedController } from '../keyed-controller.ts';
import type { CacheView } from '../workload-common/cache-view.ts';
import { orphanCandidates, outOfServiceTerminating, terminatedOverThreshold, unscheduledTerminating, type GCItem } from './plan.ts';

const NODES = { group: '', version: 'v1', plural: 'nodes' };
const PODS = { group: '', version: 'v1', plural: 'pods' };
/** The single key of the queue: one pass over all pods. */
const GC_KEY = 'gc';

/** What a pass reads and writes through. */
export interface PodGCDeps {
  client: KubeClient;
  pods: CacheView;
  nodes: CacheView;
  threshold: number;
  logger: Logger;
  now(): number;
  /** A node must be missing this long before its pods go (upstream's 40 s quarantine). */
  quarantineMs: number;
  /** When each node was first found missing. */
  missingSince: Map<string, number>;
}

/** One collection pass; returns the pods it deleted. */
export async function collectPods(d: PodGCDeps): Promise<GCItem[]> {
  const pods = d.pods.list();
  const items: GCItem[] = terminatedOverThreshold(pods, d.threshold).map((pod) => ({ pod, reason: 'terminated' as const }));
  const gone = new Map<string, boolean>();
  const now = d.now();
  for (const n of d.missingSince.keys()) if (d.nodes.get(n)) d.missingSince.delete(n);
  for (const pod of orphanCandidates(pods, (n) => !!d.nodes.get(n))) {
    const n = pod.spec.nodeName as string;
    if (!gone.has(n)) {
      try { await d.client.get({ ...NODES, name: n }); gone.set(n, false); } catch (e) {
        if (!isK8sError(e, 'NotFound')) throw e;
        if (!d.missingSince.has(n)) d.missingSince.set(n, now);
        gone.set(n, now - (d.missingSince.get(n) as number) >= d.quarantineMs);
      }
    }
    if (gone.get(n)) items.push({ pod, reason: 'orphaned' });
  }
  for (const pod of unscheduledTerminating(pods)) items.push({ pod, reason: 'unscheduled-terminating' });
  for (const pod of outOfServiceTerminating(pods, (n) => d.nodes.get(n))) items.push({ pod, reason: 'out-of-service' });
  const done: GCItem[] = [];
  for (const it of items) {
    const { namespace, name, uid } = it.pod.metadata;
    try {
      await d.client.delete({ ...PODS, namespace, name }, { gracePeriodSeconds: 0, preconditions: { uid } });
      d.logger.info('garbage collected pod', { pod: `${namespace}/${name}`, reason: it.reason });
      done.push(it);
    } catch (e) {
      if (!isK8sError(e, 'NotFound') && !isK8sError(e, 'Conflict')) throw e;
    }
  }
  return done;
}

/** Factory for the controller manager. */
export function newPodGCController(ctx: ControllerContext): Controller {
  const pods = ctx.informers.informerFor<KObject>(PODS);
  const nodes = ctx.informers.informerFor<KObject>(NODES);
  const period = ctx.options?.podGCPeriodMs ?? 20_000;
  const deps: PodGCDeps = {
    client: ctx.client, pods: pods.lister, nodes: nodes.lister, threshold: ctx.options?.terminatedPodGCThreshold ?? 12_500,
    logger: ctx.logger.child({ controller: 'podgc' }), now: () => ctx.clock.now(), quarantineMs: 40_000, missingSince: new Map(),
  };
  const c = new KeyedController('podgc', ctx, async () => {
    await collectPods(deps);
    return { requeueAfterMs: period };
  });
  c.enqueue(GC_KEY);
  nodes.addEventHandler({ delete: () => c.queue.addAfter(GC_KEY, 1000) });
  return c;
}

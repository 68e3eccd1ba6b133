/**
 * The node lifecycle controller (upstream pkg/controller/nodelifecycle and
 * its NoExecute taint manager): nodes heartbeat through their Lease in
 * kube-node-lease; one silent for the grace period turns Unknown and gets
 * the unreachable taints, one that says NotReady gets not-ready taints, and
 * pods that do not tolerate a NoExecute taint (long enough) are deleted.
 */
import type { KObject } from '../../../api/types.ts';
import type { Controller, ControllerContext } from '../types.ts';
import { KeyedController } from '../keyed-controller.ts';
import type { HealthRecord } from './health.ts';
import { PodsByNode } from './pods-by-node.ts';
import { syncNode } from './sync.ts';

const NODES = { group: '', version: 'v1', plural: 'nodes' };
const PODS = { group: '', version: 'v1', plural: 'pods' };
const LEASES = { group: 'coordination.k8s.io', version: 'v1', plural: 'leases' };

/** Factory for the controller manager. */
export function newNodeLifecycleController(ctx: ControllerContext): Controller {
  const nodes = ctx.informers.informerFor<KObject>(NODES);
  const pods = ctx.informers.informerFor<KObject>(PODS);
  const leases = ctx.informers.informerFor<KObject>(LEASES);
  const index = new PodsByNode(pods.lister);
  const o = ctx.options ?? {};
  const health = new Map<string, HealthRecord>();
  const c = new KeyedController('nodelifecycle', ctx, (name) => syncNode({
    client: ctx.client, nodes: nodes.lister, leases: leases.lister, podsOn: (n) => index.list(n), now: () => ctx.clock.now(),
    grace: { monitorMs: o.nodeMonitorGracePeriodMs ?? 40_000, startupMs: o.nodeStartupGracePeriodMs ?? 60_000 },
    monitorPeriodMs: o.nodeMonitorPeriodMs ?? 5_000, health, logger: ctx.logger.child({ controller: 'nodelifecycle' }),
  }, name));
  const node = (n: KObject): void => { if (n.metadata.name) c.enqueue(n.metadata.name); };
  nodes.addEventHandler({ add: node, update: (_o, n) => node(n), delete: node });
  leases.addEventHandler({
    add: (l) => { if (l.metadata.namespace === 'kube-node-lease') node(l); },
    update: (_o, l) => { if (l.metadata.namespace === 'kube-node-lease') node(l); },
  });
  // A pod landing on a tainted or unreachable node is looked at with it.
  const pod = (p: KObject): void => {
    const n = p.spec?.nodeName as string | undefined;
    const nd = n ? nodes.lister.get(n) : undefined;
    if (nd && ((nd.spec?.taints ?? []) as { effect: string }[]).some((t) => t.effect === 'NoExecute')) c.enqueue(n!);
  };
  pods.addEventHandler({
    add: (p) => { index.apply(undefined, p); pod(p); },
    update: (old, p) => { index.apply(old, p); if (old.spec?.nodeName !== p.spec?.nodeName) pod(p); },
    delete: (p) => index.apply(p, undefined),
  });
  return c;
}

/**
 * Node IPAM (upstream pkg/controller/nodeipam, range allocator): every node
 * without spec.podCIDR gets the first free per-node subnet of the cluster
 * CIDR (--cluster-cidr, /24 per node by default) in spec.podCIDR and
 * spec.podCIDRs. Ranges in use are read from the nodes themselves, so a
 * restarted controller never hands one out twice.
 */
import { isK8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import type { Controller, ControllerContext } from '../types.ts';
import { KeyedController } from '../keyed-controller.ts';
import { SubnetAllocator } from './cidr.ts';

const NODES = { group: '', version: 'v1', plural: 'nodes' };

/** Default pod network of `k8ts init` (--pod-network-cidr). */
export const DEFAULT_CLUSTER_CIDR = '10.42.0.0/16';

/** Factory for the controller manager. */
export function newNodeIpamController(ctx: ControllerContext): Controller {
  const nodes = ctx.informers.informerFor<KObject>(NODES);
  const alloc = new SubnetAllocator(ctx.options?.podNetworkCIDR ?? DEFAULT_CLUSTER_CIDR, ctx.options?.nodeCIDRMaskSize ?? 24);
  const logger = ctx.logger.child({ controller: 'nodeipam' });
  // Handed out but not yet seen in the cache, so two quick syncs never pick the same range.
  const pending = new Map<string, string>();
  const c = new KeyedController('nodeipam', ctx, async (name) => {
    const node = nodes.lister.get(name);
    if (!node) { pending.delete(name); return; }
    if (node.spec?.podCIDR) { pending.delete(name); return; }
    const used = new Set<string>([...pending.entries()].filter(([n]) => n !== name).map(([, cidr]) => cidr));
    for (const n of nodes.lister.list()) for (const cidr of (n.spec?.podCIDRs ?? [n.spec?.podCIDR]) as string[]) if (cidr) used.add(cidr);
    const cidr = alloc.firstFree(used);
    if (!cidr) {
      logger.warn('no pod CIDR left for node', { node: name });
      return { requeueAfterMs: 30_000 };
    }
    pending.set(name, cidr);
    const body = structuredClone(node);
    body.spec = { ...(body.spec ?? {}), podCIDR: cidr, podCIDRs: [cidr] };
    try {
      await ctx.client.update({ ...NODES, name }, body);
      logger.info('assigned pod CIDR', { node: name, podCIDR: cidr });
    } catch (e) {
      pending.delete(name);
      if (!isK8sError(e, 'NotFound')) throw e;
    }
  });
  const node = (n: KObject): void => {
    if (n.spec?.podCIDR) pending.delete(n.metadata.name ?? '');
    else if (n.metadata.name) c.enqueue(n.metadata.name);
  };
  nodes.addEventHandler({ add: node, update: (_o, n) => node(n), delete: (n) => { pending.delete(n.metadata.name ?? ''); } });
  return c;
}

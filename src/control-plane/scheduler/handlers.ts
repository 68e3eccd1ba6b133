/**
 * Informer events to scheduler state: bound pods go to the cache, pending
 * pods of this scheduler to the queue, and events that can make an
 * unschedulable pod fit (node added or changed in a way filters see, a
 * bound pod deleted or relabelled) move unschedulable pods back.
 */
import type { Informer } from '../../client/informer.ts';
import { objectKey } from '../../client/indexer.ts';
import type { KObject } from '../../api/types.ts';
import type { SchedulerContext } from './context.ts';
import { newPodInfo } from './pod-info.ts';
import type { Node, Pod } from './types.ts';

const terminal = (p: Pod): boolean => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

/** Whether a pod update changed anything the scheduler reads (not just status). */
function specChanged(a: Pod, b: Pod): boolean {
  return JSON.stringify(a.spec) !== JSON.stringify(b.spec) ||
    JSON.stringify(a.metadata.labels) !== JSON.stringify(b.metadata.labels);
}

/** The parts of a node the filters look at; heartbeats change none of them. */
function nodeSchedulingKey(n: Node): string {
  return JSON.stringify([n.metadata.labels, n.spec?.taints, n.spec?.unschedulable, n.status?.allocatable, n.status?.capacity,
    (n.status?.images ?? []).length]);
}

/** Register the scheduler's handlers on its informers. */
export function registerHandlers(ctx: SchedulerContext, pods: Informer<KObject>, nodes: Informer<KObject>): void {
  const mine = (p: Pod): boolean => (p.spec?.schedulerName ?? 'default-scheduler') === ctx.schedulerName;

  const onPod = (p: Pod, old?: Pod): void => {
    const key = objectKey(p);
    const node: string | undefined = p.spec?.nodeName;
    if (node) {
      ctx.queue.delete(key);
      ctx.nominated.remove(key);
      if (terminal(p)) {
        ctx.cache.remove(key);
        ctx.queue.moveAllToActiveOrBackoff();
        return;
      }
      ctx.cache.addOrUpdatePod(newPodInfo(p, ctx.priorities.priorityOf(p)), node);
      // New labels on a running pod can satisfy (anti-)affinity of waiting pods.
      if (old?.spec?.nodeName && JSON.stringify(old.metadata.labels) !== JSON.stringify(p.metadata.labels)) ctx.queue.moveAllToActiveOrBackoff();
      return;
    }
    if (!mine(p) || terminal(p)) return;
    // Gated pods wait outside the queue; removing the last gate is a spec update that brings them in.
    if (p.metadata.deletionTimestamp || (p.spec?.schedulingGates ?? []).length > 0) {
      ctx.queue.delete(key);
      return;
    }
    if (old && ctx.queue.has(key) && !specChanged(old, p)) {
      ctx.queue.updatePod(key, p);
      return;
    }
    ctx.queue.addOrUpdate(key, p, ctx.priorities.priorityOf(p));
  };

  pods.addEventHandler({
    add: (p) => onPod(p),
    update: (old, p) => onPod(p, old),
    delete: (p) => {
      const key = objectKey(p);
      ctx.queue.delete(key);
      ctx.nominated.remove(key);
      if (ctx.cache.nodeOf(key) !== undefined) {
        ctx.cache.remove(key);
        ctx.queue.moveAllToActiveOrBackoff();
      }
    },
  });

  nodes.addEventHandler({
    add: (n) => {
      ctx.cache.upsertNode(n);
      ctx.queue.moveAllToActiveOrBackoff();
    },
    update: (old, n) => {
      ctx.cache.upsertNode(n);
      if (nodeSchedulingKey(old) !== nodeSchedulingKey(n)) ctx.queue.moveAllToActiveOrBackoff();
    },
    delete: (n) => ctx.cache.removeNode(n.metadata.name ?? ''),
  });
}

/**
 * One pod's way through the scheduler: the synchronous scheduling cycle
 * (filter, score, assume on the chosen node), then the asynchronous binding
 * cycle (POST pods/binding, Scheduled event). Failures write the
 * PodScheduled=False condition and a FailedScheduling event, try
 * preemption, and put the pod back in the queue.
 */
import { isK8sError } from '../../base/errors.ts';
import type { SchedulerContext } from './context.ts';
import { FitError } from './fit-error.ts';
import { newPodInfo, type PodInfo } from './pod-info.ts';
import { preempt, preemptionIneligible } from './preemption.ts';
import type { QueuedPod } from './queue.ts';
import type { CycleState, Pod } from './types.ts';

const POD = { group: '', version: 'v1', plural: 'pods' };

/** Schedule one popped pod (synchronously up to handing it to the binder). */
export function scheduleOne(ctx: SchedulerContext, qp: QueuedPod): void {
  const pod = qp.pod;
  if (pod.metadata.deletionTimestamp || pod.spec?.nodeName || ctx.cache.nodeOf(qp.key) !== undefined) {
    ctx.queue.done(qp.key);
    return;
  }
  const info = newPodInfo(pod, qp.priority);
  const state: CycleState = new Map();
  let node: string;
  try {
    node = ctx.framework.schedule(info, ctx.view, state).node;
  } catch (e) {
    if (e instanceof FitError) {
      onUnschedulable(ctx, info, e, state);
      return;
    }
    ctx.logger.error('scheduling attempt failed', { pod: qp.key, err: e as Error });
    ctx.queue.requeueFailed(qp.key, false);
    return;
  }
  ctx.cache.assume(info, node);
  ctx.nominated.remove(qp.key);
  ctx.binds.run(() => bind(ctx, info, node));
}

async function bind(ctx: SchedulerContext, info: PodInfo, node: string): Promise<void> {
  const { pod, key } = info;
  const name = pod.metadata.name as string;
  try {
    await ctx.client.create({ ...POD, namespace: info.namespace, name, subresource: 'binding' }, {
      apiVersion: 'v1', kind: 'Binding',
      metadata: { name, namespace: info.namespace, uid: pod.metadata.uid },
      target: { apiVersion: 'v1', kind: 'Node', name: node },
    });
  } catch (e) {
    ctx.cache.forget(key);
    // The room the assumption took is free again.
    ctx.queue.moveAllToActiveOrBackoff();
    if (isK8sError(e, 'NotFound') || isK8sError(e, 'Conflict') || isK8sError(e, 'AlreadyExists')) {
      // Gone, or bound by someone else: the informer tells the rest.
      ctx.queue.done(key);
      return;
    }
    ctx.metrics.bindErrors++;
    ctx.logger.warn('binding failed', { pod: key, node, err: (e as Error).message });
    ctx.recorder.event(pod, 'Warning', 'FailedScheduling', `Binding rejected: ${(e as Error).message}`);
    ctx.queue.requeueFailed(key, false);
    return;
  }
  ctx.metrics.scheduled++;
  ctx.queue.done(key);
  ctx.recorder.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${info.namespace}/${name} to ${node}`);
}

function onUnschedulable(ctx: SchedulerContext, info: PodInfo, err: FitError, state: CycleState): void {
  const d = err.diagnosis;
  let nominate: string | undefined;
  if (err.numAllNodes > 0 && !d.preFilterMsg) {
    const nomNode = ctx.nominated.nodeFor(info.key) ?? info.pod.status?.nominatedNodeName;
    const ineligible = preemptionIneligible(info, ctx.priorities.preemptionPolicyOf(info.pod), nomNode ? ctx.cache.node(nomNode) : undefined);
    if (ineligible) d.postFilterMsg = ineligible;
    else {
      const out = preempt(ctx.framework, state, info, d, ctx.view);
      if ('message' in out) d.postFilterMsg = out.message;
      else {
        nominate = out.result.node;
        evict(ctx, info, out.result.node, out.result.victims);
      }
    }
  }
  ctx.metrics.failed++;
  const message = err.describe();
  ctx.recorder.event(info.pod, 'Warning', 'FailedScheduling', message);
  writeStatus(ctx, info.pod, message, nominate);
  if (nominate) ctx.nominated.add(info, nominate);
  ctx.queue.requeueFailed(info.key, true);
}

/** Delete the victims (graceful) and tell them why. */
function evict(ctx: SchedulerContext, preemptor: PodInfo, node: string, victims: PodInfo[]): void {
  ctx.metrics.preemptions++;
  for (const v of victims) {
    ctx.recorder.event(v.pod, 'Normal', 'Preempted', `Preempted by pod ${preemptor.pod.metadata.uid} on node ${node}`);
    ctx.writes.run(async () => {
      try {
        await ctx.client.delete({ ...POD, namespace: v.namespace, name: v.pod.metadata.name }, { preconditions: { uid: v.pod.metadata.uid } });
      } catch (e) {
        if (!isK8sError(e, 'NotFound') && !isK8sError(e, 'Conflict')) ctx.logger.warn('preemption: delete failed', { pod: v.key, err: (e as Error).message });
      }
    });
  }
}

/** PodScheduled=False (and nominatedNodeName) through pods/status, only when it changes. */
function writeStatus(ctx: SchedulerContext, pod: Pod, message: string, nominate: string | undefined): void {
  const cur = (pod.status?.conditions ?? []).find((c: { type: string }) => c.type === 'PodScheduled');
  const same = cur && cur.status === 'False' && cur.reason === 'Unschedulable' && cur.message === message;
  if (same && (!nominate || pod.status?.nominatedNodeName === nominate)) return;
  const now = new Date(ctx.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
  const status: Record<string, unknown> = {
    conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastProbeTime: null,
      lastTransitionTime: cur?.status === 'False' ? cur.lastTransitionTime ?? now : now }],
  };
  if (nominate) status.nominatedNodeName = nominate;
  const ref = { ...POD, namespace: pod.metadata.namespace, name: pod.metadata.name, subresource: 'status' };
  ctx.writes.run(async () => {
    try {
      await ctx.client.patch(ref, 'strategic', { status });
    } catch (e) {
      if (!isK8sError(e, 'NotFound')) ctx.logger.warn('pod status update failed', { pod: `${pod.metadata.namespace}/${pod.metadata.name}`, err: (e as Error).message });
    }
  });
}

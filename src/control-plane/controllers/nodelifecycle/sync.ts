/**
 * One node's lifecycle step: note heartbeats, mark a silent node's
 * conditions Unknown (and its pods not ready), keep the condition taints,
 * and evict pods whose NoExecute tolerations ran out. Returns when to look
 * at the node again (grace expiry or the next eviction).
 */
import { isK8sError } from '../../../base/errors.ts';
import type { Logger } from '../../../base/logger.ts';
import type { KObject } from '../../../api/types.ts';
import type { KubeClient } from '../../../client/types.ts';
import type { SyncResult } from '../types.ts';
import type { CacheView } from '../workload-common/cache-view.ts';
import { isPodReady, rfc3339 } from '../common/pod-utils.ts';
import { msUntilSilent, nodeCondition, observe, silentConditions, type Grace, type HealthRecord } from './health.ts';
import { reconcileTaints, type Taint } from './taints.ts';
import { evictionTime } from './tolerations.ts';

const NODES = { group: '', version: 'v1', plural: 'nodes' };
const PODS = { group: '', version: 'v1', plural: 'pods' };

/** What the sync reads and writes through. */
export interface NodeDeps {
  client: KubeClient;
  nodes: CacheView;
  leases: CacheView;
  /** Cached pods bound to a node. */
  podsOn(node: string): KObject[];
  now(): number;
  grace: Grace;
  /** How often a healthy node is looked at anyway. */
  monitorPeriodMs: number;
  health: Map<string, HealthRecord>;
  logger: Logger;
}

const ignoreGone = (e: unknown): void => { if (!isK8sError(e, 'NotFound') && !isK8sError(e, 'Conflict')) throw e; };

/** Reconcile node `name`. */
export async function syncNode(d: NodeDeps, name: string): Promise<SyncResult | void> {
  let node = d.nodes.get(name);
  if (!node) { d.health.delete(name); return; }
  const now = d.now();
  const rec = observe(d.health.get(name), node, d.leases.get(name, 'kube-node-lease'), now);
  d.health.set(name, rec);
  let next = Math.max(0, msUntilSilent(node, rec, now, d.grace)) || d.monitorPeriodMs;
  if (msUntilSilent(node, rec, now, d.grace) <= 0) {
    const conds = silentConditions(node, now);
    if (conds) {
      d.logger.info('node stopped posting status', { node: name });
      node = await d.client.update({ ...NODES, name, subresource: 'status' }, { ...node, status: { ...node.status, conditions: conds } });
    }
    next = d.monitorPeriodMs;
  }
  if (nodeCondition(node, 'Ready')?.status === 'Unknown') await markPodsNotReady(d, name, now);
  const taints = reconcileTaints(node, now);
  if (taints) {
    const body = structuredClone(node);
    body.spec = { ...(body.spec ?? {}), taints };
    if (taints.length === 0) delete body.spec.taints;
    node = await d.client.update({ ...NODES, name }, body);
  }
  const evictAt = await evictPods(d, node, now);
  if (evictAt !== undefined) next = Math.min(next, Math.max(10, evictAt - now));
  return { requeueAfterMs: next };
}

/** Ready=False on the node's pods once the node is unreachable (the kubelet cannot say so itself). */
async function markPodsNotReady(d: NodeDeps, node: string, now: number): Promise<void> {
  for (const pod of d.podsOn(node)) {
    if (!isPodReady(pod) || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
    const conditions = (pod.status.conditions as KObject[]).map((c) => (c.type === 'Ready' ? { ...c, status: 'False', lastTransitionTime: rfc3339(now) } : c));
    await d.client.update({ ...PODS, namespace: pod.metadata.namespace, name: pod.metadata.name, subresource: 'status' },
      { ...pod, status: { ...pod.status, conditions } }).catch(ignoreGone);
  }
}

/** Delete pods whose tolerations ran out; returns the next eviction time, if any. */
async function evictPods(d: NodeDeps, node: KObject, now: number): Promise<number | undefined> {
  const taints = ((node.spec?.taints ?? []) as Taint[]).filter((t) => t.effect === 'NoExecute');
  if (taints.length === 0) return undefined;
  const since = (t: Taint): number => { const v = Date.parse(t.timeAdded ?? ''); return Number.isNaN(v) ? now : v; };
  let next: number | undefined;
  for (const pod of d.podsOn(node.metadata.name ?? '')) {
    if (pod.metadata.deletionTimestamp || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
    const at = evictionTime(pod, taints, since);
    if (at === undefined) continue;
    if (at > now) { next = next === undefined ? at : Math.min(next, at); continue; }
    d.logger.info('evicting pod for a NoExecute taint', { pod: `${pod.metadata.namespace}/${pod.metadata.name}`, node: node.metadata.name });
    const ref = { ...PODS, namespace: pod.metadata.namespace, name: pod.metadata.name };
    const conditions = [...((pod.status?.conditions ?? []) as KObject[]).filter((c) => c.type !== 'DisruptionTarget'), {
      type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint', lastTransitionTime: rfc3339(now),
    }];
    await d.client.update({ ...ref, subresource: 'status' }, { ...pod, status: { ...pod.status, conditions } }).catch(ignoreGone);
    await d.client.delete(ref, { preconditions: { uid: pod.metadata.uid } }).catch(ignoreGone);
  }
  return next;
}

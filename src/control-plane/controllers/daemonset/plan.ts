/**
 * What one DaemonSet sync must do, computed without I/O: which nodes need
 * a pod, which pods must go (extra pods on a node, failed pods, pods on
 * nodes the set no longer fits or that no longer exist), the rolling
 * update's replacements within maxUnavailable/maxSurge, and the status.
 */
import type { KObject } from '../../../api/types.ts';
import { isPodAvailable, isPodReady, msUntilAvailable } from '../workload-common/pod-state.ts';
import { nodeShouldRunDaemonPod } from './node-fit.ts';
import { daemonPodSpec, podNodeName, REVISION_LABEL } from './pod-template.ts';

/** The outcome of {@link planDaemonSet}. */
export interface DaemonPlan {
  /** Nodes that get a new pod. */
  create: string[];
  /** Pods to delete. */
  remove: KObject[];
  status: Record<string, unknown>;
  /** Look again after this long (a pod becoming available). */
  requeueAfterMs?: number;
}

/** Resolve an int-or-percent against `total` (percent rounded up, as upstream). */
export function scaledValue(v: unknown, total: number, fallback: number): number {
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(String(v));
  return m ? Math.ceil((Number(m[1]) * total) / 100) : Number(v) || 0;
}

const byAge = (a: KObject, b: KObject): number =>
  (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');

/** Compute the plan for `ds` given all nodes and the pods it controls. */
export function planDaemonSet(ds: KObject, nodes: KObject[], pods: KObject[], hash: string, nowMs: number): DaemonPlan {
  const spec = daemonPodSpec(ds.spec?.template ?? {});
  const minReady = Number(ds.spec?.minReadySeconds ?? 0);
  const byNode = new Map<string, KObject[]>();
  for (const p of pods) {
    if (p.metadata.deletionTimestamp) continue;
    const n = podNodeName(p) ?? '';
    byNode.set(n, [...(byNode.get(n) ?? []), p]);
  }
  const plan: DaemonPlan = { create: [], remove: [], status: {} };
  const available = (p: KObject): boolean => {
    const wait = msUntilAvailable(p, minReady, nowMs);
    if (wait !== undefined) plan.requeueAfterMs = Math.min(plan.requeueAfterMs ?? wait, wait);
    return isPodAvailable(p, minReady, nowMs);
  };
  const isNew = (p: KObject): boolean => p.metadata.labels?.[REVISION_LABEL] === hash;
  let desired = 0, scheduled = 0, misscheduled = 0, ready = 0, avail = 0, updated = 0;
  /** Nodes that run exactly one pod, for the rolling update. */
  const running: Array<{ node: string; old?: KObject; cur?: KObject }> = [];
  const known = new Set(nodes.map((n) => n.metadata.name ?? ''));
  for (const node of nodes) {
    const name = node.metadata.name ?? '';
    const fit = nodeShouldRunDaemonPod(spec, node);
    const here = (byNode.get(name) ?? []).sort(byAge);
    if (fit.shouldRun) desired++;
    if (!fit.shouldContinueRunning) {
      plan.remove.push(...here);
      if (here.length) misscheduled++;
      continue;
    }
    if (!fit.shouldRun && here.length) misscheduled++;
    if (!fit.shouldRun && here.length === 0) continue;
    const failed = here.filter((p) => p.status?.phase === 'Failed');
    plan.remove.push(...failed);
    const alive = here.filter((p) => p.status?.phase !== 'Failed');
    if (fit.shouldRun) {
      if (here.length) scheduled++;
      if (alive.length === 0) plan.create.push(name);
    }
    const cur = alive.filter(isNew);
    const old = alive.filter((p) => !isNew(p));
    // Keep the oldest pod of each revision (a surge pair is one old and one new).
    plan.remove.push(...cur.slice(1), ...old.slice(1));
    const one = { node: name, old: old[0], cur: cur[0] };
    const best = one.cur ?? one.old;
    if (best && isPodReady(best)) ready++;
    if (best && available(best)) avail++;
    if (one.cur) updated++;
    if (fit.shouldRun && (one.old || one.cur)) running.push(one);
  }
  // Pods for nodes that are gone (or never existed) are removed as well.
  for (const [n, ps] of byNode) if (!known.has(n)) plan.remove.push(...ps);
  if (ds.spec?.updateStrategy?.type !== 'OnDelete') rollingUpdate(ds, running, desired, available, plan);
  plan.status = {
    currentNumberScheduled: scheduled, numberMisscheduled: misscheduled, desiredNumberScheduled: desired,
    numberReady: ready, observedGeneration: ds.metadata.generation, updatedNumberScheduled: updated,
    numberAvailable: avail, numberUnavailable: Math.max(0, desired - avail),
  };
  if (ds.status?.collisionCount !== undefined) plan.status.collisionCount = ds.status.collisionCount;
  if (Array.isArray(ds.status?.conditions)) plan.status.conditions = ds.status.conditions;
  for (const k of ['numberAvailable', 'numberUnavailable']) if (plan.status[k] === 0) delete plan.status[k];
  return plan;
}

/** Replace old pods: delete within maxUnavailable, or surge a new pod first within maxSurge. */
function rollingUpdate(ds: KObject, nodes: Array<{ node: string; old?: KObject; cur?: KObject }>, desired: number,
  available: (p: KObject) => boolean, plan: DaemonPlan): void {
  const ru = ds.spec?.updateStrategy?.rollingUpdate ?? {};
  const maxSurge = scaledValue(ru.maxSurge, desired, 0);
  let maxUnavailable = scaledValue(ru.maxUnavailable, desired, maxSurge > 0 ? 0 : 1);
  if (maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  // Nodes that should run a pod but have none available count as unavailable too.
  const up = nodes.filter((n) => (n.cur && available(n.cur)) || (!n.cur && n.old && available(n.old))).length;
  let unavailable = Math.max(0, desired - up);
  let surged = nodes.filter((n) => n.old && n.cur).length;
  for (const n of nodes) {
    if (!n.old) continue;
    if (n.cur) {
      // Surge pair: the old pod goes once the new one is available.
      if (available(n.cur)) plan.remove.push(n.old);
      continue;
    }
    if (!available(n.old)) {
      plan.remove.push(n.old);
      continue;
    }
    if (maxSurge > 0) {
      if (surged < maxSurge) {
        plan.create.push(n.node);
        surged++;
      }
    } else if (unavailable < maxUnavailable) {
      plan.remove.push(n.old);
      unavailable++;
    }
  }
}

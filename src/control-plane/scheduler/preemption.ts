/**
 * DefaultPreemption (PostFilter): when a pod fits nowhere, find a node where
 * removing lower-priority pods would let it fit, keeping as many of them as
 * possible (highest priority reprieved first), and pick the node whose
 * victims matter least: lowest highest-victim priority, then lowest sum of
 * priorities, then fewest victims, then most recently started victims.
 * The what-if runs on the live cache synchronously and is undone before
 * returning, so no copies of NodeInfo are needed.
 */
import type { Diagnosis } from './fit-error.ts';
import type { Framework } from './framework.ts';
import type { NodeInfo } from './node-info.ts';
import type { PodInfo } from './pod-info.ts';
import { reasonHistogram } from './fit-error.ts';
import type { ClusterView, CycleState, Status } from './types.ts';

/** The chosen node and the pods to evict there. */
export interface PreemptionResult { node: string; victims: PodInfo[] }

/** Outcome: a result, or the message (no final period) to append to FailedScheduling. */
export type PreemptionOutcome = { result: PreemptionResult } | { message: string };

const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
const NO_VICTIMS = 'No preemption victims found for incoming pod';

function setPods(fw: Framework, state: CycleState, pod: PodInfo, node: NodeInfo, pods: PodInfo[], sign: 1 | -1): void {
  for (const v of pods) {
    if (sign < 0) node.removePod(v.key);
    else node.addPod(v);
    for (const p of fw.profile.preFilter) p.updateState?.(state, pod, v, node, sign);
  }
}

/** Victims on one node, or undefined when evicting every lower-priority pod would not help. */
function selectVictims(fw: Framework, state: CycleState, pod: PodInfo, node: NodeInfo): PodInfo[] | undefined {
  const lower = [...node.pods.values()].filter((p) => p.priority < pod.priority);
  if (lower.length === 0) return undefined;
  setPods(fw, state, pod, node, lower, -1);
  const fits = !fw.runFilters(state, pod, node);
  const victims: PodInfo[] = [];
  if (fits) {
    // Reprieve the most important pods first; whoever breaks the fit stays a victim.
    const order = [...lower].sort((a, b) => b.priority - a.priority || startTime(a) - startTime(b));
    for (const v of order) {
      setPods(fw, state, pod, node, [v], 1);
      if (fw.runFilters(state, pod, node)) {
        setPods(fw, state, pod, node, [v], -1);
        victims.push(v);
      }
    }
  }
  // Undo: put back the victims (the reprieved ones are already there).
  setPods(fw, state, pod, node, fits ? victims : lower, 1);
  return fits ? victims : undefined;
}

function startTime(p: PodInfo): number {
  return Date.parse(p.pod.status?.startTime ?? p.pod.metadata.creationTimestamp ?? '') || 0;
}

/** Compare candidates; negative when `a` is better. */
function compare(a: PodInfo[], b: PodInfo[]): number {
  const maxP = (vs: PodInfo[]): number => Math.max(...vs.map((v) => v.priority));
  const sum = (vs: PodInfo[]): number => vs.reduce((s, v) => s + v.priority + 2_147_483_648, 0);
  if (a.length === 0 || b.length === 0) return a.length - b.length;
  const ma = maxP(a);
  const mb = maxP(b);
  if (ma !== mb) return ma - mb;
  if (sum(a) !== sum(b)) return sum(a) - sum(b);
  if (a.length !== b.length) return a.length - b.length;
  const latest = (vs: PodInfo[], m: number): number => Math.max(...vs.filter((v) => v.priority === m).map(startTime));
  return latest(b, mb) - latest(a, ma);
}

/** Whether the pod may preempt at all; else the reason upstream reports. */
export function preemptionIneligible(pod: PodInfo, policy: string, nominated: NodeInfo | undefined): string | undefined {
  if (policy === 'Never') return 'preemption: not eligible due to preemptionPolicy=Never';
  if (nominated) {
    for (const p of nominated.pods.values()) {
      if (p.pod.metadata.deletionTimestamp && p.priority < pod.priority) return 'preemption: not eligible due to a terminating pod on the nominated node';
    }
  }
  return undefined;
}

/** Run preemption for a pod that failed to schedule with `diagnosis`. */
export function preempt(fw: Framework, state: CycleState, pod: PodInfo, diagnosis: Diagnosis,
  cluster: ClusterView): PreemptionOutcome {
  const nodes = cluster.nodes();
  const statuses: Status[] = [];
  let best: PreemptionResult | undefined;
  const notHelpful: Status = { code: 'UnschedulableAndUnresolvable', reasons: [NOT_HELPFUL], plugin: 'DefaultPreemption' };
  const noVictims: Status = { code: 'Unschedulable', reasons: [NO_VICTIMS], plugin: 'DefaultPreemption' };
  for (const n of nodes) {
    const s = diagnosis.nodeToStatus.get(n.name);
    if (!s || s.code === 'UnschedulableAndUnresolvable') {
      statuses.push(notHelpful);
      continue;
    }
    const victims = selectVictims(fw, state, pod, n);
    if (!victims) {
      statuses.push(noVictims);
      continue;
    }
    if (!best || compare(victims, best.victims) < 0) best = { node: n.name, victims };
  }
  if (best) return { result: best };
  return { message: `preemption: 0/${nodes.length} nodes are available: ${reasonHistogram(statuses).join(', ')}` };
}

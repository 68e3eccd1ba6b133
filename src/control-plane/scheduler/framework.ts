/**
 * One scheduling attempt: pre-filter, filter the nodes starting where the
 * previous attempt stopped (round robin) until enough feasible nodes are
 * found, pre-score and score them, normalize and weight the scores, and
 * pick the best node (ties broken at random, as upstream).
 */
import { FitError, type Diagnosis } from './fit-error.ts';
import type { NodeInfo } from './node-info.ts';
import type { PodInfo } from './pod-info.ts';
import type { ClusterView, CycleState, Profile, Status } from './types.ts';

/** Upstream's floor of nodes to find before stopping the search. */
const MIN_FEASIBLE_NODES_TO_FIND = 100;
/** Floor of the adaptive percentage. */
const MIN_FEASIBLE_PERCENTAGE = 5;

/**
 * How many feasible nodes to look for: all of a small cluster, else an
 * adaptive share (50% minus 1% per 125 nodes, at least 5%) of at least 100
 * nodes; `percentage` > 0 overrides the adaptive share.
 */
export function numFeasibleNodesToFind(numAllNodes: number, percentage = 0): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND || percentage >= 100) return numAllNodes;
  let pct = percentage;
  if (pct <= 0) pct = Math.max(MIN_FEASIBLE_PERCENTAGE, 50 - Math.trunc(numAllNodes / 125));
  const n = Math.trunc((numAllNodes * pct) / 100);
  return Math.max(n, MIN_FEASIBLE_NODES_TO_FIND);
}

/** The outcome of a successful attempt. */
export interface ScheduleResult {
  node: string;
  /** Nodes filtered. */
  evaluated: number;
  /** Feasible nodes found (and scored). */
  feasible: number;
}

/** Runs the plugins of one profile. */
export class Framework {
  private nextStart = 0;

  constructor(readonly profile: Profile, private readonly percentageOfNodesToScore = 0,
    private readonly random: () => number = Math.random) {}

  /** Run every pre-filter; a status rejects the pod on all nodes. */
  runPreFilters(state: CycleState, pod: PodInfo, cluster: ClusterView): Status | undefined {
    for (const p of this.profile.preFilter) {
      const s = p.preFilter(state, pod, cluster);
      if (s) return s;
    }
    return undefined;
  }

  /** Run the filters on one node; the first failure wins. */
  runFilters(state: CycleState, pod: PodInfo, node: NodeInfo): Status | undefined {
    for (const f of this.profile.filter) {
      const s = f.filter(state, pod, node);
      if (s) return s;
    }
    return undefined;
  }

  /**
   * Filters, counting pods nominated to the node with at least this pod's
   * priority as if they ran there, so the room preemption made is not
   * taken by someone else; the pod must fit both with and without them.
   */
  filterWithNominated(state: CycleState, pod: PodInfo, node: NodeInfo, cluster: ClusterView): Status | undefined {
    const noms = cluster.nominatedPods(node.name)?.filter((p) => p.key !== pod.key && p.priority >= pod.priority && !node.pods.has(p.key));
    if (!noms || noms.length === 0) return this.runFilters(state, pod, node);
    const update = (sign: 1 | -1): void => {
      for (const p of noms) {
        if (sign > 0) node.addPod(p);
        else node.removePod(p.key);
        for (const pf of this.profile.preFilter) pf.updateState?.(state, pod, p, node, sign);
      }
    };
    update(1);
    const s = this.runFilters(state, pod, node);
    update(-1);
    return s ?? this.runFilters(state, pod, node);
  }

  /** Pick a node for the pod or throw {@link FitError}. `state` is left for preemption to reuse. */
  schedule(pod: PodInfo, cluster: ClusterView, state: CycleState = new Map()): ScheduleResult {
    const nodes = cluster.nodes();
    const all = nodes.length;
    const diagnosis: Diagnosis = { nodeToStatus: new Map() };
    if (all === 0) throw new FitError(0, diagnosis);
    const pre = this.runPreFilters(state, pod, cluster);
    if (pre) {
      for (const n of nodes) diagnosis.nodeToStatus.set(n.name, pre);
      diagnosis.preFilterMsg = pre.reasons.join(', ');
      throw new FitError(all, diagnosis);
    }
    const want = numFeasibleNodesToFind(all, this.percentageOfNodesToScore);
    const feasible: NodeInfo[] = [];
    const start = this.nextStart % all;
    let processed = 0;
    for (; processed < all && feasible.length < want; processed++) {
      const n = nodes[(start + processed) % all] as NodeInfo;
      const s = this.filterWithNominated(state, pod, n, cluster);
      if (s) diagnosis.nodeToStatus.set(n.name, s);
      else feasible.push(n);
    }
    this.nextStart = (start + processed) % all;
    if (feasible.length === 0) throw new FitError(all, diagnosis);
    if (feasible.length === 1) return { node: (feasible[0] as NodeInfo).name, evaluated: processed, feasible: 1 };
    return { node: this.selectHost(state, pod, feasible, cluster), evaluated: processed, feasible: feasible.length };
  }

  /** Score feasible nodes and pick the best. */
  private selectHost(state: CycleState, pod: PodInfo, nodes: NodeInfo[], cluster: ClusterView): string {
    for (const p of this.profile.preScore) p.preScore(state, pod, nodes, cluster);
    const total = new Float64Array(nodes.length);
    const scores: number[] = new Array<number>(nodes.length);
    for (const { plugin, weight } of this.profile.score) {
      for (let i = 0; i < nodes.length; i++) scores[i] = plugin.score(state, pod, nodes[i] as NodeInfo);
      plugin.normalize?.(state, pod, scores);
      for (let i = 0; i < nodes.length; i++) total[i] = (total[i] as number) + (scores[i] as number) * weight;
    }
    let best = 0;
    let ties = 1;
    for (let i = 1; i < nodes.length; i++) {
      const v = total[i] as number;
      if (v > (total[best] as number)) {
        best = i;
        ties = 1;
      } else if (v === total[best]) {
        // Reservoir sampling: each tied node wins with equal probability.
        ties++;
        if (this.random() * ties < 1) best = i;
      }
    }
    return (nodes[best] as NodeInfo).name;
  }
}

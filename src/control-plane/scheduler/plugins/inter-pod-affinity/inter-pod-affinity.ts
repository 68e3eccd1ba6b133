/**
 * InterPodAffinity: required pod affinity/anti-affinity (both the incoming
 * pod's and existing pods' anti-affinity) filter nodes; preferred terms of
 * both sides add or subtract weight per topology domain when scoring.
 */
import { MAX_NODE_SCORE, type ClusterView, type CycleState, type FilterPlugin, type PreFilterPlugin,
  type PreScorePlugin, type ScorePlugin, type Status } from '../../types.ts';
import type { NodeInfo } from '../../node-info.ts';
import { termMatches, type AffinityTerm, type PodInfo } from '../../pod-info.ts';
import { accountPod, computeFilterState, filterNode, type FilterState } from './filter.ts';

const FILTER = 'InterPodAffinity/filter';
const SCORE = 'InterPodAffinity/score';
/** Weight of existing pods' required affinity terms when scoring (upstream hardPodAffinityWeight). */
const HARD_POD_AFFINITY_WEIGHT = 1;

/** Scores per topology key, then value. */
type TopologyScores = Map<string, Map<string, number>>;

/** The InterPodAffinity plugin. */
export class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = 'InterPodAffinity';

  preFilter(state: CycleState, pod: PodInfo, cluster: ClusterView): Status | undefined {
    const s = computeFilterState(pod, cluster);
    if (s) state.set(FILTER, s);
    return undefined;
  }

  updateState(state: CycleState, pod: PodInfo, victim: PodInfo, node: NodeInfo, sign: 1 | -1): void {
    const s = state.get(FILTER) as FilterState | undefined;
    if (s) accountPod(s, pod, victim, node, sign);
  }

  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status | undefined {
    const s = state.get(FILTER) as FilterState | undefined;
    return s ? filterNode(this.name, s, pod, node) : undefined;
  }

  preScore(state: CycleState, pod: PodInfo, _nodes: readonly NodeInfo[], cluster: ClusterView): void {
    const own = pod.preferredAffinity.length + pod.preferredAntiAffinity.length > 0;
    if (!own && !cluster.havePodsWithAffinity()) return;
    const nsLabels = (ns: string): Record<string, string> | undefined => cluster.namespaceLabels(ns);
    const scores: TopologyScores = new Map();
    const add = (t: AffinityTerm, node: NodeInfo, w: number): void => {
      const v = node.labels[t.topologyKey];
      if (v === undefined || w === 0) return;
      let m = scores.get(t.topologyKey);
      if (!m) scores.set(t.topologyKey, (m = new Map()));
      m.set(v, (m.get(v) ?? 0) + w);
    };
    for (const n of cluster.nodes()) {
      const pods = own ? n.pods.values() : n.podsWithAffinity.values();
      for (const e of pods) {
        for (const t of pod.preferredAffinity) if (termMatches(t, e, nsLabels)) add(t, n, t.weight);
        for (const t of pod.preferredAntiAffinity) if (termMatches(t, e, nsLabels)) add(t, n, -t.weight);
        for (const t of e.preferredAffinity) if (termMatches(t, pod, nsLabels)) add(t, n, t.weight);
        for (const t of e.preferredAntiAffinity) if (termMatches(t, pod, nsLabels)) add(t, n, -t.weight);
        for (const t of e.requiredAffinity) if (termMatches(t, pod, nsLabels)) add(t, n, HARD_POD_AFFINITY_WEIGHT);
      }
    }
    if (scores.size > 0) state.set(SCORE, scores);
  }

  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    const s = state.get(SCORE) as TopologyScores | undefined;
    if (!s) return 0;
    let sum = 0;
    for (const [key, m] of s) {
      const v = node.labels[key];
      if (v !== undefined) sum += m.get(v) ?? 0;
    }
    return sum;
  }

  normalize(state: CycleState, _p: PodInfo, scores: number[]): void {
    if (!state.has(SCORE)) {
      scores.fill(0);
      return;
    }
    let min = Infinity;
    let max = -Infinity;
    for (const v of scores) { if (v < min) min = v; if (v > max) max = v; }
    const d = max - min;
    for (let i = 0; i < scores.length; i++) scores[i] = d === 0 ? 0 : Math.trunc((MAX_NODE_SCORE * ((scores[i] as number) - min)) / d);
  }
}

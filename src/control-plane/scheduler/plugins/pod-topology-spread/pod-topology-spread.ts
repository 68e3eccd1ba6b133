/**
 * PodTopologySpread: hard constraints (DoNotSchedule) reject nodes whose
 * domain would exceed maxSkew over the least loaded domain; soft ones
 * (ScheduleAnyway, or the system defaults) prefer less loaded domains.
 */
import { fail, MAX_NODE_SCORE, type ClusterView, type CycleState, type FilterPlugin, type PreFilterPlugin,
  type PreScorePlugin, type ScorePlugin, type Status } from '../../types.ts';
import type { NodeInfo } from '../../node-info.ts';
import type { PodInfo } from '../../pod-info.ts';
import { countOnNode, defaultConstraints, nodeEligible, podConstraints, type Constraint } from './constraints.ts';

interface FilterState { cs: Constraint[]; counts: Map<string, number>[]; eligible: Set<string> }
interface ScoreState { cs: Constraint[]; counts: Map<string, number>[]; weights: number[]; ignored: Set<string> }

const FILTER = 'PodTopologySpread/filter';
const SCORE = 'PodTopologySpread/score';

/** The PodTopologySpread plugin. */
export class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = 'PodTopologySpread';

  preFilter(state: CycleState, pod: PodInfo, cluster: ClusterView): Status | undefined {
    const cs = podConstraints(pod, 'DoNotSchedule');
    if (cs.length === 0) return undefined;
    const counts = cs.map(() => new Map<string, number>());
    const eligible = new Set<string>();
    for (const n of cluster.nodes()) {
      if (!nodeEligible(pod, n, cs)) continue;
      eligible.add(n.name);
      cs.forEach((c, i) => {
        const v = n.labels[c.topologyKey] as string;
        const m = counts[i] as Map<string, number>;
        m.set(v, (m.get(v) ?? 0) + countOnNode(n, c));
      });
    }
    state.set(FILTER, { cs, counts, eligible } satisfies FilterState);
    return undefined;
  }

  updateState(state: CycleState, _pod: PodInfo, victim: PodInfo, node: NodeInfo, sign: 1 | -1): void {
    const s = state.get(FILTER) as FilterState | undefined;
    if (!s || !s.eligible.has(node.name)) return;
    s.cs.forEach((c, i) => {
      if (!c.matches(victim)) return;
      const v = node.labels[c.topologyKey] as string;
      const m = s.counts[i] as Map<string, number>;
      m.set(v, (m.get(v) ?? 0) + sign);
    });
  }

  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status | undefined {
    const s = state.get(FILTER) as FilterState | undefined;
    if (!s) return undefined;
    for (let i = 0; i < s.cs.length; i++) {
      const c = s.cs[i] as Constraint;
      const v = node.labels[c.topologyKey];
      if (v === undefined) {
        return fail(this.name, 'UnschedulableAndUnresolvable', "node(s) didn't match pod topology spread constraints (missing required label)");
      }
      const m = s.counts[i] as Map<string, number>;
      let min = Infinity;
      for (const n of m.values()) if (n < min) min = n;
      if (min === Infinity || m.size < c.minDomains) min = 0;
      const self = c.matches(pod) ? 1 : 0;
      if ((m.get(v) ?? 0) + self - min > c.maxSkew) {
        return fail(this.name, 'Unschedulable', "node(s) didn't match pod topology spread constraints");
      }
    }
    return undefined;
  }

  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], cluster: ClusterView): void {
    let cs = podConstraints(pod, 'ScheduleAnyway');
    if (cs.length === 0 && !(pod.pod.spec?.topologySpreadConstraints ?? []).length) cs = defaultConstraints(pod);
    if (cs.length === 0) return;
    const ignored = new Set<string>();
    const domains = cs.map(() => new Set<string>());
    for (const n of nodes) {
      // The system defaults tolerate a missing zone label; explicit constraints need every key.
      if (cs.some((c) => n.labels[c.topologyKey] === undefined && c.topologyKey !== 'topology.kubernetes.io/zone')) {
        ignored.add(n.name);
        continue;
      }
      cs.forEach((c, i) => { const v = n.labels[c.topologyKey]; if (v !== undefined) domains[i]?.add(v); });
    }
    const counts = cs.map(() => new Map<string, number>());
    for (const n of cluster.nodes()) {
      if (!nodeEligible(pod, n, cs.filter((c) => n.labels[c.topologyKey] !== undefined))) continue;
      cs.forEach((c, i) => {
        const v = n.labels[c.topologyKey];
        if (v === undefined || !domains[i]?.has(v)) return;
        const m = counts[i] as Map<string, number>;
        m.set(v, (m.get(v) ?? 0) + countOnNode(n, c));
      });
    }
    const weights = domains.map((d) => Math.log(d.size + 2));
    state.set(SCORE, { cs, counts, weights, ignored } satisfies ScoreState);
  }

  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    const s = state.get(SCORE) as ScoreState | undefined;
    if (!s || s.ignored.has(node.name)) return -1;
    let score = 0;
    s.cs.forEach((c, i) => {
      const v = node.labels[c.topologyKey];
      if (v === undefined) return;
      score += (s.counts[i]?.get(v) ?? 0) * (s.weights[i] as number) + (c.maxSkew - 1);
    });
    return Math.round(score);
  }

  normalize(state: CycleState, _p: PodInfo, scores: number[]): void {
    const s = state.get(SCORE) as ScoreState | undefined;
    if (!s) {
      scores.fill(0);
      return;
    }
    let min = Infinity;
    let max = -Infinity;
    for (const v of scores) {
      if (v < 0) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    for (let i = 0; i < scores.length; i++) {
      const v = scores[i] as number;
      if (v < 0) scores[i] = 0;
      else if (max === 0) scores[i] = MAX_NODE_SCORE;
      else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - v)) / max);
    }
  }
}

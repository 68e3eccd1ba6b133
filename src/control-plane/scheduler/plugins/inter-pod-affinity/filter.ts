/**
 * InterPodAffinity filtering: counts, per topology pair (key=value), the
 * existing pods that satisfy the incoming pod's required affinity and
 * anti-affinity terms, and the existing pods whose required anti-affinity
 * rejects the incoming pod; the per-node check is then a few map lookups.
 */
import { fail, type ClusterView, type CycleState, type Status } from '../../types.ts';
import type { NodeInfo } from '../../node-info.ts';
import { termMatches, type AffinityTerm, type PodInfo } from '../../pod-info.ts';

/** Pair counts keyed "topologyKey\u0000value". */
type Counts = Map<string, number>;

/** What pre-filter computed. */
export interface FilterState {
  existingAnti: Counts;
  affinity: Counts;
  anti: Counts;
  nsLabels: (ns: string) => Record<string, string> | undefined;
}

const pair = (k: string, v: string): string => `${k}\u0000${v}`;
const bump = (m: Counts, k: string, d: number): void => { m.set(k, (m.get(k) ?? 0) + d); };

/** Add (sign 1) or remove (sign -1) one existing pod's contribution. */
export function accountPod(s: FilterState, pod: PodInfo, existing: PodInfo, node: NodeInfo, sign: number): void {
  for (const t of existing.requiredAntiAffinity) {
    const v = node.labels[t.topologyKey];
    if (v !== undefined && termMatches(t, pod, s.nsLabels)) bump(s.existingAnti, pair(t.topologyKey, v), sign);
  }
  if (pod.requiredAffinity.length > 0 && pod.requiredAffinity.every((t) => termMatches(t, existing, s.nsLabels))) {
    for (const t of pod.requiredAffinity) {
      const v = node.labels[t.topologyKey];
      if (v !== undefined) bump(s.affinity, pair(t.topologyKey, v), sign);
    }
  }
  for (const t of pod.requiredAntiAffinity) {
    const v = node.labels[t.topologyKey];
    if (v !== undefined && termMatches(t, existing, s.nsLabels)) bump(s.anti, pair(t.topologyKey, v), sign);
  }
}

/** Build the counts over the whole cluster. */
export function computeFilterState(pod: PodInfo, cluster: ClusterView): FilterState | undefined {
  const own = pod.requiredAffinity.length + pod.requiredAntiAffinity.length > 0;
  if (!own && !cluster.havePodsWithAffinity()) return undefined;
  const s: FilterState = { existingAnti: new Map(), affinity: new Map(), anti: new Map(), nsLabels: (ns) => cluster.namespaceLabels(ns) };
  for (const n of cluster.nodes()) {
    // Without terms of its own, only existing pods' anti-affinity can reject the pod.
    const pods = own ? n.pods.values() : n.podsWithRequiredAntiAffinity.values();
    for (const e of pods) accountPod(s, pod, e, n, 1);
  }
  return s;
}

function positive(m: Counts, term: AffinityTerm, node: NodeInfo): boolean {
  const v = node.labels[term.topologyKey];
  return v !== undefined && (m.get(pair(term.topologyKey, v)) ?? 0) > 0;
}

/** The per-node check. */
export function filterNode(name: string, s: FilterState, pod: PodInfo, node: NodeInfo): Status | undefined {
  for (const [k, n] of s.existingAnti) {
    if (n <= 0) continue;
    const [key, v] = k.split('\u0000') as [string, string];
    if (node.labels[key] === v) return fail(name, 'Unschedulable', "node(s) didn't satisfy existing pods anti-affinity rules");
  }
  for (const t of pod.requiredAntiAffinity) {
    if (positive(s.anti, t, node)) return fail(name, 'Unschedulable', "node(s) didn't match pod anti-affinity rules");
  }
  if (pod.requiredAffinity.length > 0) {
    if (pod.requiredAffinity.every((t) => positive(s.affinity, t, node))) return undefined;
    // The first pod of a group that selects itself may go anywhere with the topology keys.
    let any = false;
    for (const n of s.affinity.values()) if (n > 0) { any = true; break; }
    const self = pod.requiredAffinity.every((t) => termMatches(t, pod, s.nsLabels));
    if (!any && self && pod.requiredAffinity.every((t) => node.labels[t.topologyKey] !== undefined)) return undefined;
    return fail(name, 'UnschedulableAndUnresolvable', "node(s) didn't match pod affinity rules");
  }
  return undefined;
}

/**
 * Topology spread constraints compiled for counting: which pods count
 * (selector, namespace, matchLabelKeys) and which nodes are domains
 * (nodeAffinityPolicy, nodeTaintsPolicy).
 */
import { compileLabelSelectorObject, type LabelSelector } from '../../../../api/selectors/labels.ts';
import type { NodeInfo } from '../../node-info.ts';
import type { PodInfo } from '../../pod-info.ts';
import { podMatchesNode } from '../node-affinity/node-selector.ts';
import { firstUntolerated } from '../taint-toleration/tolerations.ts';

/** One compiled constraint. */
export interface Constraint {
  maxSkew: number;
  topologyKey: string;
  minDomains: number;
  /** Whether a pod counts toward this constraint. */
  matches: (p: PodInfo) => boolean;
  honorAffinity: boolean;
  honorTaints: boolean;
}

/** Upstream's default (system) constraints, applied when a pod has none of its own. */
const SYSTEM_DEFAULTS = [
  { topologyKey: 'kubernetes.io/hostname', maxSkew: 3 },
  { topologyKey: 'topology.kubernetes.io/zone', maxSkew: 5 },
];

/** Compile a pod's constraints with the given whenUnsatisfiable. */
export function podConstraints(pod: PodInfo, when: 'DoNotSchedule' | 'ScheduleAnyway'): Constraint[] {
  const out: Constraint[] = [];
  const labels: Record<string, string> = pod.pod.metadata.labels ?? {};
  for (const c of pod.pod.spec?.topologySpreadConstraints ?? []) {
    if ((c.whenUnsatisfiable ?? 'DoNotSchedule') !== when) continue;
    const sel: LabelSelector = { ...(c.labelSelector ?? {}), matchLabels: { ...(c.labelSelector?.matchLabels ?? {}) } };
    for (const k of c.matchLabelKeys ?? []) if (labels[k] !== undefined) (sel.matchLabels as Record<string, string>)[k] = labels[k];
    let m: (l: Record<string, string> | undefined) => boolean;
    try {
      m = c.labelSelector ? compileLabelSelectorObject(sel) : () => false;
    } catch {
      m = () => false;
    }
    out.push({
      maxSkew: Number(c.maxSkew ?? 1),
      topologyKey: c.topologyKey,
      minDomains: Number(c.minDomains ?? 1),
      matches: (p) => p.namespace === pod.namespace && m(p.pod.metadata.labels),
      honorAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor',
      honorTaints: c.nodeTaintsPolicy === 'Honor',
    });
  }
  return out;
}

/**
 * System default spreading: pods of the same controller (ReplicaSet,
 * StatefulSet, Job...) spread over hosts and zones. Upstream derives the
 * selector from Services and controllers selecting the pod; the owning
 * controller's uid selects the same pods without watching those kinds.
 */
export function defaultConstraints(pod: PodInfo): Constraint[] {
  const owner = (pod.pod.metadata.ownerReferences ?? []).find((o) => o.controller);
  if (!owner) return [];
  const matches = (p: PodInfo): boolean => p.namespace === pod.namespace &&
    (p.pod.metadata.ownerReferences ?? []).some((o) => o.controller && o.uid === owner.uid);
  return SYSTEM_DEFAULTS.map((d) => ({ ...d, minDomains: 1, matches, honorAffinity: true, honorTaints: false }));
}

/** Whether a node is a domain of the constraints for this pod (labels present, policies honoured). */
export function nodeEligible(pod: PodInfo, node: NodeInfo, cs: readonly Constraint[]): boolean {
  for (const c of cs) if (node.labels[c.topologyKey] === undefined) return false;
  if (cs.some((c) => c.honorAffinity) && !podMatchesNode(pod.pod, node.node)) return false;
  if (cs.some((c) => c.honorTaints) && firstUntolerated(node.node.spec?.taints, pod.pod.spec?.tolerations, ['NoSchedule', 'NoExecute'])) return false;
  return true;
}

/** Pods on a node that count toward a constraint (terminating pods do not). */
export function countOnNode(node: NodeInfo, c: Constraint): number {
  let n = 0;
  for (const p of node.pods.values()) if (!p.pod.metadata.deletionTimestamp && c.matches(p)) n++;
  return n;
}

/**
 * Whether a DaemonSet pod belongs on a node (pure): nodeSelector, required
 * node affinity, and taints against the pod's tolerations. A pod should
 * run where every NoSchedule/NoExecute taint is tolerated; a running pod
 * may stay where every NoExecute taint is tolerated.
 */
import type { KObject } from '../../../api/types.ts';

/** A node taint. */
export interface Taint { key: string; value?: string; effect: string }
/** A pod toleration. */
export interface Toleration { key?: string; operator?: string; value?: string; effect?: string; tolerationSeconds?: number }
interface SelectorRequirement { key: string; operator: string; values?: string[] }
interface NodeSelectorTerm { matchExpressions?: SelectorRequirement[]; matchFields?: SelectorRequirement[] }

/** True when the toleration tolerates the taint. */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if ((t.operator ?? 'Equal') === 'Exists') return !t.key || t.key === taint.key;
  return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
}

function untolerated(taints: Taint[], tols: Toleration[], effects: string[]): Taint | undefined {
  return taints.find((x) => effects.includes(x.effect) && !tols.some((t) => tolerates(t, x)));
}

function requirementMatches(r: SelectorRequirement, value: string | undefined): boolean {
  const vals = r.values ?? [];
  switch (r.operator) {
    case 'In': return value !== undefined && vals.includes(value);
    case 'NotIn': return value === undefined || !vals.includes(value);
    case 'Exists': return value !== undefined;
    case 'DoesNotExist': return value === undefined;
    case 'Gt': return value !== undefined && /^-?\d+$/.test(value) && Number(value) > Number(vals[0]);
    case 'Lt': return value !== undefined && /^-?\d+$/.test(value) && Number(value) < Number(vals[0]);
    default: return false;
  }
}

/** A node selector term matches when all its expressions and fields do (an empty term matches nothing). */
export function termMatches(term: NodeSelectorTerm, node: KObject): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = (node.metadata.labels ?? {}) as Record<string, string>;
  return exprs.every((r) => requirementMatches(r, labels[r.key]))
    && fields.every((r) => r.key === 'metadata.name' && requirementMatches(r, node.metadata.name));
}

/** nodeSelector and required node affinity of a pod spec against a node. */
export function selectorsMatch(podSpec: KObject['spec'], node: KObject): boolean {
  const labels = (node.metadata.labels ?? {}) as Record<string, string>;
  for (const [k, v] of Object.entries((podSpec?.nodeSelector ?? {}) as Record<string, string>)) {
    if (labels[k] !== v) return false;
  }
  const terms = podSpec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms as NodeSelectorTerm[] | undefined;
  if (terms && !terms.some((t) => termMatches(t, node))) return false;
  return true;
}

/** Where a DaemonSet pod with this spec should be and may stay. */
export function nodeShouldRunDaemonPod(podSpec: KObject['spec'], node: KObject): { shouldRun: boolean; shouldContinueRunning: boolean } {
  if (!selectorsMatch(podSpec, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = (node.spec?.taints ?? []) as Taint[];
  const tols = (podSpec?.tolerations ?? []) as Toleration[];
  return {
    shouldRun: !untolerated(taints, tols, ['NoSchedule', 'NoExecute']),
    shouldContinueRunning: !untolerated(taints, tols, ['NoExecute']),
  };
}

/** Matching nodes against v1.NodeSelectorTerm (matchExpressions on labels, matchFields on metadata.name). */
import type { Node } from '../../types.ts';

/** A v1.NodeSelectorRequirement. */
export interface NodeSelectorRequirement { key: string; operator: string; values?: string[] }
/** A v1.NodeSelectorTerm. */
export interface NodeSelectorTerm { matchExpressions?: NodeSelectorRequirement[]; matchFields?: NodeSelectorRequirement[] }

function matchReq(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const vals = r.values ?? [];
  switch (r.operator) {
    case 'In': return value !== undefined && vals.includes(value);
    case 'NotIn': return value === undefined || !vals.includes(value);
    case 'Exists': return value !== undefined;
    case 'DoesNotExist': return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || vals.length !== 1) return false;
      const a = Number.parseInt(value, 10);
      const b = Number.parseInt(vals[0] as string, 10);
      if (Number.isNaN(a) || Number.isNaN(b)) return false;
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default: return false;
  }
}

/** Whether one term matches (an empty term matches nothing, as upstream). */
export function matchTerm(term: NodeSelectorTerm, node: Node): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels: Record<string, string> = node.metadata.labels ?? {};
  for (const r of exprs) if (!matchReq(r, Object.hasOwn(labels, r.key) ? labels[r.key] : undefined)) return false;
  for (const r of fields) {
    if (r.key !== 'metadata.name' || !matchReq(r, node.metadata.name)) return false;
  }
  return true;
}

/** Terms are ORed; no terms matches nothing. */
export function matchAnyTerm(terms: NodeSelectorTerm[] | undefined, node: Node): boolean {
  return (terms ?? []).some((t) => matchTerm(t, node));
}

/** Whether a pod's nodeSelector and required node affinity both accept the node. */
export function podMatchesNode(pod: Node, node: Node): boolean {
  const sel: Record<string, string> = pod.spec?.nodeSelector ?? {};
  const labels: Record<string, string> = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(sel)) if (labels[k] !== v) return false;
  const req = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (req && !matchAnyTerm(req.nodeSelectorTerms, node)) return false;
  return true;
}

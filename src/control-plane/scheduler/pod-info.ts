/**
 * A pod with everything the plugins derive from its spec computed once:
 * requests, host ports, compiled (anti-)affinity terms. A pod is filtered
 * against hundreds of nodes per attempt, so this is where parsing belongs.
 */
import { compileLabelSelectorObject, type LabelMatcher } from '../../api/selectors/labels.ts';
import { objectKey } from '../../client/indexer.ts';
import { podRequests, type Resource } from './resources.ts';
import type { Pod } from './types.ts';

/** One pod (anti-)affinity term, compiled. */
export interface AffinityTerm {
  topologyKey: string;
  selector: LabelMatcher;
  /** Namespaces named by the term (the pod's own when neither list nor selector is given). */
  namespaces: Set<string>;
  /** namespaceSelector; `{}` matches every namespace. */
  nsSelector?: LabelMatcher;
  /** Weight of a preferred term (1 for required ones). */
  weight: number;
}

/** A host port a container asks for. */
export interface HostPort { ip: string; protocol: string; port: number }

/** A pod plus its derived scheduling data. */
export interface PodInfo {
  pod: Pod;
  /** namespace/name */
  key: string;
  namespace: string;
  /** Resolved priority (spec.priority or the PriorityClass's value). */
  priority: number;
  requests: Resource;
  /** Requests with upstream's defaults for unset cpu/memory, for scoring. */
  nonZero: Resource;
  hostPorts: HostPort[];
  requiredAffinity: AffinityTerm[];
  requiredAntiAffinity: AffinityTerm[];
  preferredAffinity: AffinityTerm[];
  preferredAntiAffinity: AffinityTerm[];
}

function compileTerms(pod: Pod, terms: unknown[] | undefined, weighted: boolean): AffinityTerm[] {
  const out: AffinityTerm[] = [];
  for (const raw of terms ?? []) {
    const t = (weighted ? (raw as { podAffinityTerm?: unknown }).podAffinityTerm : raw) as Record<string, any> | undefined;
    if (!t) continue;
    let selector: LabelMatcher;
    try {
      selector = compileLabelSelectorObject(t.labelSelector);
    } catch {
      selector = () => false;
    }
    const namespaces = new Set<string>(t.namespaces ?? []);
    let nsSelector: LabelMatcher | undefined;
    if (t.namespaceSelector) {
      try {
        nsSelector = compileLabelSelectorObject(t.namespaceSelector);
      } catch {
        nsSelector = () => false;
      }
    }
    if (namespaces.size === 0 && !nsSelector) namespaces.add(pod.metadata.namespace ?? 'default');
    out.push({ topologyKey: t.topologyKey ?? '', selector, namespaces, nsSelector, weight: weighted ? Number((raw as any).weight ?? 0) : 1 });
  }
  return out;
}

/** Derive a {@link PodInfo}. */
export function newPodInfo(pod: Pod, priority: number): PodInfo {
  const hostPorts: HostPort[] = [];
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort) continue;
      hostPorts.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: Number(p.hostPort) });
    }
  }
  const aff = pod.spec?.affinity ?? {};
  return {
    pod,
    key: objectKey(pod),
    namespace: pod.metadata.namespace ?? 'default',
    priority,
    requests: podRequests(pod),
    nonZero: podRequests(pod, true),
    hostPorts,
    requiredAffinity: compileTerms(pod, aff.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution, false),
    requiredAntiAffinity: compileTerms(pod, aff.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution, false),
    preferredAffinity: compileTerms(pod, aff.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution, true),
    preferredAntiAffinity: compileTerms(pod, aff.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution, true),
  };
}

/** True when the pod has any (anti-)affinity term. */
export function hasAffinity(p: PodInfo): boolean {
  return p.requiredAffinity.length + p.requiredAntiAffinity.length + p.preferredAffinity.length + p.preferredAntiAffinity.length > 0;
}

/** Whether `term` (of a pod) selects `target`; nsLabels resolves namespace labels for namespaceSelector. */
export function termMatches(term: AffinityTerm, target: PodInfo,
  nsLabels: (ns: string) => Record<string, string> | undefined): boolean {
  if (!term.namespaces.has(target.namespace)) {
    if (!term.nsSelector || !term.nsSelector(nsLabels(target.namespace) ?? {})) return false;
  }
  return term.selector(target.pod.metadata.labels);
}

/**
 * The pod a DaemonSet creates for one node (pure): the template with the
 * revision labels, the tolerations upstream adds to every daemon pod, and
 * a required node affinity on metadata.name so the scheduler binds it to
 * exactly that node.
 */
import type { KObject } from '../../../api/types.ts';
import { newControllerRef } from '../workload-common/owner-refs.ts';
import type { Toleration } from './node-fit.ts';

export const REVISION_LABEL = 'controller-revision-hash';
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';

/** Tolerations every daemon pod gets (NoExecute without tolerationSeconds: never evicted). */
export function daemonTolerations(podSpec: KObject['spec']): Toleration[] {
  const add: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (podSpec?.hostNetwork) add.push({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
  const have = ((podSpec?.tolerations ?? []) as Toleration[]).slice();
  for (const t of add) {
    if (!have.some((h) => h.key === t.key && h.effect === t.effect && (h.operator ?? 'Equal') === t.operator)) have.push(t);
  }
  return have;
}

/** The template's spec with the daemon tolerations (used for node fit too, as upstream). */
export function daemonPodSpec(template: KObject): KObject['spec'] {
  const spec = structuredClone(template.spec ?? {});
  spec.tolerations = daemonTolerations(spec);
  return spec;
}

/** Replace any metadata.name field requirement with one for `nodeName`, keeping the rest of the affinity. */
export function withNodeAffinity(spec: KObject['spec'], nodeName: string): void {
  const field = { key: 'metadata.name', operator: 'In', values: [nodeName] };
  const affinity = spec.affinity ?? {};
  const nodeAffinity = affinity.nodeAffinity ?? {};
  const req = nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution;
  const terms = (req?.nodeSelectorTerms ?? []) as Array<Record<string, unknown>>;
  const next = terms.length === 0 ? [{ matchFields: [field] }] : terms.map((t) => ({
    ...t, matchFields: [...((t.matchFields ?? []) as Array<{ key: string }>).filter((f) => f.key !== 'metadata.name'), field],
  }));
  spec.affinity = { ...affinity, nodeAffinity: { ...nodeAffinity, requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: next } } };
}

/** The node a daemon pod is for: its nodeName, else its metadata.name affinity. */
export function podNodeName(pod: KObject): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName as string;
  const terms = (pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) as
    Array<{ matchFields?: Array<{ key: string; operator: string; values?: string[] }> }>;
  for (const t of terms) {
    const f = t.matchFields?.find((x) => x.key === 'metadata.name' && x.operator === 'In' && x.values?.length === 1);
    if (f) return f.values?.[0];
  }
  return undefined;
}

/** A new daemon pod for `nodeName`. */
export function newDaemonPod(ds: KObject, nodeName: string, hash: string): KObject {
  const t = (ds.spec?.template ?? {}) as KObject;
  const spec = daemonPodSpec(t);
  withNodeAffinity(spec, nodeName);
  const pod: KObject = {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      generateName: `${ds.metadata.name}-`, namespace: ds.metadata.namespace,
      labels: { ...(t.metadata?.labels ?? {}), [REVISION_LABEL]: hash, [TEMPLATE_GENERATION_LABEL]: String(ds.metadata.generation ?? 1) },
      ownerReferences: [newControllerRef(ds, 'apps/v1', 'DaemonSet')],
    },
    spec,
  };
  if (t.metadata?.annotations) pod.metadata.annotations = { ...t.metadata.annotations };
  return pod;
}

/**
 * A StatefulSet pod's identity: its ordinal name, the labels that pin it
 * (pod-name, pod-index, revision), hostname/subdomain, and its claims from
 * volumeClaimTemplates (`<template>-<set>-<ordinal>`). Pure functions.
 */
import type { KObject } from '../../../api/types.ts';
import { newControllerRef } from '../workload-common/owner-refs.ts';

export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
export const REVISION_LABEL = 'controller-revision-hash';

/** Ordinal of a pod of `set`, or -1 when the name is not `<set>-<n>`. */
export function ordinalOf(setName: string, podName: string | undefined): number {
  if (!podName?.startsWith(`${setName}-`)) return -1;
  const rest = podName.slice(setName.length + 1);
  return /^(0|[1-9][0-9]*)$/.test(rest) ? Number(rest) : -1;
}

/** First ordinal (spec.ordinals.start, default 0). */
export function startOrdinal(set: KObject): number {
  return Number(set.spec?.ordinals?.start ?? 0);
}

/** Name of the claim for one template and ordinal. */
export function claimName(template: KObject, setName: string, ordinal: number): string {
  return `${template.metadata?.name ?? ''}-${setName}-${ordinal}`;
}

/** The PVCs the pod at `ordinal` needs. */
export function claimsFor(set: KObject, ordinal: number): KObject[] {
  const setName = set.metadata.name ?? '';
  const matchLabels = (set.spec?.selector?.matchLabels ?? {}) as Record<string, string>;
  return ((set.spec?.volumeClaimTemplates ?? []) as KObject[]).map((t) => {
    const c: KObject = {
      apiVersion: 'v1', kind: 'PersistentVolumeClaim',
      metadata: {
        name: claimName(t, setName, ordinal), namespace: set.metadata.namespace,
        labels: { ...(t.metadata?.labels ?? {}), ...matchLabels },
      },
      spec: structuredClone(t.spec ?? {}),
    };
    if (t.metadata?.annotations) c.metadata.annotations = { ...t.metadata.annotations };
    if (set.spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted === 'Delete') {
      c.metadata.ownerReferences = [{ ...newControllerRef(set, 'apps/v1', 'StatefulSet'), controller: true }];
    }
    return c;
  });
}

/** The pod template a revision recorded (its data is a replace patch of spec.template). */
export function templateOfRevision(rev: KObject): KObject {
  const t = structuredClone(rev.data?.spec?.template ?? {}) as KObject;
  delete t.$patch;
  return t;
}

/** A new pod for `ordinal` from a template at a given revision. */
export function newPod(set: KObject, template: KObject, revisionName: string, ordinal: number): KObject {
  const name = `${set.metadata.name}-${ordinal}`;
  const t = structuredClone(template);
  const spec = (t.spec ?? {}) as KObject['spec'];
  spec.hostname = name;
  if (set.spec?.serviceName) spec.subdomain = set.spec.serviceName;
  const claims = (set.spec?.volumeClaimTemplates ?? []) as KObject[];
  if (claims.length) {
    const names = new Set(claims.map((c) => c.metadata?.name));
    const vols = ((spec.volumes ?? []) as Array<{ name: string }>).filter((v) => !names.has(v.name));
    for (const c of claims) {
      vols.push({ name: c.metadata?.name ?? '', persistentVolumeClaim: { claimName: claimName(c, set.metadata.name ?? '', ordinal) } } as never);
    }
    spec.volumes = vols;
  }
  const pod: KObject = {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace: set.metadata.namespace,
      labels: { ...(t.metadata?.labels ?? {}), [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal), [REVISION_LABEL]: revisionName },
      ownerReferences: [newControllerRef(set, 'apps/v1', 'StatefulSet')],
    },
    spec,
  };
  if (t.metadata?.annotations) pod.metadata.annotations = { ...t.metadata.annotations };
  if (t.metadata?.finalizers) pod.metadata.finalizers = [...t.metadata.finalizers];
  return pod;
}

/** True when the pod's identity labels match its ordinal (else it is updated in place). */
export function identityMatches(set: KObject, pod: KObject, ordinal: number): boolean {
  const l = pod.metadata.labels ?? {};
  return l[POD_NAME_LABEL] === pod.metadata.name && l[POD_INDEX_LABEL] === String(ordinal)
    && ordinalOf(set.metadata.name ?? '', pod.metadata.name) === ordinal;
}

/** Revision name recorded on a pod. */
export function podRevision(pod: KObject): string | undefined {
  return pod.metadata.labels?.[REVISION_LABEL];
}

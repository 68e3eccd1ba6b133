/**
 * The pods a Job creates (pure): the template with a controller reference
 * and the job-tracking finalizer; Indexed Jobs add the completion index as
 * annotation, label, JOB_COMPLETION_INDEX env and hostname `<job>-<index>`.
 */
import type { KObject } from '../../../api/types.ts';
import { newControllerRef } from '../workload-common/owner-refs.ts';
import { INDEX_ANNOTATION } from './indexes.ts';

/** Held on every Job pod until its end is counted in the Job status. */
export const TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';

interface Container { env?: Array<Record<string, unknown>> }

/** A new pod for `job`, at `index` when the Job is Indexed. */
export function newJobPod(job: KObject, index?: number): KObject {
  const t = structuredClone((job.spec?.template ?? {}) as KObject);
  const name = job.metadata.name ?? '';
  const spec = (t.spec ?? {}) as KObject['spec'];
  const pod: KObject = {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      generateName: index === undefined ? `${name}-` : `${name}-${index}-`,
      namespace: job.metadata.namespace,
      labels: { ...(t.metadata?.labels ?? {}) },
      annotations: { ...(t.metadata?.annotations ?? {}) },
      ownerReferences: [newControllerRef(job, 'batch/v1', 'Job')],
      finalizers: [...(t.metadata?.finalizers ?? []), TRACKING_FINALIZER],
    },
    spec,
  };
  if (index !== undefined) {
    pod.metadata.annotations = { ...pod.metadata.annotations, [INDEX_ANNOTATION]: String(index) };
    pod.metadata.labels = { ...pod.metadata.labels, [INDEX_ANNOTATION]: String(index) };
    spec.hostname ??= `${name}-${index}`;
    const env = { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${INDEX_ANNOTATION}']` } } };
    for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])] as Container[]) {
      if (!(c.env ?? []).some((e) => e.name === 'JOB_COMPLETION_INDEX')) c.env = [...(c.env ?? []), env];
    }
  }
  if (Object.keys(pod.metadata.annotations ?? {}).length === 0) delete pod.metadata.annotations;
  return pod;
}

/** True when the pod still carries the tracking finalizer. */
export function hasTrackingFinalizer(pod: KObject): boolean {
  return (pod.metadata.finalizers ?? []).includes(TRACKING_FINALIZER);
}

/** A copy of the pod without the tracking finalizer. */
export function withoutTrackingFinalizer(pod: KObject): KObject {
  const p = structuredClone(pod);
  p.metadata.finalizers = (p.metadata.finalizers ?? []).filter((f) => f !== TRACKING_FINALIZER);
  return p;
}

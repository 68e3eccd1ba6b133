/**
 * PodTemplateSpec validation for workload templates: template metadata
 * (labels and annotations only) and the pod spec with allowed restart policies.
 */
import type { FieldError } from '../types.ts';
import { required } from './field-errors.ts';
import { validateAnnotations, validateLabels } from './object-meta.ts';
import { validatePodSpec } from './pod-spec.ts';
import { isObj, obj } from './util.ts';

/** Validates a pod template at `p` (e.g. `spec.template`). */
export function validatePodTemplate(template: unknown, p: string, restartPolicies?: string[]): FieldError[] {
  if (!isObj(template)) return [required(p)];
  const meta = obj(template.metadata);
  return [
    ...validateLabels(meta.labels, `${p}.metadata.labels`),
    ...validateAnnotations(meta.annotations, `${p}.metadata.annotations`),
    ...validatePodSpec(template.spec, `${p}.spec`, { restartPolicies }),
  ];
}

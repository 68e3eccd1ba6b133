/**
 * Pod validation on create and update. On update upstream allows changing
 * only images, activeDeadlineSeconds (down), tolerations (additions),
 * terminationGracePeriodSeconds (negative -> 1) and removing scheduling gates.
 */
import type { FieldError, KObject } from '../types.ts';
import { deepEqual, forbidden, invalid } from './field-errors.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { validatePodSpec } from './pod-spec.ts';
import { type Obj, arr, isObj, obj } from './util.ts';

/** Upstream's message for a forbidden pod spec change. */
export const POD_UPDATE_FORBIDDEN = 'pod updates may not change fields other than `spec.containers[*].image`,'
  + '`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),'
  + '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

function validateActiveDeadline(now: unknown, old: unknown): FieldError[] {
  if (old === undefined || old === null) return [];
  if (now === undefined || now === null) return [invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value')];
  if (typeof now === 'number' && typeof old === 'number' && now > old) {
    return [invalid('spec.activeDeadlineSeconds', now, 'must be less than or equal to previous value')];
  }
  return [];
}

/** Copy of `now` with every field pods may change replaced by the old value. */
function maskMutable(now: Obj, old: Obj): Obj {
  const m = structuredClone(now);
  for (const key of ['containers', 'initContainers']) {
    const olds = arr(old[key]);
    arr(m[key]).forEach((c, i) => {
      if (isObj(c) && isObj(olds[i])) c.image = olds[i].image;
    });
  }
  m.activeDeadlineSeconds = old.activeDeadlineSeconds;
  // Tolerations may only grow: a superset of the old entries counts as unchanged.
  const oldTols = arr(old.tolerations);
  if (oldTols.every((t) => arr(m.tolerations).some((n) => deepEqual(n, t)))) m.tolerations = old.tolerations;
  if (typeof old.terminationGracePeriodSeconds === 'number' && old.terminationGracePeriodSeconds < 0 && m.terminationGracePeriodSeconds === 1) {
    m.terminationGracePeriodSeconds = old.terminationGracePeriodSeconds;
  }
  // Scheduling gates may be removed, never added.
  const gates = arr(m.schedulingGates);
  if (gates.every((g) => arr(old.schedulingGates).some((o) => deepEqual(o, g)))) m.schedulingGates = old.schedulingGates;
  return m;
}

/** Validates a Pod; with `old`, also the update rules. */
export function validatePod(pod: KObject, old?: KObject): FieldError[] {
  const errs = validateObjectMeta(pod, { namespaced: true });
  errs.push(...validatePodSpec(pod.spec, 'spec'));
  if (!old) return errs;
  errs.push(...validateObjectMetaUpdate(pod, old));
  const now = obj(pod.spec);
  const before = obj(old.spec);
  errs.push(...validateActiveDeadline(now.activeDeadlineSeconds, before.activeDeadlineSeconds));
  if (!deepEqual(maskMutable(now, before), before)) errs.push(forbidden('spec', POD_UPDATE_FORBIDDEN));
  return errs;
}

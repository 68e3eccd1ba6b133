/**
 * The resourceVersion / resourceVersionMatch / sendInitialEvents / continue
 * combinations a list or watch may use, checked as upstream's ListOptions
 * validation does: a violation is a 422 `ListOptions.meta.k8s.io "" is
 * invalid` with one cause per rule broken, before any storage is read.
 */
import type { K8sError } from '../../../base/errors.ts';
import type { FieldError } from '../../../api/types.ts';
import { forbidden, notSupported } from '../../../api/validation/field-errors.ts';
import { invalidError } from '../../../api/validation/invalid-error.ts';

/** The list/watch parameters that constrain each other. */
export interface ListOptionsParams {
  watch: boolean;
  resourceVersion: string;
  resourceVersionMatch: string;
  /** Absent when the client did not send the parameter. */
  sendInitialEvents?: boolean;
  continueToken: string;
}

const MATCH = 'resourceVersionMatch';

function watchErrors(p: ListOptionsParams): FieldError[] {
  const errs: FieldError[] = [];
  const m = p.resourceVersionMatch;
  if (p.sendInitialEvents !== undefined && m !== 'NotOlderThan') {
    errs.push(forbidden(MATCH, 'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan'));
  }
  if (m) {
    if (p.sendInitialEvents === undefined) errs.push(forbidden(MATCH, 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided'));
    if (m !== 'NotOlderThan') errs.push(notSupported(MATCH, m, ['NotOlderThan']));
    if (p.continueToken) errs.push(forbidden(MATCH, 'resourceVersionMatch is forbidden when continue is provided'));
  }
  return errs;
}

function listErrors(p: ListOptionsParams): FieldError[] {
  const errs: FieldError[] = [];
  const m = p.resourceVersionMatch;
  if (m) {
    if (p.resourceVersion === '') errs.push(forbidden(MATCH, 'resourceVersionMatch is forbidden unless resourceVersion is provided'));
    if (p.continueToken) errs.push(forbidden(MATCH, 'resourceVersionMatch is forbidden when continue is provided'));
    if (m === 'Exact' && p.resourceVersion === '0') {
      errs.push(forbidden(MATCH, 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
    } else if (m !== 'Exact' && m !== 'NotOlderThan') {
      errs.push(notSupported(MATCH, m, ['Exact', 'NotOlderThan', '']));
    }
  }
  if (p.sendInitialEvents !== undefined) errs.push(forbidden('sendInitialEvents', 'sendInitialEvents is forbidden for list'));
  return errs;
}

/** The 422 error for these parameters, or undefined when they are acceptable. */
export function listOptionsError(p: ListOptionsParams): K8sError | undefined {
  const errs = p.watch ? watchErrors(p) : listErrors(p);
  return errs.length ? invalidError('ListOptions', '', errs, 'meta.k8s.io') : undefined;
}

/** Parse a boolean query parameter as upstream's conversion does; absent stays undefined. */
export function optionalBool(v: string | null): boolean | undefined {
  if (v === null) return undefined;
  return v === 'true' || v === '1' || v === 'True' || v === 'TRUE' || v === 't' || v === 'T';
}

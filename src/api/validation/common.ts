/**
 * Small checks many kinds share: non-negative integers and
 * "selector must select the template" for controllers.
 */
import type { FieldError } from '../types.ts';
import { invalid, required } from './field-errors.ts';
import { selectorIsEmpty, selectorMatches, validateLabelSelector } from './label-selector.ts';
import { isInt, isObj, obj } from './util.ts';

/** `must be greater than or equal to 0` unless unset. */
export function nonNegative(v: unknown, p: string): FieldError[] {
  if (v === undefined || v === null) return [];
  return isInt(v) && v >= 0 ? [] : [invalid(p, v, 'must be greater than or equal to 0')];
}

/** `must be greater than or equal to min` unless unset. */
export function atLeast(v: unknown, min: number, p: string): FieldError[] {
  if (v === undefined || v === null) return [];
  return isInt(v) && v >= min ? [] : [invalid(p, v, `must be greater than or equal to ${min}`)];
}

/**
 * A controller's LabelSelector at `spec.selector`: required, non-empty,
 * valid, and selecting the template's labels.
 */
export function validateControllerSelector(spec: Record<string, unknown>, kindNoun: string): FieldError[] {
  const sel = spec.selector;
  if (!isObj(sel)) return [required('spec.selector')];
  const errs = validateLabelSelector(sel, 'spec.selector');
  if (selectorIsEmpty(sel)) errs.push(invalid('spec.selector', sel, `empty selector is invalid for ${kindNoun}`));
  const labels = obj(obj(obj(spec.template).metadata).labels) as Record<string, string>;
  if (errs.length === 0 && isObj(spec.template) && !selectorMatches(sel, labels)) {
    errs.push(invalid('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
  }
  return errs;
}

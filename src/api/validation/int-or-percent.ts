/**
 * IntOrString fields holding a count or a percentage (maxSurge,
 * maxUnavailable, minAvailable): syntax and range checks as upstream.
 */
import type { FieldError } from '../types.ts';
import { invalid } from './field-errors.ts';

const PERCENT_RE = /^[0-9]+%$/;
const PERCENT_MSG = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

/** Value of an int-or-percent as a number (percent without '%'); undefined when malformed. */
export function intOrPercentValue(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && PERCENT_RE.test(v)) return Number(v.slice(0, -1));
  return undefined;
}

/** True when the value is the zero count or 0%. */
export function isZero(v: unknown): boolean {
  return intOrPercentValue(v) === 0;
}

/** Syntax, >= 0, and <= 100% for percentages. */
export function validateIntOrPercent(v: unknown, p: string): FieldError[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') {
    if (!PERCENT_RE.test(v)) return [invalid(p, v, PERCENT_MSG)];
    if (Number(v.slice(0, -1)) > 100) return [invalid(p, v, 'must not be greater than 100%')];
    return [];
  }
  if (typeof v !== 'number' || !Number.isInteger(v)) return [invalid(p, v, 'must be an integer or percentage (e.g \'5%\')')];
  return v < 0 ? [invalid(p, v, 'must be greater than or equal to 0')] : [];
}

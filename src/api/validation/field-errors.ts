/**
 * Constructors of field errors with upstream's reasons and message bodies
 * ("Required value", "Invalid value: \"x\": detail", ...). A FieldError's
 * `message` is the body without the field, as in a Status cause; the full
 * "field: body" form is built by {@link fieldErrorString}.
 */
import type { FieldError } from '../types.ts';

/** Renders a bad value as upstream does: strings quoted, scalars bare, the rest as JSON. */
export function formatValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === undefined || v === null) return 'null';
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

function withDetail(s: string, detail: string): string {
  return detail ? `${s}: ${detail}` : s;
}

/** FieldValueRequired: a required value is missing. */
export function required(field: string, detail = ''): FieldError {
  return { reason: 'FieldValueRequired', message: withDetail('Required value', detail), field };
}

/** FieldValueInvalid: a malformed or out-of-range value. */
export function invalid(field: string, value: unknown, detail: string): FieldError {
  return { reason: 'FieldValueInvalid', message: withDetail(`Invalid value: ${formatValue(value)}`, detail), field };
}

/** FieldValueNotSupported: a value outside an enumeration. */
export function notSupported(field: string, value: unknown, valid: readonly string[]): FieldError {
  const detail = valid.length ? `supported values: ${valid.map((v) => JSON.stringify(v)).join(', ')}` : '';
  return { reason: 'FieldValueNotSupported', message: withDetail(`Unsupported value: ${formatValue(value)}`, detail), field };
}

/** FieldValueDuplicate: a value that must be unique is repeated. */
export function duplicate(field: string, value: unknown): FieldError {
  return { reason: 'FieldValueDuplicate', message: `Duplicate value: ${formatValue(value)}`, field };
}

/** FieldValueForbidden: a valid value that is not allowed here. */
export function forbidden(field: string, detail: string): FieldError {
  return { reason: 'FieldValueForbidden', message: withDetail('Forbidden', detail), field };
}

/** FieldValueTooLong: the value is longer than `max` bytes (the value is not echoed). */
export function tooLong(field: string, max: number): FieldError {
  return { reason: 'FieldValueTooLong', message: `Too long: may not be more than ${max} ${max === 1 ? 'byte' : 'bytes'}`, field };
}

/** FieldValueTooMany: a list has more than `max` items. */
export function tooMany(field: string, actual: number, max: number): FieldError {
  return { reason: 'FieldValueTooMany', message: `Too many: ${actual}: must have at most ${max} ${max === 1 ? 'item' : 'items'}`, field };
}

/** FieldValueNotFound: a reference to something that does not exist. */
export function notFound(field: string, value: unknown): FieldError {
  return { reason: 'FieldValueNotFound', message: `Not found: ${formatValue(value)}`, field };
}

/** `field: body`, the form used in an Invalid error's message. */
export function fieldErrorString(e: FieldError): string {
  return e.field ? `${e.field}: ${e.message}` : e.message;
}

/** Invalid "field is immutable" when `now` differs from `old` (deep comparison). */
export function immutable(field: string, now: unknown, old: unknown, detail = 'field is immutable'): FieldError[] {
  return deepEqual(now, old) ? [] : [invalid(field, now, detail)];
}

/** Structural equality of JSON values; key order does not matter. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => deepEqual(ao[k], bo[k]));
}

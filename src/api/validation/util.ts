/**
 * Shape helpers for validators, which see untrusted decoded JSON: every
 * access must survive a wrong type without throwing.
 */

/** A decoded JSON object. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = Record<string, any>;

/** True for a non-null, non-array object. */
export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `v` when it is an object, else `{}`. */
export function obj(v: unknown): Obj {
  return isObj(v) ? v : {};
}

/** `v` when it is an array, else `[]`. */
export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** True for an integer number. */
export function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

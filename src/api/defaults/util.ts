/**
 * Tiny helpers shared by the defaulters: "set when absent" is the one
 * operation upstream's generated defaulters perform everywhere.
 */

/** Plain JSON object (an upstream struct after decoding). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = Record<string, any>;

/** Sets `o[key] = value` when the field is absent (undefined or null), as Go zero-value defaulting does. */
export function setDefault(o: Obj, key: string, value: unknown): void {
  if (o[key] === undefined || o[key] === null) o[key] = value;
}

/** Returns `o[key]`, creating it as `{}` when absent, so nested defaults can be applied. */
export function child(o: Obj, key: string): Obj {
  if (o[key] === undefined || o[key] === null || typeof o[key] !== 'object') o[key] = {};
  return o[key] as Obj;
}

/** True for a non-null, non-array object. */
export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Iterates the objects of an optional array, skipping malformed entries. */
export function eachObj(list: unknown, fn: (o: Obj, i: number) => void): void {
  if (!Array.isArray(list)) return;
  list.forEach((o, i) => {
    if (isObj(o)) fn(o, i);
  });
}

/**
 * Strategic merge patch directives: their spellings, and the helpers that
 * strip them from values copied from the patch into the result.
 */

/** `$patch: replace | delete | merge` on a map or a list element. */
export const DIRECTIVE_MARKER = '$patch';
/** `$retainKeys: [...]`: keys of the map to keep; others are cleared. */
export const RETAIN_KEYS = '$retainKeys';
/** `$deleteFromPrimitiveList/<field>: [...]`: values to remove from a merged primitive list. */
export const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
/** `$setElementOrder/<field>: [...]`: final order of a merged list, as kubectl apply sends it. */
export const SET_ELEMENT_ORDER = '$setElementOrder';

/** A decoded JSON object. */
export type JsonMap = Record<string, unknown>;

/** True for a plain JSON object (not an array, not null). */
export function isMap(v: unknown): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Sets an own property, even one named `__proto__` (valid JSON key; a plain
 * assignment would swap the object's prototype instead of storing a field).
 */
export function setOwn(obj: JsonMap, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

/** True for keys that are directives rather than fields. */
export function isDirectiveKey(k: string): boolean {
  return (
    k === DIRECTIVE_MARKER ||
    k === RETAIN_KEYS ||
    k.startsWith(`${SET_ELEMENT_ORDER}/`) ||
    k.startsWith(`${DELETE_FROM_PRIMITIVE_LIST}/`)
  );
}

/**
 * Prepares a patch value that is copied as-is into the result (its field is
 * absent from the original, or of another type): drops nulls inside maps
 * (they mean "delete", and there is nothing to delete), drops maps that carry
 * `$patch` (upstream drops them too) and drops other directive keys (the typed
 * decode upstream does after the merge drops them). Returns `keep=false` when
 * the value itself must not be kept. Mutates `v`, which is a private copy.
 */
export function cleanPatchValue(v: unknown): { value: unknown; keep: boolean } {
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const item of v) {
      const r = cleanPatchValue(item);
      if (r.keep) out.push(r.value);
    }
    return { value: out, keep: true };
  }
  if (isMap(v)) {
    if (DIRECTIVE_MARKER in v) return { value: undefined, keep: false };
    for (const k of Object.keys(v)) {
      const child = v[k];
      if (child === null || isDirectiveKey(k)) {
        delete v[k];
        continue;
      }
      const r = cleanPatchValue(child);
      if (r.keep) setOwn(v, k, r.value);
      else delete v[k];
    }
    return { value: v, keep: true };
  }
  return { value: v, keep: true };
}

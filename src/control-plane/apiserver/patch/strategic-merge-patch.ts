/**
 * `application/strategic-merge-patch+json`: upstream's strategic merge patch
 * (k8s.io/apimachinery util/strategicpatch, apply side) for the built-in
 * kinds, driven by the patch metadata table.
 */
import type { PatchSchema } from './patch-meta-lookup.ts';
import { isMap, type JsonMap } from './smp-directives.ts';
import { patchBadRequest } from './patch-errors.ts';
import { mergeMap } from './smp-map.ts';

/**
 * Applies a strategic merge patch to `original` with the metadata `schema`
 * of its kind. Takes ownership of both arguments: callers pass private
 * copies (the merge moves parts of the patch into the result).
 */
export function applyStrategicMergePatch(original: JsonMap, patch: unknown, schema: PatchSchema): JsonMap {
  // Upstream decodes the body into a map first; anything else is a 400.
  if (!isMap(patch)) throw patchBadRequest(notAnObject(patch));
  return mergeMap(original, patch, schema);
}

/** Upstream's decode error for a patch body that is valid JSON but not an object. */
function notAnObject(v: unknown): string {
  const t = Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;
  return `json: cannot unmarshal ${t} into Go value of type map[string]interface {}`;
}

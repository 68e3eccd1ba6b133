/**
 * Patch application for the API server: JSON patch (RFC 6902), JSON merge
 * patch (RFC 7386) and strategic merge patch, as pure functions over decoded
 * objects. Server-side apply (`application/apply-patch+yaml`) is recognised
 * by {@link patchTypeFromContentType} but applied elsewhere (field manager).
 */
import type { KObject } from '../../../api/types.ts';
import { applyJsonPatch } from './json-patch.ts';
import { applyMergePatch } from './merge-patch.ts';
import { applyStrategicMergePatch } from './strategic-merge-patch.ts';
import { schemaForKind } from './patch-meta-lookup.ts';
import { patchBadRequest, patchUnprocessable, smpUnsupported } from './patch-errors.ts';
import { isMap } from './smp-directives.ts';
import { cloneJson } from './clone-json.ts';

export { patchTypeFromContentType, type PatchType } from './content-type.ts';
export { patchMetaForPath, listPatchPaths, schemaForKind, type PatchPathRow } from './patch-meta-lookup.ts';
export { PATCH_TYPES, KIND_PATCH_TYPES, type PatchFieldMeta, type PatchStrategy } from './patch-meta.ts';
export { MAX_JSON_PATCH_OPERATIONS } from './json-patch.ts';

/**
 * Applies a patch of the given type to `original` and returns the patched
 * object, a new object: `original` and `patch` are never modified and share
 * nothing with the result. `patch` is the already JSON-parsed body; `gk` is
 * the kind being patched (strategic merge needs its patch metadata).
 *
 * @throws K8sError BadRequest (400) for a malformed patch, Invalid (422) for
 * one that cannot be applied, RequestEntityTooLarge (413) for an oversized
 * JSON patch, UnsupportedMediaType (415) for a strategic merge patch of a kind
 * without patch metadata (custom resources), InternalError (500) for the
 * strategic merge failures upstream does not classify.
 */
export function applyPatch(
  type: 'json' | 'merge' | 'strategic',
  original: KObject,
  patch: unknown,
  gk: { group: string; kind: string },
): KObject {
  switch (type) {
    case 'json':
      return asObject(applyJsonPatch(cloneJson(original), patch));
    case 'merge':
      // Upstream's merge library refuses a patch that is not a JSON object.
      if (!isMap(patch)) throw patchBadRequest('Invalid JSON Patch');
      return asObject(applyMergePatch(cloneJson(original), patch));
    case 'strategic': {
      const schema = schemaForKind(gk);
      if (!schema) throw smpUnsupported();
      // Validate the shape before paying for the copies.
      if (!isMap(patch)) return asObject(applyStrategicMergePatch(original, patch, schema));
      return asObject(applyStrategicMergePatch(cloneJson(original), cloneJson(patch), schema));
    }
    default:
      throw patchBadRequest(`unknown Content-Type header for patch: ${String(type)}`);
  }
}

/** The patched document must still be an object to decode as a Kubernetes object. */
function asObject(v: unknown): KObject {
  if (!isMap(v)) {
    const t = Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;
    throw patchUnprocessable(`json: cannot unmarshal ${t} into Go value of type map[string]interface {}`);
  }
  if (!isMap(v.metadata)) v.metadata = {};
  return v as KObject;
}

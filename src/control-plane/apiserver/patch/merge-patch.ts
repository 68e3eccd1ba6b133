/**
 * `application/merge-patch+json` (RFC 7386): objects merge key by key,
 * `null` deletes a key, anything else (lists included) replaces.
 */
import { isMap, setOwn, type JsonMap } from './smp-directives.ts';
import { cloneJson } from './clone-json.ts';

/**
 * Applies a JSON merge patch to `target`, which the caller owns (it is
 * updated in place and returned). Values taken from `patch` are copied, so
 * the patch stays untouched. A non-object patch replaces the whole document.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isMap(patch)) return cloneJson(patch);
  const out: JsonMap = isMap(target) ? target : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else setOwn(out, k, applyMergePatch(Object.prototype.hasOwnProperty.call(out, k) ? out[k] : undefined, v));
  }
  return out;
}

/**
 * Merging of maps: the heart of strategic merge patch. Walks the patch's
 * keys, deleting on `null`, recursing into maps and merge lists, replacing
 * everything else; handles `$patch` on the map itself, `$retainKeys`,
 * `$deleteFromPrimitiveList/<field>` and (via smp-set-order) `$setElementOrder/<field>`.
 */
import { fieldInfo, type PatchSchema } from './patch-meta-lookup.ts';
import {
  cleanPatchValue,
  DELETE_FROM_PRIMITIVE_LIST,
  DIRECTIVE_MARKER,
  RETAIN_KEYS,
  setOwn,
  type JsonMap,
} from './smp-directives.ts';
import { goValue, patchBadRequest, patchInternal } from './patch-errors.ts';
import { mergeList } from './smp-list.ts';
import { applySetElementOrder } from './smp-set-order.ts';

/** Kind of a JSON value for deciding whether to recurse or replace. */
function kindOf(v: unknown): 'map' | 'list' | 'null' | 'scalar' {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'list';
  return typeof v === 'object' ? 'map' : 'scalar';
}

/**
 * Merges `patch` into `original` and returns the result. Both are private
 * copies owned by this call: `original` is updated in place and parts of
 * `patch` move into it. `schema` is the patch metadata of this map's type.
 */
export function mergeMap(original: JsonMap | undefined, patch: JsonMap, schema: PatchSchema): JsonMap {
  if (DIRECTIVE_MARKER in patch) return mapDirective(patch);
  const target: JsonMap = original ?? {};
  applyRetainKeys(target, patch);
  const handled = applySetElementOrder(target, patch, schema);

  for (const rawKey of Object.keys(patch)) {
    if (handled.has(rawKey)) continue;
    let key = rawKey;
    let isDeleteList = false;
    if (rawKey.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      key = fieldAfterPrefix(rawKey, DELETE_FROM_PRIMITIVE_LIST, 'invalid patch format of primitive list');
      isDeleteList = true;
    }
    const patchV = patch[rawKey];
    if (patchV === null) {
      delete target[key];
      continue;
    }
    const has = Object.prototype.hasOwnProperty.call(target, key);
    const origKind = has ? kindOf(target[key]) : undefined;
    const patchKind = kindOf(patchV);
    if (!has || origKind !== patchKind) {
      // Nothing to merge with: take the patch value, minus directives and nulls.
      if (isDeleteList) continue;
      const cleaned = cleanPatchValue(patchV);
      if (cleaned.keep) setOwn(target, key, cleaned.value);
      else delete target[key];
      continue;
    }
    const info = fieldInfo(schema, key);
    if (patchKind === 'map') {
      setOwn(
        target,
        key,
        info.strategy === 'replace'
          ? cleanPatchValue(patchV).value
          : mergeMap(target[key] as JsonMap, patchV as JsonMap, info.schema),
      );
    } else if (patchKind === 'list') {
      setOwn(
        target,
        key,
        info.strategy === 'merge'
          ? mergeList(target[key] as unknown[], patchV as unknown[], info.schema, info.mergeKey, isDeleteList)
          : // Upstream takes the patch list as-is for non-merge lists (even for a delete list).
            cleanPatchValue(patchV).value,
      );
    } else {
      setOwn(target, key, patchV);
    }
  }
  return target;
}

/** `$patch` on a map: `replace` takes the patch map, `delete` empties it; anything else is refused. */
function mapDirective(patch: JsonMap): JsonMap {
  const directive = patch[DIRECTIVE_MARKER];
  if (directive === 'replace') {
    delete patch[DIRECTIVE_MARKER];
    return cleanPatchValue(patch).value as JsonMap;
  }
  if (directive === 'delete') return {};
  // Upstream accepts `$patch: merge` only on lists' elements, never on a map.
  throw patchInternal(`unknown patch type: ${goValue(directive)} in map: ${goValue(patch)}`);
}

/**
 * `$retainKeys`: keys of `original` not listed are cleared; every non-null
 * field the patch sets must be listed.
 */
function applyRetainKeys(original: JsonMap, patch: JsonMap): void {
  if (!(RETAIN_KEYS in patch)) return;
  const list = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(list)) throw patchBadRequest('invalid patch format of retainKeys');
  const keep = new Set(list);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith('$deleteFromPrimitiveList') || k.startsWith('$setElementOrder')) continue;
    if (!keep.has(k)) throw patchBadRequest('invalid patch format of retainKeys');
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

/** The field named after `<prefix>/`; a malformed key is a 400 with upstream's message. */
export function fieldAfterPrefix(key: string, prefix: string, badFormat: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) throw patchBadRequest(badFormat);
  return key.slice(slash + 1);
}

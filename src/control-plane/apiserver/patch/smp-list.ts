/**
 * Merging of lists with the `merge` strategy: primitive lists are unioned
 * (or reduced by `$deleteFromPrimitiveList`), lists of objects are merged
 * item by item on their merge key, honouring `$patch: delete | replace`
 * elements. Lists without a strategy never get here: the patch replaces them.
 */
import type { PatchSchema } from './patch-meta-lookup.ts';
import { cleanPatchValue, DIRECTIVE_MARKER, isMap, type JsonMap } from './smp-directives.ts';
import { goValue, patchInternal, patchUnprocessable } from './patch-errors.ts';
import { orderMergedList } from './smp-order.ts';
import { mergeMap } from './smp-map.ts';

/** Element kind of a list, as far as merging cares. */
type ElemKind = 'map' | 'scalar';

/** Kind shared by every element of the lists; upstream rejects mixed lists and lists of lists. */
function elementKind(lists: readonly unknown[][]): ElemKind {
  let kind: string | undefined;
  for (const list of lists) {
    for (const v of list) {
      const k = Array.isArray(v) ? 'list' : v === null ? 'null' : typeof v === 'object' ? 'map' : typeof v;
      if (k === 'list') throw patchUnprocessable('lists of lists are not supported');
      if (kind === undefined) kind = k;
      else if (kind !== k) {
        throw patchInternal(`list element types are not identical: ${lists.map(goValue).join(' ')}`);
      }
    }
  }
  return kind === 'map' ? 'map' : 'scalar';
}

/**
 * Merges `patch` into `original` (both private copies; either may be reused
 * in the result). `schema` is the schema of the list's elements.
 * `isDeleteList` is set for `$deleteFromPrimitiveList/<field>` values.
 */
export function mergeList(
  original: unknown[],
  patch: unknown[],
  schema: PatchSchema,
  mergeKey: string | undefined,
  isDeleteList: boolean,
): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = elementKind([original, patch]);
  if (kind === 'scalar') {
    if (isDeleteList) {
      const drop = new Set(patch);
      return original.filter((v) => !drop.has(v));
    }
    const merged = dedupe(original.concat(patch));
    return orderMergedList(merged, patch, original, undefined);
  }
  if (!mergeKey) throw patchInternal('cannot merge lists without merge key');
  const special = applySpecialElements(original, patch, mergeKey);
  const merged = mergeByKey(special.original.slice(), special.patch, mergeKey, schema);
  return orderMergedList(merged, special.patch, special.original, mergeKey);
}

/** Keeps the first occurrence of each primitive value. */
function dedupe(values: unknown[]): unknown[] {
  const seen = new Set<unknown>();
  const out: unknown[] = [];
  for (const v of values) {
    if (seen.has(v)) continue;
    seen.add(v);
    out.push(v);
  }
  return out;
}

/**
 * Applies `$patch` list elements: `delete` removes every item with that merge
 * key, `replace` makes the other patch elements the whole list.
 */
function applySpecialElements(
  original: unknown[],
  patch: unknown[],
  mergeKey: string,
): { original: unknown[]; patch: unknown[] } {
  const plain: unknown[] = [];
  let replace = false;
  for (const v of patch) {
    const item = v as JsonMap;
    if (!(DIRECTIVE_MARKER in item)) {
      plain.push(v);
      continue;
    }
    const directive = item[DIRECTIVE_MARKER];
    if (directive === 'delete') {
      if (!(mergeKey in item)) {
        throw patchInternal(`map: ${goValue(item)} does not contain declared merge key: ${mergeKey}`);
      }
      const key = item[mergeKey];
      original = original.filter((o) => !(isMap(o) && o[mergeKey] === key));
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw patchInternal('merging lists cannot yet be specified in the patch');
    } else {
      throw patchInternal(`unknown patch type: ${goValue(directive)} in map: ${goValue(item)}`);
    }
  }
  if (replace) return { original: plain.map((v) => cleanPatchValue(v).value), patch: [] };
  return { original, patch: plain };
}

/** Merges each patch item into the first original item with the same key, or appends it. */
function mergeByKey(target: unknown[], patch: unknown[], mergeKey: string, schema: PatchSchema): unknown[] {
  for (const v of patch) {
    const item = v as JsonMap;
    if (!(mergeKey in item)) {
      throw patchInternal(`map: ${goValue(item)} does not contain declared merge key: ${mergeKey}`);
    }
    const key = item[mergeKey];
    let found = -1;
    for (let i = 0; i < target.length; i++) {
      const t = target[i];
      if (!isMap(t)) throw patchInternal(`value for key ${i} is not a map.`);
      if (t[mergeKey] === key) {
        found = i;
        break;
      }
    }
    if (found >= 0) target[found] = mergeMap(target[found] as JsonMap, item, schema);
    else {
      const cleaned = cleanPatchValue(item);
      if (cleaned.keep) target.push(cleaned.value);
    }
  }
  return target;
}

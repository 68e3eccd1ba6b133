/**
 * `$setElementOrder/<field>`: kubectl apply sends, next to a merged list's
 * changes, the list of all its items' keys in the order of the applied file.
 * The list is merged as usual and then ordered: items the directive names
 * follow its order, server-only items keep their live positions as far as
 * possible.
 */
import { fieldInfo, type PatchSchema } from './patch-meta-lookup.ts';
import { cleanPatchValue, DIRECTIVE_MARKER, isMap, SET_ELEMENT_ORDER, setOwn, type JsonMap } from './smp-directives.ts';
import { goValue, patchInternal } from './patch-errors.ts';
import { goType, orderMergedList } from './smp-order.ts';
import { mergeList } from './smp-list.ts';
import { fieldAfterPrefix } from './smp-map.ts';

/**
 * Applies every `$setElementOrder/<field>` of `patch` to `original` together
 * with the patch's `<field>`. Returns the patch keys it consumed so the map
 * merge skips them.
 */
export function applySetElementOrder(original: JsonMap, patch: JsonMap, schema: PatchSchema): Set<string> {
  const handled = new Set<string>();
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    handled.add(key);
    const order = patch[key];
    if (!Array.isArray(order)) throw patchInternal(`expected a []interface {}, but received a ${goType(order)}`);
    const field = fieldAfterPrefix(key, SET_ELEMENT_ORDER, 'invalid patch format of setElementOrder list');

    const hasOriginal = Object.prototype.hasOwnProperty.call(original, field);
    const hasPatch = Object.prototype.hasOwnProperty.call(patch, field);
    const origList = hasOriginal ? original[field] : undefined;
    const patchList = hasPatch ? patch[field] : undefined;
    if (hasOriginal && !Array.isArray(origList)) {
      throw patchInternal(`expected a []interface {}, but received a ${goType(origList)}`);
    }
    if (hasPatch && !Array.isArray(patchList)) {
      throw patchInternal(`expected a []interface {}, but received a ${goType(patchList)}`);
    }
    const info = fieldInfo(schema, field);
    validateOrder((patchList as unknown[] | undefined) ?? [], order, info.mergeKey);

    let merged: unknown[];
    if (hasOriginal && hasPatch) {
      merged =
        info.strategy === 'merge'
          ? mergeList(
              (origList as unknown[]).slice(),
              patchList as unknown[],
              info.schema,
              info.mergeKey,
              false,
            )
          : (cleanPatchValue(patchList).value as unknown[]);
      handled.add(field);
    } else if (hasPatch) {
      merged = cleanPatchValue(patchList).value as unknown[];
      handled.add(field);
    } else if (hasOriginal) {
      merged = origList as unknown[];
    } else {
      continue;
    }
    // Without a merge key, only primitive lists can be ordered (upstream cannot order others either).
    if (!info.mergeKey && merged.some((v) => typeof v === 'object' && v !== null)) {
      setOwn(original, field, merged);
      continue;
    }
    setOwn(original, field, orderMergedList(merged, order, (origList as unknown[] | undefined) ?? [], info.mergeKey));
  }
  return handled;
}

/**
 * The patch's items (ignoring `$patch` ones) must appear in the directive's
 * list, in the same relative order; upstream refuses the patch otherwise.
 */
function validateOrder(patchList: unknown[], order: unknown[], mergeKey: string | undefined): void {
  if (order.length === 0 || patchList.length === 0) return;
  const items = mergeKey
    ? patchList.filter((v) => {
        if (!isMap(v)) throw patchInternal(`expected a map[string]interface {}, but received a ${goType(v)}`);
        return v[DIRECTIVE_MARKER] !== 'delete';
      })
    : patchList;
  const id = (v: unknown): unknown => {
    if (!mergeKey) return v;
    if (!isMap(v) || !(mergeKey in v)) {
      throw patchInternal(`map: ${goValue(v)} does not contain declared merge key: ${mergeKey}`);
    }
    return v[mergeKey];
  };
  let p = 0;
  let o = 0;
  while (p < items.length && o < order.length) {
    const item = items[p];
    if (isMap(item) && DIRECTIVE_MARKER in item) {
      p++;
      continue;
    }
    if (id(item) === id(order[o])) p++;
    o++;
  }
  if (p < items.length) {
    throw patchInternal(
      `the order in patch list:\n${goValue(patchList)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${goValue(order)}`,
    );
  }
}

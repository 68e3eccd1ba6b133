/**
 * Ordering of merged lists, as upstream's strategic merge patch orders them:
 * items named by the patch (or by `$setElementOrder`) keep the patch's order,
 * items only on the server keep the live order, and the two runs are
 * interleaved using the live order as the tie-breaker. A consequence users
 * see: an item added without `$setElementOrder` lands before the existing
 * ones, exactly as against upstream.
 */
import { DIRECTIVE_MARKER, isMap } from './smp-directives.ts';
import { goValue, patchInternal } from './patch-errors.ts';

/** Identity of a list item: its merge key value for maps, the value itself otherwise. */
function identity(item: unknown, mergeKey: string | undefined): unknown {
  if (mergeKey) return isMap(item) ? item[mergeKey] : undefined;
  return item;
}

/** Index of `item` in `list` by identity, or -1. */
function indexIn(list: readonly unknown[], item: unknown, mergeKey: string | undefined): number {
  const id = identity(item, mergeKey);
  for (let i = 0; i < list.length; i++) if (identity(list[i], mergeKey) === id) return i;
  return -1;
}

/** True when `item` is in `list` (by identity). */
export function presentIn(list: readonly unknown[], item: unknown, mergeKey: string | undefined): boolean {
  return indexIn(list, item, mergeKey) >= 0;
}

/** Throws upstream's "does not contain declared merge key" for maps missing the key. */
export function requireMergeKey(lists: readonly (readonly unknown[])[], mergeKey: string): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isMap(item)) throw patchInternal(`expected a map[string]interface {}, but received a ${goType(item)}`);
      if (!(mergeKey in item)) {
        throw patchInternal(`map: ${goValue(item)} does not contain declared merge key: ${mergeKey}`);
      }
    }
  }
}

/** Go type name of a decoded JSON value, for upstream-shaped messages. */
export function goType(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return '[]interface {}';
  if (typeof v === 'object') return 'map[string]interface {}';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  return typeof v;
}

/** Stable sort of `items` by their position in `order`; `$patch: delete` items go last. */
function sortByOrder(items: unknown[], order: readonly unknown[], mergeKey: string | undefined): unknown[] {
  let keep = items;
  let deleted: unknown[] = [];
  if (mergeKey) {
    requireMergeKey([items, order], mergeKey);
    keep = items.filter((v) => !(isMap(v) && v[DIRECTIVE_MARKER] === 'delete'));
    deleted = items.filter((v) => isMap(v) && v[DIRECTIVE_MARKER] === 'delete');
  }
  const pos = new Map<unknown, number>();
  keep.forEach((v) => pos.set(v, indexIn(order, v, mergeKey)));
  const sorted = keep
    .map((v, i) => ({ v, i, p: pos.get(v) ?? -1 }))
    .sort((a, b) => (a.p >= 0 && b.p >= 0 && a.p !== b.p ? a.p - b.p : a.i - b.i))
    .map((e) => e.v);
  return deleted.length ? sorted.concat(deleted) : sorted;
}

/**
 * Interleaves server-only items (`left`) into patch items (`right`): a
 * server-only item goes first only when both are in the live list and it
 * comes earlier there.
 */
function interleave(left: unknown[], right: unknown[], serverOrder: readonly unknown[], mergeKey: string | undefined): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey);
      const ri = indexIn(serverOrder, right[j], mergeKey);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

/**
 * Orders a merged list: `merged` items are split into those named by
 * `patchOrder` and the server-only rest; each run is sorted (by `patchOrder`
 * and by `serverOrder` respectively) and the runs are interleaved.
 */
export function orderMergedList(
  merged: unknown[],
  patchOrder: readonly unknown[],
  serverOrder: readonly unknown[],
  mergeKey: string | undefined,
): unknown[] {
  if (mergeKey) requireMergeKey([merged], mergeKey);
  const patchItems: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const v of merged) (presentIn(patchOrder, v, mergeKey) ? patchItems : serverOnly).push(v);
  return interleave(
    sortByOrder(serverOnly, serverOrder, mergeKey),
    sortByOrder(patchItems, patchOrder, mergeKey),
    serverOrder,
    mergeKey,
  );
}

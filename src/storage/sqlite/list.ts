/** The list and count verbs: keys under a prefix at one consistent revision. */
import type { KeyValue, ListOptions, ListResult } from '../types.ts';
import { resolveReadRevision, toKeyValue, type SqliteContext } from './context.ts';
import { keyRange } from '../key-range.ts';

/**
 * List keys with `prefix` in key order. Every query runs synchronously on the
 * one connection between two group commits, so the whole page (and the
 * `remaining` count) is read at exactly `revision`.
 */
export function listKeys(ctx: SqliteContext, prefix: string, opts: ListOptions = {}): ListResult {
  const rev = resolveReadRevision(ctx.revs, opts.revision);
  const atCurrent = rev === ctx.revs.currentRev;
  const { lo, hi } = keyRange(prefix, opts.startAfter);
  const limit = opts.limit && opts.limit > 0 ? opts.limit : -1;
  const items: KeyValue[] = atCurrent
    ? ctx.stmts.listKvRaw.all(lo, hi, limit).map((r) => ({ key: r[0], value: r[1], createRevision: r[2], modRevision: r[3] }))
    : ctx.stmts.listAt.all({ lo, hi, rev, limit }).map(toKeyValue);
  if (limit < 0 || items.length < limit) return { items, revision: rev, more: false };
  // A full page: count what lies after its last key to fill `more`/`remaining`.
  const after = keyRange(prefix, items[items.length - 1]!.key);
  const remaining = atCurrent
    ? ctx.stmts.countKv.get(after.lo, after.hi)!.n
    : ctx.stmts.countAt.get({ lo: after.lo, hi: after.hi, rev })!.n;
  return remaining > 0 ? { items, revision: rev, more: true, remaining } : { items, revision: rev, more: false };
}

/** Count live keys with `prefix` at the current revision. */
export function countKeys(ctx: SqliteContext, prefix: string): number {
  const { lo, hi } = keyRange(prefix);
  return ctx.stmts.countKv.get(lo, hi)!.n;
}

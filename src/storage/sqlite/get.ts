/** The get verb: one key at the current or an older revision. */
import type { KeyValue } from '../types.ts';
import { resolveReadRevision, toKeyValue, type SqliteContext } from './context.ts';

/**
 * Read `key` at `revision` (current if 0/undefined). At an older revision R
 * the first logged change after R holds the value the key had at R; with no
 * change after R the current row is still the answer.
 */
export function getKey(ctx: SqliteContext, key: string, revision?: number): KeyValue | undefined {
  const rev = resolveReadRevision(ctx.revs, revision);
  if (rev < ctx.revs.currentRev) {
    const change = ctx.stmts.firstLogAfter.get(key, rev);
    if (change) {
      // Its first change after R was its creation: the key did not exist at R.
      if (change.prev_mod_rev === null) return undefined;
      return { key, value: change.prev_value ?? '', createRevision: change.create_rev, modRevision: change.prev_mod_rev };
    }
  }
  const row = ctx.stmts.getKv.get(key);
  return row ? toKeyValue(row) : undefined;
}

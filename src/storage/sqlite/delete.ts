/** The delete verb: remove a live key, optionally guarded by its mod revision. */
import { StorageError } from '../types.ts';
import { toKeyValue } from './context.ts';
import { eventFromLog, LOG_DELETE } from './log-event.ts';
import type { LogRow } from './statements.ts';
import type { Applied, TxContext } from './write-op.ts';

/**
 * Apply a delete inside the batch transaction. The returned kv has the last
 * value and modRevision = the delete's revision, as the Store contract says.
 */
export function applyDelete(tx: TxContext, key: string, expectedModRevision?: number): Applied {
  const cur = tx.stmts.getKv.get(key);
  if (!cur) throw new StorageError('NotFound', `key not found: ${key}`, key);
  if (expectedModRevision !== undefined && cur.mod_rev !== expectedModRevision) {
    throw new StorageError('Conflict', `key ${key} has mod revision ${cur.mod_rev}, expected ${expectedModRevision}`, key, toKeyValue(cur));
  }
  const rev = tx.nextRev();
  tx.stmts.deleteKv.run(key);
  const row: LogRow = { rev, key, type: LOG_DELETE, value: null, create_rev: cur.create_rev, prev_value: cur.value, prev_mod_rev: cur.mod_rev };
  tx.stmts.insertLog.run(rev, key, LOG_DELETE, null, cur.create_rev, cur.value, cur.mod_rev);
  const event = eventFromLog(row);
  return { kv: event.kv, event };
}

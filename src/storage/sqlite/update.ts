/** The update verb: compare-and-swap on the key's mod revision. */
import { StorageError } from '../types.ts';
import { toKeyValue } from './context.ts';
import { eventFromLog, LOG_PUT } from './log-event.ts';
import type { LogRow } from './statements.ts';
import type { Applied, TxContext } from './write-op.ts';

/** Apply an update inside the batch transaction; NotFound if absent, Conflict (with the current kv) if changed. */
export function applyUpdate(tx: TxContext, key: string, value: string, expectedModRevision: number): Applied {
  const cur = tx.stmts.getKv.get(key);
  if (!cur) throw new StorageError('NotFound', `key not found: ${key}`, key);
  if (cur.mod_rev !== expectedModRevision) {
    throw new StorageError('Conflict', `key ${key} has mod revision ${cur.mod_rev}, expected ${expectedModRevision}`, key, toKeyValue(cur));
  }
  const rev = tx.nextRev();
  tx.stmts.updateKv.run(value, rev, key);
  const row: LogRow = { rev, key, type: LOG_PUT, value, create_rev: cur.create_rev, prev_value: cur.value, prev_mod_rev: cur.mod_rev };
  tx.stmts.insertLog.run(rev, key, LOG_PUT, value, cur.create_rev, cur.value, cur.mod_rev);
  const event = eventFromLog(row);
  return { kv: event.kv, event };
}

/** The create verb: insert a key that must not exist. */
import { StorageError } from '../types.ts';
import { toKeyValue } from './context.ts';
import { eventFromLog, LOG_PUT } from './log-event.ts';
import type { LogRow } from './statements.ts';
import type { Applied, TxContext } from './write-op.ts';

/** Apply a create inside the batch transaction; throws KeyExists if the key is live. */
export function applyCreate(tx: TxContext, key: string, value: string): Applied {
  const cur = tx.stmts.getKv.get(key);
  if (cur) throw new StorageError('KeyExists', `key already exists: ${key}`, key, toKeyValue(cur));
  const rev = tx.nextRev();
  tx.stmts.insertKv.run(key, value, rev, rev);
  const row: LogRow = { rev, key, type: LOG_PUT, value, create_rev: rev, prev_value: null, prev_mod_rev: null };
  tx.stmts.insertLog.run(rev, key, LOG_PUT, value, rev, null, null);
  const event = eventFromLog(row);
  return { kv: event.kv, event };
}

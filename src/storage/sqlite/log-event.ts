/**
 * The one mapping from a `log` row to a watch event, used both for live
 * events (right after a commit) and for replay (read back from SQLite), so a
 * watcher cannot tell the two apart.
 */
import type { KeyValue, WatchEvent } from '../types.ts';
import type { LogRow } from './statements.ts';

/** Log `type` of a create or update. */
export const LOG_PUT = 0;
/** Log `type` of a delete. */
export const LOG_DELETE = 1;

/** Build the watch event a log row stands for. */
export function eventFromLog(row: LogRow): WatchEvent {
  const prevKv: KeyValue | undefined =
    row.prev_mod_rev === null
      ? undefined
      : { key: row.key, value: row.prev_value ?? '', createRevision: row.create_rev, modRevision: row.prev_mod_rev };
  if (row.type === LOG_DELETE) {
    // A delete carries the last value with the delete's revision (etcd does the same for prevKv-less clients).
    const kv: KeyValue = { key: row.key, value: row.prev_value ?? '', createRevision: row.create_rev, modRevision: row.rev };
    return { type: 'DELETE', kv, prevKv, revision: row.rev };
  }
  const kv: KeyValue = { key: row.key, value: row.value ?? '', createRevision: row.create_rev, modRevision: row.rev };
  return prevKv ? { type: 'PUT', kv, prevKv, revision: row.rev } : { type: 'PUT', kv, revision: row.rev };
}

/**
 * SQLite schema of the store and the pragmas it runs with.
 *
 * Two tables (see docs/design/storage.md):
 * - `kv`: the current state, one row per live key, so reads at the current
 *   revision are a single B-tree lookup or range scan.
 * - `log`: one row per revision (create, update or delete) with the value
 *   before and after, used to replay watches and to read older revisions.
 * - `meta`: the revision counter and the compact revision, so a restart
 *   continues where the last committed write left off.
 */
import type { Database } from 'better-sqlite3';
import { StorageError } from '../types.ts';

/** Schema version stored in `PRAGMA user_version`; bump on incompatible change. */
export const SCHEMA_VERSION = 1;

const DDL = `
CREATE TABLE IF NOT EXISTS kv (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  create_rev INTEGER NOT NULL,
  mod_rev    INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS log (
  rev          INTEGER PRIMARY KEY,
  key          TEXT NOT NULL,
  type         INTEGER NOT NULL,   -- 0 = PUT, 1 = DELETE
  value        TEXT,               -- new value (NULL for DELETE)
  create_rev   INTEGER NOT NULL,   -- create revision of the key this entry belongs to
  prev_value   TEXT,               -- value before (NULL for a create)
  prev_mod_rev INTEGER             -- mod revision before (NULL for a create)
);
CREATE INDEX IF NOT EXISTS log_key_rev ON log (key, rev);
CREATE TABLE IF NOT EXISTS meta (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
INSERT OR IGNORE INTO meta (name, value) VALUES ('current_rev', 0), ('compact_rev', 0);
`;

/** Durability mode: FULL fsyncs the WAL on every commit; NORMAL survives process crashes but not power loss. */
export type SyncMode = 'FULL' | 'NORMAL';

/** Apply pragmas and create tables. Returns the persisted revisions. */
export function initSchema(db: Database, sync: SyncMode): { currentRev: number; compactRev: number } {
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${sync}`);
  // Keep a bigger page cache (64 MiB) so 100k-key lists stay in memory.
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  // File databases are checkpointed by a background worker (checkpointer.ts);
  // this threshold (64 MiB of WAL) is only the safety net if it falls behind.
  db.pragma('wal_autocheckpoint = 16384');
  // After a WAL reset, shrink a WAL that grew during a burst back to 64 MiB.
  db.pragma('journal_size_limit = 67108864');
  db.pragma('busy_timeout = 5000');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version !== 0 && version !== SCHEMA_VERSION) {
    throw new StorageError('Internal', `unsupported store schema version ${version}`);
  }
  db.exec(DDL);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
  const rows = db.prepare('SELECT name, value FROM meta').all() as { name: string; value: number }[];
  const meta = new Map(rows.map((r) => [r.name, r.value]));
  return { currentRev: meta.get('current_rev') ?? 0, compactRev: meta.get('compact_rev') ?? 0 };
}

/**
 * What every verb of the SQLite driver needs: the connection, its prepared
 * statements and the in-memory copy of the revision counters.
 */
import type { Database } from 'better-sqlite3';
import type { Clock } from '../../base/clock.ts';
import type { Logger } from '../../base/logger.ts';
import { StorageError, type KeyValue } from '../types.ts';
import type { KvRow } from './statements.ts';
import type { Statements } from './statements.ts';

/** Revision counters; mirrors the `meta` table after every commit. */
export interface RevisionState {
  /** Last committed revision. */
  currentRev: number;
  /** Revisions below this are no longer readable. */
  compactRev: number;
}

/** Shared state of one open SQLite store. */
export interface SqliteContext {
  db: Database;
  stmts: Statements;
  revs: RevisionState;
  logger: Logger;
  clock: Clock;
}

/** Map a `kv` row (or a reconstructed one) to the public shape. */
export function toKeyValue(row: KvRow): KeyValue {
  return { key: row.key, value: row.value, createRevision: row.create_rev, modRevision: row.mod_rev };
}

/**
 * Validate a read revision: 0/undefined means current; older than the
 * compact revision fails with Compacted, newer than current with FutureRevision.
 */
export function resolveReadRevision(revs: RevisionState, revision: number | undefined): number {
  if (!revision) return revs.currentRev;
  if (revision > revs.currentRev) {
    throw new StorageError('FutureRevision', `revision ${revision} is newer than the current revision ${revs.currentRev}`, undefined, undefined, revs.currentRev);
  }
  if (revision < revs.compactRev) {
    throw new StorageError('Compacted', `revision ${revision} has been compacted (compact revision ${revs.compactRev})`, undefined, undefined, revs.compactRev);
  }
  return revision;
}

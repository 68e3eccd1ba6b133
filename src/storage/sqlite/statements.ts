/**
 * Every SQL statement of the driver, prepared once at open. Keeping the SQL in
 * one place makes the query plans easy to review (each read is a range or
 * point lookup on a primary key or the (key, rev) index).
 */
import type { Database, Statement } from 'better-sqlite3';

/** A row of the `kv` table. */
export interface KvRow {
  key: string;
  value: string;
  create_rev: number;
  mod_rev: number;
}

/** A `kv` row as returned by raw statements: key, value, create_rev, mod_rev. */
export type KvTuple = [string, string, number, number];

/** A row of the `log` table. */
export interface LogRow {
  rev: number;
  key: string;
  /** 0 = PUT, 1 = DELETE. */
  type: number;
  value: string | null;
  create_rev: number;
  prev_value: string | null;
  prev_mod_rev: number | null;
}

/** The prepared statements of one database connection. */
export interface Statements {
  getKv: Statement<[string], KvRow>;
  insertKv: Statement<[string, string, number, number]>;
  updateKv: Statement<[string, number, string]>;
  deleteKv: Statement<[string]>;
  insertLog: Statement<[number, string, number, string | null, number, string | null, number | null]>;
  setMeta: Statement<[number, string]>;
  /** Current keys in [lo, hi), key order, at most `limit` (-1 = all); rows as arrays (no per-row object: ~15% faster for 10k rows). */
  listKvRaw: Statement<[string, string, number], KvTuple>;
  countKv: Statement<[string, string], { n: number }>;
  /** The first change of a key after a revision: its "before" is the state at that revision. */
  firstLogAfter: Statement<[string, number], LogRow>;
  /** Keys in [lo, hi) as of revision `rev`, key order, at most `limit`. */
  listAt: Statement<{ lo: string; hi: string; rev: number; limit: number }, KvRow>;
  countAt: Statement<{ lo: string; hi: string; rev: number }, { n: number }>;
  /** Log entries after a revision in [lo, hi), revision order. */
  replay: Statement<[number, string, string, number], LogRow>;
  /** Delete log entries in (from, to]. */
  deleteLogRange: Statement<[number, number]>;
}

const KV_COLS = 'key, value, create_rev, mod_rev';
const LOG_COLS = 'rev, key, type, value, create_rev, prev_value, prev_mod_rev';

// State at revision R = unchanged current rows (mod_rev <= R) plus, for every
// key changed after R, the "before" of its first change after R (skipping keys
// whose first change was their creation: they did not exist at R).
const AT_REV = `
  SELECT ${KV_COLS} FROM kv WHERE key >= @lo AND key < @hi AND mod_rev <= @rev
  UNION ALL
  SELECT l.key, l.prev_value, l.create_rev, l.prev_mod_rev
    FROM (SELECT MIN(rev) AS rev FROM log WHERE rev > @rev AND key >= @lo AND key < @hi GROUP BY key) f
    JOIN log l ON l.rev = f.rev
   WHERE l.prev_mod_rev IS NOT NULL`;

/** Prepare every statement on `db` (after the schema exists). */
export function prepareStatements(db: Database): Statements {
  return {
    getKv: db.prepare(`SELECT ${KV_COLS} FROM kv WHERE key = ?`),
    insertKv: db.prepare('INSERT INTO kv (key, value, create_rev, mod_rev) VALUES (?, ?, ?, ?)'),
    updateKv: db.prepare('UPDATE kv SET value = ?, mod_rev = ? WHERE key = ?'),
    deleteKv: db.prepare('DELETE FROM kv WHERE key = ?'),
    insertLog: db.prepare(`INSERT INTO log (${LOG_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?)`),
    setMeta: db.prepare('UPDATE meta SET value = ? WHERE name = ?'),
    listKvRaw: db.prepare<[string, string, number], KvTuple>(`SELECT ${KV_COLS} FROM kv WHERE key >= ? AND key < ? ORDER BY key LIMIT ?`).raw(true),
    countKv: db.prepare('SELECT COUNT(*) AS n FROM kv WHERE key >= ? AND key < ?'),
    firstLogAfter: db.prepare(`SELECT ${LOG_COLS} FROM log WHERE key = ? AND rev > ? ORDER BY rev LIMIT 1`),
    listAt: db.prepare(`SELECT * FROM (${AT_REV}) ORDER BY key LIMIT @limit`),
    countAt: db.prepare(`SELECT COUNT(*) AS n FROM (${AT_REV})`),
    // "+key" keeps SQLite on the rev primary key: replays are recent, short ranges.
    replay: db.prepare(`SELECT ${LOG_COLS} FROM log WHERE rev > ? AND +key >= ? AND +key < ? ORDER BY rev LIMIT ?`),
    deleteLogRange: db.prepare('DELETE FROM log WHERE rev > ? AND rev <= ?'),
  };
}

/**
 * The SQLite driver of {@link Store}: wires the connection, the verbs, the
 * group committer, the watch hub and the periodic compactor together.
 * See docs/design/storage.md for the design.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { realClock, type Clock } from '../../base/clock.ts';
import type { Logger } from '../../base/logger.ts';
import { StorageError, type KeyValue, type ListOptions, type ListResult, type Store, type Watcher, type WatchHandlers } from '../types.ts';
import { startCheckpointer, type Checkpointer } from './checkpointer.ts';
import { compactLog, startCompactor } from './compact.ts';
import type { SqliteContext } from './context.ts';
import { getKey } from './get.ts';
import { acquireLock, type LockFile } from './lock-file.ts';
import { GroupCommitter, type GroupCommitStats } from './group-commit.ts';
import { countKeys, listKeys } from './list.ts';
import { initSchema, type SyncMode } from './schema.ts';
import { prepareStatements } from './statements.ts';
import { WatchHub } from './watch-hub.ts';
import { SqliteWatcher } from './watcher.ts';
import type { WriteOp } from './write-op.ts';

/** Configuration of {@link openSqliteStore}. */
export interface SqliteStoreConfig {
  /** Database file, or ':memory:' (tests). The directory is created if missing. */
  path: string;
  logger: Logger;
  clock?: Clock;
  /** Periodic compaction interval; default 5 minutes; 0 disables. */
  compactIntervalMs?: number;
  /** Revisions of history kept by periodic compaction; default 10,000. */
  compactKeepRevisions?: number;
  /** FULL (default) fsyncs every commit; NORMAL survives kill -9 but not power loss. */
  synchronous?: SyncMode;
  /** Most writes committed in one transaction; default 1024; 1 disables group commit. */
  maxBatchSize?: number;
  /** Background WAL checkpoint interval (ms); default 250; 0 leaves checkpoints to SQLite's auto-checkpoint. */
  checkpointIntervalMs?: number;
  /** Events a watcher may have queued before it is closed; default 10,000. */
  watchBufferLimit?: number;
}

const DEFAULT_COMPACT_INTERVAL_MS = 5 * 60_000;
const DEFAULT_KEEP_REVISIONS = 10_000;
const REPLAY_CHUNK = 1000;

/** A Store on one better-sqlite3 connection in WAL mode. */
export class SqliteStore implements Store {
  readonly driver = 'sqlite';
  private closed = false;
  private readonly hub = new WatchHub();
  private readonly committer: GroupCommitter;
  private readonly stopCompactor: () => void;
  private readonly checkpointer?: Checkpointer;

  constructor(
    private readonly ctx: SqliteContext,
    private readonly cfg: SqliteStoreConfig,
    private readonly lock?: LockFile,
  ) {
    if (cfg.path !== ':memory:' && (cfg.checkpointIntervalMs ?? 250) > 0) {
      this.checkpointer = startCheckpointer(cfg.path, cfg.checkpointIntervalMs ?? 250, ctx.logger);
    }
    this.committer = new GroupCommitter(ctx, (events) => this.hub.publish(events), cfg.maxBatchSize);
    this.stopCompactor = startCompactor(
      ctx,
      { intervalMs: cfg.compactIntervalMs ?? DEFAULT_COMPACT_INTERVAL_MS, keepRevisions: cfg.compactKeepRevisions ?? DEFAULT_KEEP_REVISIONS },
      () => this.hub.oldestReplayCursor(),
      (rev) => this.compact(rev),
    );
  }

  /** Group-commit counters (benchmarks). */
  get commitStats(): GroupCommitStats {
    return this.committer.stats;
  }

  private check(): void {
    if (this.closed) throw new StorageError('Closed', 'store is closed');
  }

  private write(op: WriteOp): Promise<KeyValue> {
    if (this.closed) return Promise.reject(new StorageError('Closed', 'store is closed', op.key));
    // Caught here, a bad argument fails alone instead of aborting its whole batch.
    if (typeof op.key !== 'string' || op.key === '' || ('value' in op && typeof op.value !== 'string')) {
      return Promise.reject(new StorageError('Internal', 'store writes need a non-empty string key and a string value', String(op.key)));
    }
    return this.committer.submit(op);
  }

  async currentRevision(): Promise<number> {
    this.check();
    return this.ctx.revs.currentRev;
  }

  async compactRevision(): Promise<number> {
    this.check();
    return this.ctx.revs.compactRev;
  }

  create(key: string, value: string): Promise<KeyValue> {
    return this.write({ kind: 'create', key, value });
  }

  update(key: string, value: string, expectedModRevision: number): Promise<KeyValue> {
    return this.write({ kind: 'update', key, value, expectedModRevision });
  }

  delete(key: string, expectedModRevision?: number): Promise<KeyValue> {
    return this.write({ kind: 'delete', key, expectedModRevision });
  }

  async get(key: string, revision?: number): Promise<KeyValue | undefined> {
    this.check();
    return getKey(this.ctx, key, revision);
  }

  async list(prefix: string, opts?: ListOptions): Promise<ListResult> {
    this.check();
    return listKeys(this.ctx, prefix, opts);
  }

  async count(prefix: string): Promise<number> {
    this.check();
    return countKeys(this.ctx, prefix);
  }

  async watch(prefix: string, fromRevision: number, handlers: WatchHandlers): Promise<Watcher> {
    this.check();
    const { compactRev } = this.ctx.revs;
    if (fromRevision > 0 && fromRevision < compactRev) {
      throw new StorageError('Compacted', `revision ${fromRevision} has been compacted (compact revision ${compactRev})`, undefined, undefined, compactRev);
    }
    const w = new SqliteWatcher(prefix, fromRevision, handlers, {
      stmts: this.ctx.stmts,
      revs: this.ctx.revs,
      logger: this.ctx.logger,
      maxBuffer: this.cfg.watchBufferLimit ?? 10_000,
      replayChunk: REPLAY_CHUNK,
      detach: (x) => this.hub.remove(x),
    });
    this.hub.add(w);
    return w;
  }

  /**
   * Drop history up to `revision`. Never past the oldest revision a replaying
   * watcher still needs; older than the compact revision is a no-op.
   */
  async compact(revision: number): Promise<void> {
    this.check();
    const { currentRev } = this.ctx.revs;
    if (revision > currentRev) {
      throw new StorageError('FutureRevision', `cannot compact to ${revision}: current revision is ${currentRev}`, undefined, undefined, currentRev);
    }
    await compactLog(this.ctx, Math.min(revision, this.hub.oldestReplayCursor()));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Acknowledge what is queued before refusing new work.
    this.committer.flush();
    this.closed = true;
    this.stopCompactor();
    this.hub.closeAll(new StorageError('Closed', 'store is closed'));
    await this.checkpointer?.stop();
    this.ctx.db.close();
    this.lock?.release();
  }
}

/** Open (creating if needed) a SQLite store at `cfg.path`. */
export async function openSqliteStore(cfg: SqliteStoreConfig): Promise<Store> {
  return openSqliteStoreImpl(cfg);
}

/** Like {@link openSqliteStore} but typed as the concrete class (tests, benchmarks). */
export async function openSqliteStoreImpl(cfg: SqliteStoreConfig): Promise<SqliteStore> {
  let lock: LockFile | undefined;
  if (cfg.path !== ':memory:') {
    mkdirSync(dirname(cfg.path), { recursive: true });
    lock = acquireLock(cfg.path);
  }
  let db: Database.Database;
  try {
    db = new Database(cfg.path);
  } catch (e) {
    lock?.release();
    throw new StorageError('Internal', `cannot open store at ${cfg.path}: ${(e as Error).message}`);
  }
  try {
    const revs = initSchema(db, cfg.synchronous ?? 'FULL');
    const logger = cfg.logger.child({ component: 'storage', driver: 'sqlite' });
    const ctx: SqliteContext = { db, stmts: prepareStatements(db), revs, logger, clock: cfg.clock ?? realClock };
    logger.info('store opened', { path: cfg.path, revision: revs.currentRev, compactRevision: revs.compactRev });
    return new SqliteStore(ctx, cfg, lock);
  } catch (e) {
    db.close();
    lock?.release();
    if (e instanceof StorageError) throw e;
    throw new StorageError('Internal', `cannot open store at ${cfg.path}: ${(e as Error).message}`);
  }
}

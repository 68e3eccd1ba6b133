/**
 * Group commit: every write submitted during one turn of the event loop is
 * applied in ONE SQLite transaction (one WAL fsync) and acknowledged only
 * after that transaction commits. Each op is still checked on its own against
 * the state left by the ops before it, so a failing compare-and-swap fails
 * only its own promise.
 *
 * Why setImmediate: better-sqlite3 is synchronous, so while a commit (and its
 * fsync) runs, new requests pile up in libuv; they all run in the next poll
 * phase and land in the same batch. Under load the batch grows with the
 * fsync latency, which is exactly the pipelining etcd gets from its raft log.
 */
import { StorageError, type KeyValue, type WatchEvent } from '../types.ts';
import type { SqliteContext } from './context.ts';
import { applyCreate } from './create.ts';
import { applyDelete } from './delete.ts';
import { applyUpdate } from './update.ts';
import type { Applied, TxContext, WriteOp } from './write-op.ts';

interface Pending {
  op: WriteOp;
  resolve(kv: KeyValue): void;
  reject(err: StorageError): void;
}

/** Stats kept for benchmarks and debugging. */
export interface GroupCommitStats {
  /** Committed transactions. */
  commits: number;
  /** Ops applied (successful or not). */
  ops: number;
  /** Largest batch seen. */
  maxBatch: number;
}

function apply(tx: TxContext, op: WriteOp): Applied {
  switch (op.kind) {
    case 'create': return applyCreate(tx, op.key, op.value);
    case 'update': return applyUpdate(tx, op.key, op.value, op.expectedModRevision);
    case 'delete': return applyDelete(tx, op.key, op.expectedModRevision);
  }
}

/** Queues writes and commits them in batches. */
export class GroupCommitter {
  private pending: Pending[] = [];
  private scheduled = false;
  /** Counters since open. */
  readonly stats: GroupCommitStats = { commits: 0, ops: 0, maxBatch: 0 };

  constructor(
    private readonly ctx: SqliteContext,
    /** Called with the events of each committed batch, in revision order. */
    private readonly publish: (events: WatchEvent[]) => void,
    /** Most ops per transaction (1 disables group commit; benchmarks compare). */
    private readonly maxBatchSize = 1024,
  ) {}

  /** Queue a write; resolves after the batch holding it has committed. */
  submit(op: WriteOp): Promise<KeyValue> {
    return new Promise<KeyValue>((resolve, reject) => {
      this.pending.push({ op, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commit everything queued now (also used by close). */
  flush(): void {
    this.scheduled = false;
    const all = this.pending;
    this.pending = [];
    for (let i = 0; i < all.length; i += this.maxBatchSize) this.commit(all.slice(i, i + this.maxBatchSize));
  }

  /** Apply and commit one batch in one transaction, then publish and acknowledge. */
  private commit(batch: Pending[]): void {
    const { db, stmts, revs } = this.ctx;
    let rev = revs.currentRev;
    const tx: TxContext = { stmts, nextRev: () => ++rev };
    const results: (Applied | StorageError)[] = [];
    try {
      db.transaction(() => {
        for (const p of batch) {
          try {
            results.push(apply(tx, p.op));
          } catch (e) {
            // A failed check aborts only this op; anything else (I/O, disk full) aborts the batch.
            if (!(e instanceof StorageError)) throw e;
            results.push(e);
          }
        }
        if (rev !== revs.currentRev) stmts.setMeta.run(rev, 'current_rev');
      }).immediate();
    } catch (e) {
      this.ctx.logger.error('batch commit failed', { err: e as Error, ops: batch.length });
      const err = new StorageError('Internal', `commit failed: ${(e as Error).message}`);
      for (const p of batch) p.reject(err);
      return;
    }
    revs.currentRev = rev;
    this.stats.commits++;
    this.stats.ops += batch.length;
    if (batch.length > this.stats.maxBatch) this.stats.maxBatch = batch.length;
    const events: WatchEvent[] = [];
    for (const r of results) if (!(r instanceof StorageError)) events.push(r.event);
    if (events.length > 0) this.publish(events);
    for (let i = 0; i < batch.length; i++) {
      const r = results[i]!;
      if (r instanceof StorageError) batch[i]!.reject(r);
      else batch[i]!.resolve(r.kv);
    }
  }
}

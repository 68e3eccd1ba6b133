/**
 * One watch: replays logged history from SQLite, then switches to live events
 * from the in-process hub, delivering each event exactly once in revision order.
 *
 * No gap, no duplicate: while `replaying`, live events are ignored because
 * they are already in the log and a later replay chunk will read them. A
 * chunk shorter than the chunk size means the log held nothing more up to the
 * current revision at that instant; since commits run synchronously on this
 * thread, no commit can slip in before the switch to `live`, and every later
 * commit is offered live.
 *
 * Back-pressure: events are delivered from a per-watcher queue in a microtask,
 * never inside the commit. If `onEvent` returns a promise, delivery waits for
 * it; a queue that grows past `maxBuffer` closes the watch with Compacted so
 * the client re-lists instead of the store holding memory for it forever.
 */
import type { Logger } from '../../base/logger.ts';
import { StorageError, type Watcher, type WatchEvent, type WatchHandlers } from '../types.ts';
import type { RevisionState } from './context.ts';
import { keyRange } from '../key-range.ts';
import { eventFromLog } from './log-event.ts';
import type { Statements } from './statements.ts';

/** What a watcher needs from its store. */
export interface WatcherDeps {
  stmts: Statements;
  revs: RevisionState;
  logger: Logger;
  /** Events queued beyond this close the watch. */
  maxBuffer: number;
  /** Log rows read per replay step. */
  replayChunk: number;
  /** Called once when the watcher ends, to unregister it. */
  detach(w: SqliteWatcher): void;
}

/** A watch on one prefix (see file comment for the replay/live hand-over). */
export class SqliteWatcher implements Watcher {
  private state: 'replaying' | 'live' | 'closed';
  /** Highest revision queued (or known to have nothing for us). */
  private cursor: number;
  private queue: WatchEvent[] = [];
  private head = 0;
  private drainScheduled = false;
  private awaiting = false;

  constructor(
    private readonly prefix: string,
    fromRevision: number,
    private readonly handlers: WatchHandlers,
    private readonly deps: WatcherDeps,
  ) {
    const current = deps.revs.currentRev;
    if (fromRevision === 0 || fromRevision >= current) {
      this.state = 'live';
      this.cursor = fromRevision || current;
    } else {
      this.state = 'replaying';
      this.cursor = fromRevision;
      this.replayStep();
    }
  }

  /** The oldest revision this watcher still has to read from the log, or Infinity when live. */
  get replayCursor(): number {
    return this.state === 'replaying' ? this.cursor : Infinity;
  }

  /** Everything up to this revision has been handed to onEvent (see Watcher.progress). */
  progress(): number {
    // Queued events are not delivered yet; with nothing queued, the cursor is.
    return this.head < this.queue.length ? this.queue[this.head]!.revision - 1 : this.cursor;
  }

  /** Offer committed events (revision order); only live watchers take them. */
  offer(events: WatchEvent[]): void {
    if (this.state !== 'live') return;
    for (const ev of events) {
      if (ev.revision <= this.cursor) continue;
      this.cursor = ev.revision;
      if (ev.kv.key.startsWith(this.prefix)) this.queue.push(ev);
    }
    // Only a consumer still busy with an earlier event is behind: a synchronous
    // consumer empties the queue in the next microtask, however big the batch.
    if (this.awaiting && this.queue.length - this.head > this.deps.maxBuffer) {
      this.fail(new StorageError('Compacted', `watcher on ${this.prefix} fell more than ${this.deps.maxBuffer} events behind`, undefined, undefined, this.deps.revs.compactRev));
      return;
    }
    this.scheduleDrain();
  }

  /** Stop delivery; idempotent and silent (no onClose). */
  stop(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.queue = [];
    this.head = 0;
    this.deps.detach(this);
  }

  /** End the watch from the store side, telling the handler why. */
  fail(err: StorageError): void {
    if (this.state === 'closed') return;
    this.stop();
    try {
      this.handlers.onClose?.(err);
    } catch (e) {
      this.deps.logger.warn('watch onClose handler threw', { err: e as Error, prefix: this.prefix });
    }
  }

  private replayStep(): void {
    if (this.state !== 'replaying') return;
    const { lo, hi } = keyRange(this.prefix);
    const chunk = this.deps.replayChunk;
    const rows = this.deps.stmts.replay.all(this.cursor, lo, hi, chunk);
    for (const row of rows) this.queue.push(eventFromLog(row));
    if (rows.length === chunk) {
      this.cursor = rows[rows.length - 1]!.rev;
    } else {
      // Everything up to the current revision is queued; later commits come live.
      this.cursor = this.deps.revs.currentRev;
      this.state = 'live';
    }
    this.scheduleDrain();
  }

  private scheduleDrain(): void {
    if (this.drainScheduled || this.awaiting || this.state === 'closed') return;
    this.drainScheduled = true;
    queueMicrotask(() => this.drain());
  }

  private drain(): void {
    this.drainScheduled = false;
    while (this.head < this.queue.length) {
      if (this.state === 'closed') return;
      const ev = this.queue[this.head++]!;
      let ret: unknown;
      try {
        ret = this.handlers.onEvent(ev);
      } catch (e) {
        this.deps.logger.warn('watch onEvent handler threw', { err: e as Error, prefix: this.prefix });
        this.fail(new StorageError('Internal', `watch handler failed: ${(e as Error).message}`));
        return;
      }
      if (ret && typeof (ret as PromiseLike<unknown>).then === 'function') {
        this.awaiting = true;
        (ret as PromiseLike<unknown>).then(
          () => { this.awaiting = false; this.scheduleDrain(); },
          (e: unknown) => { this.awaiting = false; this.fail(new StorageError('Internal', `watch handler failed: ${String(e)}`)); },
        );
        this.trimQueue();
        return;
      }
    }
    this.queue = [];
    this.head = 0;
    // Read the next replay chunk only once the consumer has caught up.
    if (this.state === 'replaying') setImmediate(() => this.replayStep());
  }

  private trimQueue(): void {
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}

/**
 * In-process fan-out of committed events to watchers: the group committer
 * publishes each batch once; no watcher ever polls SQLite for live events.
 */
import type { WatchEvent } from '../types.ts';
import type { StorageError } from '../types.ts';
import type { SqliteWatcher } from './watcher.ts';

/** The set of running watchers of one store. */
export class WatchHub {
  private readonly watchers = new Set<SqliteWatcher>();

  /** Register a watcher. */
  add(w: SqliteWatcher): void {
    this.watchers.add(w);
  }

  /** Unregister a watcher (called by the watcher itself when it ends). */
  remove(w: SqliteWatcher): void {
    this.watchers.delete(w);
  }

  /** Number of running watchers. */
  get size(): number {
    return this.watchers.size;
  }

  /** Offer one committed batch to every watcher. */
  publish(events: WatchEvent[]): void {
    for (const w of this.watchers) w.offer(events);
  }

  /** The oldest log revision a replaying watcher still needs (Infinity if none): compaction stops below it. */
  oldestReplayCursor(): number {
    let min = Infinity;
    for (const w of this.watchers) min = Math.min(min, w.replayCursor);
    return min;
  }

  /** End every watch with `err` (store closing). */
  closeAll(err: StorageError): void {
    for (const w of [...this.watchers]) w.fail(err);
  }
}

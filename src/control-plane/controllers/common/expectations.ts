/**
 * Expectations: creates and deletes a controller has issued but not yet
 * seen in its informer cache. While any are outstanding the controller does
 * not trust the cache to count pods, so a stale cache never causes double
 * creation or deletion. Entries expire (upstream: 5 minutes) so a lost
 * watch event cannot block a controller forever.
 */
import type { Clock } from '../../../base/clock.ts';

/** Upstream's ExpectationsTimeout. */
export const EXPECTATIONS_TTL_MS = 5 * 60_000;

interface Entry {
  /** Creates still to be observed. */
  add: number;
  /** Keys of objects whose deletion is still to be observed. */
  deletes: Set<string>;
  /** When the expectations were set. */
  at: number;
}

/** Outstanding creates and deletes per controller key. */
export class Expectations {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly clock: Clock, private readonly ttlMs = EXPECTATIONS_TTL_MS) {}

  /** True when nothing is outstanding (or the entry expired): the cache can be trusted. */
  satisfied(key: string): boolean {
    const e = this.entries.get(key);
    if (!e) return true;
    if (e.add <= 0 && e.deletes.size === 0) return true;
    return this.clock.now() - e.at > this.ttlMs;
  }

  /** Expect `n` creates (replacing what was outstanding: called only when satisfied). */
  expectCreations(key: string, n: number): void {
    this.entries.set(key, { add: n, deletes: new Set(), at: this.clock.now() });
  }

  /** Expect the deletion of these object keys. */
  expectDeletions(key: string, objectKeys: string[]): void {
    this.entries.set(key, { add: 0, deletes: new Set(objectKeys), at: this.clock.now() });
  }

  /** A create was seen (or failed and will never be seen). */
  creationObserved(key: string): void {
    const e = this.entries.get(key);
    if (e) e.add--;
  }

  /** A deletion was seen (or failed). */
  deletionObserved(key: string, objectKey: string): void {
    this.entries.get(key)?.deletes.delete(objectKey);
  }

  /** Forget the controller (it was deleted). */
  delete(key: string): void {
    this.entries.delete(key);
  }
}

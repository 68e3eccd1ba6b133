/**
 * Expectations: creates and deletes a controller issued but has not yet
 * seen in its informer cache. While any are outstanding, sync does not
 * trust the cache, so a stale cache never makes it create or delete twice.
 * Entries expire after 5 minutes (as upstream) so a lost event cannot
 * block a controller forever.
 */
import type { Clock } from '../../../base/clock.ts';

const TTL_MS = 5 * 60_000;

interface Entry { adds: number; dels: number; at: number }

/** Outstanding creates/deletes per controller key. */
export class Expectations {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly clock: Clock) {}

  /** True when nothing is outstanding, or the entry expired. */
  satisfied(key: string): boolean {
    const e = this.entries.get(key);
    if (!e) return true;
    if ((e.adds <= 0 && e.dels <= 0) || this.clock.now() - e.at > TTL_MS) return true;
    return false;
  }

  /** Record that `adds` creates and `dels` deletes are about to be issued. */
  expect(key: string, adds: number, dels: number): void {
    const e = this.entries.get(key);
    if (e && (e.adds > 0 || e.dels > 0) && this.clock.now() - e.at <= TTL_MS) {
      e.adds += adds;
      e.dels += dels;
    } else {
      this.entries.set(key, { adds, dels, at: this.clock.now() });
    }
  }

  /** An expected create was observed (or failed, so will never be). */
  creationObserved(key: string): void {
    const e = this.entries.get(key);
    if (e) e.adds--;
  }

  /** An expected delete was observed (or failed). */
  deletionObserved(key: string): void {
    const e = this.entries.get(key);
    if (e) e.dels--;
  }

  /** Forget the key (its owner is gone). */
  delete(key: string): void { this.entries.delete(key); }
}

/**
 * The controllers' work queue, with the guarantees controllers rely on:
 * - an item queued several times before a worker takes it is processed once;
 * - an item is never handed to two workers at once: if it is added while a
 *   worker holds it, it is queued again only when that worker calls `done`;
 * - failures are retried later with a {@link RateLimiter}; `addAfter` delays.
 * Items are compared with `===`, so controllers use string keys.
 */
import { realClock, type Clock } from './clock.ts';
import { defaultControllerRateLimiter, type RateLimiter } from './backoff.ts';

/** Schedules callbacks; injected so tests can drive delays with a fake clock. */
export interface TimerScheduler {
  /** Call `fn` after `ms` milliseconds; returns a handle for `clear`. */
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** Node's timers. Unref'd so a pending retry never keeps the process alive. */
export const realTimers: TimerScheduler = {
  set(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clear(h) { clearTimeout(h as NodeJS.Timeout); },
};

/** Configuration of {@link WorkQueue}. */
export interface WorkQueueOptions<T> {
  /** Name for logs and metrics. */
  name?: string;
  clock?: Clock;
  timers?: TimerScheduler;
  rateLimiter?: RateLimiter<T>;
}

/** Result of {@link WorkQueue.get}. */
export type GetResult<T> = { item: T; shutdown: false } | { item: undefined; shutdown: true };

interface Waiting<T> { item: T; readyAt: number }

/** Rate-limited, delaying, de-duplicating work queue. */
export class WorkQueue<T> {
  /** Name given at construction. */
  readonly name: string;
  private readonly queue: T[] = [];
  private head = 0;
  /** Items that need processing (queued, or re-added while processing). */
  private readonly dirty = new Set<T>();
  /** Items a worker holds right now. */
  private readonly processing = new Set<T>();
  private readonly getters: Array<(r: GetResult<T>) => void> = [];
  private shuttingDown = false;
  private readonly clock: Clock;
  private readonly timers: TimerScheduler;
  private readonly limiter: RateLimiter<T>;
  /** Delayed items, earliest first; one timer for the earliest. */
  private waiting: Waiting<T>[] = [];
  private timer: unknown;
  private timerAt = Infinity;

  constructor(opts: WorkQueueOptions<T> = {}) {
    this.name = opts.name ?? '';
    this.clock = opts.clock ?? realClock;
    this.timers = opts.timers ?? realTimers;
    this.limiter = opts.rateLimiter ?? defaultControllerRateLimiter<T>(this.clock);
  }

  /** Queue `item` unless it is already waiting to be processed. */
  add(item: T): void {
    if (this.shuttingDown || this.dirty.has(item)) return;
    this.dirty.add(item);
    // A worker holds it: `done` re-queues it, so one key never runs twice at once.
    if (this.processing.has(item)) return;
    const g = this.getters.shift();
    if (g) {
      this.take(item);
      g({ item, shutdown: false });
      return;
    }
    this.queue.push(item);
  }

  /** Number of items ready to be taken. */
  len(): number { return this.queue.length - this.head; }

  /**
   * Wait for the next item. The caller owns it until {@link done}. After
   * shutdown the remaining items are still handed out, then `shutdown: true`.
   */
  get(): Promise<GetResult<T>> {
    if (this.len() > 0) {
      const item = this.queue[this.head++] as T;
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      this.take(item);
      return Promise.resolve({ item, shutdown: false });
    }
    if (this.shuttingDown) return Promise.resolve({ item: undefined, shutdown: true });
    return new Promise((resolve) => this.getters.push(resolve));
  }

  private take(item: T): void {
    this.processing.add(item);
    this.dirty.delete(item);
  }

  /** The worker finished `item`; if it was added meanwhile, queue it again. */
  done(item: T): void {
    this.processing.delete(item);
    if (!this.dirty.has(item)) return;
    this.dirty.delete(item);
    this.add(item);
  }

  /** Queue `item` after `ms` milliseconds (at once when `ms <= 0`). */
  addAfter(item: T, ms: number): void {
    if (this.shuttingDown) return;
    if (ms <= 0) {
      this.add(item);
      return;
    }
    const readyAt = this.clock.now() + ms;
    const existing = this.waiting.find((w) => w.item === item);
    // Keep the earliest time, as upstream does when an item is delayed twice.
    if (existing) {
      if (readyAt >= existing.readyAt) return;
      existing.readyAt = readyAt;
    } else {
      this.waiting.push({ item, readyAt });
    }
    this.waiting.sort((a, b) => a.readyAt - b.readyAt);
    this.arm();
  }

  /** Queue `item` after the rate limiter's delay (use after a failed sync). */
  addRateLimited(item: T): void {
    this.addAfter(item, this.limiter.when(item));
  }

  /** Reset `item`'s backoff (use after a successful sync). */
  forget(item: T): void { this.limiter.forget(item); }

  /** How many times `item` has been retried since its last forget. */
  numRequeues(item: T): number { return this.limiter.numRequeues(item); }

  /** Stop accepting items and wake idle workers with `shutdown: true`. */
  shutDown(): void {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    this.waiting = [];
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    for (const g of this.getters.splice(0)) g({ item: undefined, shutdown: true });
  }

  /** True after {@link shutDown}. */
  isShuttingDown(): boolean { return this.shuttingDown; }

  /**
   * Move due items into the queue. Called by the timer; tests with a fake
   * clock may call it after moving the clock.
   */
  flushDue(): void {
    const now = this.clock.now();
    while (this.waiting.length > 0 && (this.waiting[0] as Waiting<T>).readyAt <= now) {
      this.add((this.waiting.shift() as Waiting<T>).item);
    }
    this.arm();
  }

  private arm(): void {
    const first = this.waiting[0];
    if (!first) {
      if (this.timer !== undefined) this.timers.clear(this.timer);
      this.timer = undefined;
      this.timerAt = Infinity;
      return;
    }
    if (this.timer !== undefined && this.timerAt <= first.readyAt) return;
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timerAt = first.readyAt;
    this.timer = this.timers.set(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.flushDue();
    }, Math.max(0, first.readyAt - this.clock.now()));
  }
}

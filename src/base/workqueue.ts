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

interface Waiting<T> { item: T; readyAt: number; index: number }

/** Min-heap of delayed items by readyAt, with an index per item so re-delaying is O(log n). */
class DelayHeap<T> {
  private readonly heap: Waiting<T>[] = [];
  private readonly byItem = new Map<T, Waiting<T>>();

  get size(): number { return this.heap.length; }
  peek(): Waiting<T> | undefined { return this.heap[0]; }

  /** Insert, or move an already delayed item earlier (never later). */
  upsert(item: T, readyAt: number): void {
    const cur = this.byItem.get(item);
    if (cur) {
      if (readyAt >= cur.readyAt) return;
      cur.readyAt = readyAt;
      this.up(cur.index);
      return;
    }
    const w = { item, readyAt, index: this.heap.length };
    this.heap.push(w);
    this.byItem.set(item, w);
    this.up(w.index);
  }

  pop(): Waiting<T> | undefined {
    const top = this.heap[0];
    if (!top) return undefined;
    const last = this.heap.pop() as Waiting<T>;
    if (last !== top) {
      this.heap[0] = last;
      last.index = 0;
      this.down(0);
    }
    this.byItem.delete(top.item);
    return top;
  }

  clear(): void {
    this.heap.length = 0;
    this.byItem.clear();
  }

  private swap(i: number, j: number): void {
    const a = this.heap[i] as Waiting<T>;
    const b = this.heap[j] as Waiting<T>;
    this.heap[i] = b;
    this.heap[j] = a;
    a.index = j;
    b.index = i;
  }

  private up(i: number): void {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((this.heap[p] as Waiting<T>).readyAt <= (this.heap[i] as Waiting<T>).readyAt) return;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.heap.length && (this.heap[l] as Waiting<T>).readyAt < (this.heap[m] as Waiting<T>).readyAt) m = l;
      if (r < this.heap.length && (this.heap[r] as Waiting<T>).readyAt < (this.heap[m] as Waiting<T>).readyAt) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}

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
  private readonly waiting = new DelayHeap<T>();
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
    // Keeps the earliest time when an item is delayed twice, as upstream does.
    this.waiting.upsert(item, this.clock.now() + ms);
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
    this.waiting.clear();
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
    while ((this.waiting.peek()?.readyAt ?? Infinity) <= now) {
      this.add((this.waiting.pop() as Waiting<T>).item);
    }
    this.arm();
  }

  private arm(): void {
    const first = this.waiting.peek();
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

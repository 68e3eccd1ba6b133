/**
 * Rate limiters that decide how long a failed work item waits before it is
 * retried, in the shape controllers expect: per-item exponential backoff,
 * an overall token bucket, and the maximum of several limiters. Also a small
 * retry {@link Backoff} for reconnect loops (watch, re-list).
 */
import { realClock, type Clock } from './clock.ts';

/** Decides the delay (ms) before an item is processed again. */
export interface RateLimiter<T> {
  /** Delay in ms for the next attempt of `item`; records the attempt. */
  when(item: T): number;
  /** Stop tracking `item` (it succeeded); its backoff starts over. */
  forget(item: T): void;
  /** How many times `item` has been rate limited since its last forget. */
  numRequeues(item: T): number;
}

/** Per-item exponential backoff: base * 2^failures, capped at max. */
export class ItemExponentialRateLimiter<T> implements RateLimiter<T> {
  private readonly failures = new Map<T, number>();

  /** @param baseMs first delay; @param maxMs cap of every delay. */
  constructor(private readonly baseMs: number, private readonly maxMs: number) {}

  when(item: T): number {
    const n = this.failures.get(item) ?? 0;
    this.failures.set(item, n + 1);
    // Beyond 2^60 the float result is meaningless; the cap applies long before.
    const delay = this.baseMs * Math.pow(2, Math.min(n, 60));
    return Math.min(delay, this.maxMs);
  }

  forget(item: T): void { this.failures.delete(item); }
  numRequeues(item: T): number { return this.failures.get(item) ?? 0; }
}

/**
 * A token bucket shared by all items: `qps` tokens per second, at most `burst`
 * saved. Each `when` reserves a token and returns how long until it is
 * available, so a storm of failures is spread out instead of hammering the API.
 */
export class BucketRateLimiter<T> implements RateLimiter<T> {
  private tokens: number;
  private last: number;

  constructor(private readonly qps: number, private readonly burst: number, private readonly clock: Clock = realClock) {
    this.tokens = burst;
    this.last = clock.now();
  }

  when(_item: T): number {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.last);
    this.last = now;
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.qps) / 1000);
    this.tokens -= 1;
    if (this.tokens >= 0) return 0;
    return Math.ceil((-this.tokens / this.qps) * 1000);
  }

  forget(_item: T): void {}
  numRequeues(_item: T): number { return 0; }
}

/** The worst (longest) delay of several limiters. */
export class MaxOfRateLimiter<T> implements RateLimiter<T> {
  private readonly limiters: RateLimiter<T>[];

  constructor(...limiters: RateLimiter<T>[]) { this.limiters = limiters; }

  when(item: T): number {
    let d = 0;
    // Every limiter must record the attempt, so no short-circuit.
    for (const l of this.limiters) d = Math.max(d, l.when(item));
    return d;
  }

  forget(item: T): void { for (const l of this.limiters) l.forget(item); }

  numRequeues(item: T): number {
    let n = 0;
    for (const l of this.limiters) n = Math.max(n, l.numRequeues(item));
    return n;
  }
}

/**
 * The controllers' default: per-item 5 ms doubling to 1000 s, combined with
 * an overall 10 qps / burst 100 bucket (as client-go's default limiter).
 */
export function defaultControllerRateLimiter<T>(clock: Clock = realClock): RateLimiter<T> {
  return new MaxOfRateLimiter<T>(
    new ItemExponentialRateLimiter<T>(5, 1000_000),
    new BucketRateLimiter<T>(10, 100, clock),
  );
}

/** Options of {@link Backoff}. */
export interface BackoffOptions {
  /** First delay in ms. */
  initialMs: number;
  /** Cap in ms. */
  maxMs: number;
  /** Multiplier per step, default 2. */
  factor?: number;
  /** Random extra fraction of the delay (0.1 = up to +10%), default 0. */
  jitter?: number;
  /** Source of randomness (tests pass a constant). */
  random?: () => number;
}

/**
 * Retry delays for reconnect loops: grows by `factor` per failure up to
 * `maxMs`, with optional jitter so many clients do not retry in lock step.
 */
export class Backoff {
  private current: number;

  constructor(private readonly opts: BackoffOptions) { this.current = opts.initialMs; }

  /** The next delay in ms; grows the following one. */
  next(): number {
    const base = this.current;
    this.current = Math.min(this.opts.maxMs, base * (this.opts.factor ?? 2));
    const jitter = this.opts.jitter ?? 0;
    const rnd = this.opts.random ?? Math.random;
    return Math.min(this.opts.maxMs, Math.round(base * (1 + jitter * rnd())));
  }

  /** Start over after a success. */
  reset(): void { this.current = this.opts.initialMs; }
}

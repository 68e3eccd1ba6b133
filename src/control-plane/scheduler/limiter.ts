/**
 * Runs async tasks with bounded concurrency and an optional backlog cap.
 * Binding uses one so that thousands of placements a second become a
 * steady stream of requests instead of an unbounded burst.
 */

/** Bounded-concurrency task runner. */
export class ConcurrencyLimiter {
  private running = 0;
  private readonly backlog: Array<() => Promise<void>> = [];
  private idleWaiters: Array<() => void> = [];

  /** @param max tasks at once; @param maxBacklog queued tasks beyond which `run` drops (returns false). */
  constructor(private readonly max: number, private readonly maxBacklog = Infinity) {}

  /** Queue a task; false when the backlog is full and the task was dropped. */
  run(task: () => Promise<void>): boolean {
    if (this.running < this.max) {
      this.start(task);
      return true;
    }
    if (this.backlog.length >= this.maxBacklog) return false;
    this.backlog.push(task);
    return true;
  }

  /** Tasks running or waiting. */
  pending(): number { return this.running + this.backlog.length; }

  /** Resolve when nothing runs or waits. */
  idle(): Promise<void> {
    if (this.pending() === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  private start(task: () => Promise<void>): void {
    this.running++;
    // Tasks handle their own errors; a rejection here must not stop the runner.
    task().catch(() => {}).finally(() => {
      this.running--;
      const next = this.backlog.shift();
      if (next) this.start(next);
      else if (this.running === 0) for (const w of this.idleWaiters.splice(0)) w();
    });
  }
}

/**
 * Timers driven by a {@link FakeClock}, so node-agent tests step time by
 * hand: `advance(ms)` moves the clock and runs every timer that falls due,
 * in order, letting promise continuations run between them.
 */
import { FakeClock } from '../../base/clock.ts';
import type { TimerScheduler } from '../../base/workqueue.ts';

interface Pending { at: number; seq: number; fn: () => void }

/** A {@link TimerScheduler} over a fake clock. */
export class FakeTimers implements TimerScheduler {
  private readonly pending = new Set<Pending>();
  private seq = 0;

  constructor(readonly clock: FakeClock = new FakeClock()) {}

  set(fn: () => void, ms: number): unknown {
    const p = { at: this.clock.now() + Math.max(0, ms), seq: this.seq++, fn };
    this.pending.add(p);
    return p;
  }

  clear(handle: unknown): void { this.pending.delete(handle as Pending); }

  /** Number of timers not yet run. */
  get size(): number { return this.pending.size; }

  /** Move time forward by `ms`, running due timers and draining microtasks between them. */
  async advance(ms: number): Promise<void> {
    const end = this.clock.now() + ms;
    await flush();
    for (;;) {
      let next: Pending | undefined;
      for (const p of this.pending) if (p.at <= end && (!next || p.at < next.at || (p.at === next.at && p.seq < next.seq))) next = p;
      if (!next) break;
      this.pending.delete(next);
      if (next.at > this.clock.now()) this.clock.step(next.at - this.clock.now());
      next.fn();
      await flush();
    }
    if (end > this.clock.now()) this.clock.step(end - this.clock.now());
    await flush();
  }
}

/** Let queued promise continuations (and immediate I/O callbacks) run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}

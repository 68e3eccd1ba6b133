/**
 * One logical worker per pod, as upstream's podWorkers: a pod's syncs never
 * overlap, updates that arrive during a sync coalesce into one more sync,
 * and a sync may ask to run again later (a back-off expiring). Unlike
 * upstream there is no goroutine per pod: a worker is a few fields and a
 * timer, so a process can hold 50,000 of them; a shared limit caps how many
 * syncs run at once.
 */
import type { Logger } from '../../base/logger.ts';
import type { TimerScheduler } from '../../base/workqueue.ts';

/** A sync resolves with a delay after which to sync again, or undefined. */
export type PodSyncFn = (key: string) => Promise<number | undefined>;

/** Caps concurrent syncs; shareable between the kubelets of one process. */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly max: number) {}

  /** Resolve when a slot is free; call the returned function to free it. */
  async acquire(): Promise<() => void> {
    if (this.running >= this.max) await new Promise<void>((r) => this.waiting.push(r));
    else this.running++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next(); else this.running--;
    };
  }
}

interface Worker { busy: boolean; dirty: boolean; timer?: unknown; errors: number }

/** Configuration of {@link PodWorkers}. */
export interface PodWorkersConfig {
  sync: PodSyncFn;
  timers: TimerScheduler;
  logger: Logger;
  limit?: ConcurrencyLimit;
  /** Retry delay after a failed sync: doubles per failure from 1 s up to this; default 30 s. */
  maxRetryMs?: number;
}

/** Per-pod serialized syncs keyed by "namespace/name". */
export class PodWorkers {
  private readonly workers = new Map<string, Worker>();
  private readonly limit: ConcurrencyLimit;
  private stopped = false;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly cfg: PodWorkersConfig) {
    this.limit = cfg.limit ?? new ConcurrencyLimit(16);
  }

  /** Something about the pod changed: sync it (again) as soon as its worker is free. */
  update(key: string): void {
    if (this.stopped) return;
    let w = this.workers.get(key);
    if (!w) { w = { busy: false, dirty: false, errors: 0 }; this.workers.set(key, w); }
    if (w.timer !== undefined) { this.cfg.timers.clear(w.timer); w.timer = undefined; }
    if (w.busy) { w.dirty = true; return; }
    void this.run(key, w);
  }

  /** Forget a pod (it is gone and cleaned up); a running sync finishes first. */
  forget(key: string): void {
    const w = this.workers.get(key);
    if (!w) return;
    if (w.timer !== undefined) this.cfg.timers.clear(w.timer);
    if (!w.busy) this.workers.delete(key);
    else { w.dirty = false; w.errors = -1; }
  }

  /** Number of pods with a worker. */
  get size(): number { return this.workers.size; }

  /** Stop scheduling syncs; resolves when running ones are done. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const w of this.workers.values()) if (w.timer !== undefined) this.cfg.timers.clear(w.timer);
    if ([...this.workers.values()].some((w) => w.busy)) await new Promise<void>((r) => this.idleWaiters.push(r));
  }

  private async run(key: string, w: Worker): Promise<void> {
    w.busy = true;
    let again: number | undefined;
    const release = await this.limit.acquire();
    try {
      again = await this.cfg.sync(key);
      if (w.errors > 0) w.errors = 0;
    } catch (e) {
      if (w.errors >= 0) w.errors++;
      again = Math.min(this.cfg.maxRetryMs ?? 30_000, 1000 * 2 ** Math.max(0, w.errors - 1));
      this.cfg.logger.warn('pod sync failed', { pod: key, err: (e as Error).message, retryMs: again });
    } finally {
      release();
      w.busy = false;
    }
    if (w.errors < 0) { this.workers.delete(key); this.notifyIdle(); return; }
    if (this.stopped) { this.notifyIdle(); return; }
    if (w.dirty) { w.dirty = false; void this.run(key, w); return; }
    if (again !== undefined) w.timer = this.cfg.timers.set(() => { w.timer = undefined; this.update(key); }, again);
  }

  private notifyIdle(): void {
    if (this.idleWaiters.length === 0) return;
    if ([...this.workers.values()].some((x) => x.busy)) return;
    for (const r of this.idleWaiters.splice(0)) r();
  }
}

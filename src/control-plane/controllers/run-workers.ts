/**
 * The worker loop every controller shares: take a key, sync it, and tell
 * the queue how it went (forget on success, rate-limited retry on error,
 * a delayed re-check when the sync asks for one). Because the queue never
 * hands one key to two workers, `sync` may assume it is alone on that key.
 */
import type { Logger } from '../../base/logger.ts';
import type { WorkQueue } from '../../base/workqueue.ts';
import type { SyncResult } from './types.ts';

/** Retries after which a failing key is still retried but logged louder. */
const LOUD_AFTER = 5;

/**
 * Run `workers` loops over `queue` until it shuts down; resolves when all
 * have ended.
 */
export function runWorkers(
  queue: WorkQueue<string>,
  workers: number,
  sync: (key: string) => Promise<SyncResult | void>,
  logger: Logger,
): Promise<void> {
  const one = async (): Promise<void> => {
    for (;;) {
      const next = await queue.get();
      if (next.shutdown) return;
      const key = next.item;
      try {
        const r = await sync(key);
        queue.forget(key);
        if (r?.requeueAfterMs !== undefined) queue.addAfter(key, r.requeueAfterMs);
      } catch (e) {
        const n = queue.numRequeues(key);
        const log = n >= LOUD_AFTER ? logger.warn.bind(logger) : logger.info.bind(logger);
        log('sync failed, will retry', { key, retries: n, err: (e as Error).message });
        queue.addRateLimited(key);
      } finally {
        queue.done(key);
      }
    }
  };
  return Promise.all(Array.from({ length: Math.max(1, workers) }, one)).then(() => undefined);
}

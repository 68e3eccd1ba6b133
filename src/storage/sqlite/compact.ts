/**
 * Compaction: drop log entries up to a revision. The compact revision is
 * raised first (in `meta` and in memory), so readers refuse older revisions
 * before any row disappears; rows are then deleted in bounded chunks, one
 * short transaction each, yielding to the event loop in between so writers
 * and readers are never stalled for long.
 *
 * The `kv` table is never touched: it holds the current state, so reads at
 * the current revision never depend on history.
 */
import type { SqliteContext } from './context.ts';

/** Rows deleted per transaction. */
const CHUNK = 5000;

/**
 * Compact to `target` (already validated: compactRev < target <= currentRev).
 * Resolves when every row <= target is gone.
 */
export async function compactLog(ctx: SqliteContext, target: number): Promise<void> {
  const from = ctx.revs.compactRev;
  if (target <= from) return;
  const started = ctx.clock.now();
  ctx.stmts.setMeta.run(target, 'compact_rev');
  ctx.revs.compactRev = target;
  let deleted = 0;
  for (let lo = from; lo < target; lo += CHUNK) {
    const hi = Math.min(lo + CHUNK, target);
    if (!ctx.db.open) return;
    deleted += ctx.stmts.deleteLogRange.run(lo, hi).changes;
    if (hi < target) await new Promise<void>((r) => setImmediate(r));
  }
  ctx.logger.debug('compacted', { revision: target, deleted, ms: ctx.clock.now() - started });
}

/** Settings of the periodic compactor. */
export interface CompactorConfig {
  /** How often to compact (ms); 0 disables. */
  intervalMs: number;
  /** Revisions of history to keep behind the current one. */
  keepRevisions: number;
}

/**
 * Run compaction every `intervalMs`, keeping `keepRevisions` of history and
 * never going past what a replaying watcher still needs (`floor()`).
 * Returns a function that stops the timer.
 */
export function startCompactor(
  ctx: SqliteContext,
  cfg: CompactorConfig,
  floor: () => number,
  compact: (rev: number) => Promise<void>,
): () => void {
  if (cfg.intervalMs <= 0) return () => {};
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    const target = Math.min(ctx.revs.currentRev - cfg.keepRevisions, floor());
    if (target <= ctx.revs.compactRev) return;
    running = true;
    compact(target)
      .catch((e: unknown) => ctx.logger.error('periodic compaction failed', { err: e as Error, revision: target }))
      .finally(() => { running = false; });
  }, cfg.intervalMs);
  // Never keep the process alive just to compact.
  timer.unref();
  return () => clearInterval(timer);
}

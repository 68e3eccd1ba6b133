/**
 * Background WAL checkpoints. A checkpoint copies committed WAL pages into
 * the database file and fsyncs it; left to SQLite's auto-checkpoint, that
 * happens inside whichever commit crosses the threshold, on the event-loop
 * thread, and shows up as a 20-50 ms write stall. Here a worker thread with
 * its own connection runs PASSIVE checkpoints (which never take the write
 * lock) every few hundred milliseconds, so the main connection's commits only
 * append to the WAL. The main connection keeps a high auto-checkpoint
 * threshold as a safety net in case the worker cannot keep up.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../../base/logger.ts';

// Plain CommonJS so the worker needs no TypeScript loader.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
const run = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (e) { parentPort.postMessage({ error: String(e && e.message || e) }); }
};
const timer = setInterval(run, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m === 'stop') { clearInterval(timer); run(); db.close(); parentPort.postMessage({ stopped: true }); }
});
`;

/** A running background checkpointer. */
export interface Checkpointer {
  /** Run a last checkpoint and end the worker. */
  stop(): Promise<void>;
}

/** Start checkpointing the database at `path` every `intervalMs` from a worker thread. */
export function startCheckpointer(path: string, intervalMs: number, logger: Logger): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, intervalMs, driver } });
  // The store's own timers decide when the process exits, never this worker.
  worker.unref();
  let lastError = '';
  worker.on('message', (m: { error?: string }) => {
    // Log each distinct failure once: a busy database is retried next round anyway.
    if (m.error && m.error !== lastError) logger.warn('background checkpoint failed', { error: m.error });
    lastError = m.error ?? '';
  });
  worker.on('error', (e) => logger.error('checkpoint worker crashed', { err: e }));
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => resolve();
        worker.once('exit', done);
        worker.on('message', (m: { stopped?: boolean }) => { if (m.stopped) void worker.terminate(); });
        worker.postMessage('stop');
      }),
  };
}

/**
 * Polls the API server's /readyz until it answers "ok", reporting progress,
 * so init prints the join line only when the cluster really serves.
 */
import { K8sError } from '../base/errors.ts';
import { apiRequest } from './api-request.ts';
import type { ClientConnection } from './kubeconfig.ts';

/** Options of {@link waitForReady}. */
export interface WaitReadyOptions {
  /** Give up after this many ms (default 60s). */
  timeoutMs?: number;
  /** Delay between polls in ms (default 200). */
  intervalMs?: number;
  /** Called with a human message about every 2s while not ready. */
  progress?: (msg: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolve once GET /readyz answers 200 "ok"; ServiceUnavailable after the timeout. */
export async function waitForReady(conn: ClientConnection, opts: WaitReadyOptions = {}): Promise<void> {
  const timeout = opts.timeoutMs ?? 60_000;
  const interval = opts.intervalMs ?? 200;
  const start = Date.now();
  let lastReport = start;
  let last = 'no answer yet';
  for (;;) {
    try {
      const res = await apiRequest<unknown>(conn, '/readyz', { allowErrors: true, timeoutMs: 5000 });
      const text = typeof res.body === 'string' ? res.body.trim() : JSON.stringify(res.body);
      if (res.status === 200 && text === 'ok') return;
      last = `HTTP ${res.status}: ${text.slice(0, 200)}`;
    } catch (e) {
      last = (e as Error).message;
    }
    const now = Date.now();
    if (now - start >= timeout) {
      throw new K8sError('ServiceUnavailable', `the API server did not become ready within ${Math.round(timeout / 1000)}s (last answer: ${last})`);
    }
    if (opts.progress && now - lastReport >= 2000) {
      opts.progress(`waiting for the API server to be ready (${Math.round((now - start) / 1000)}s): ${last}`);
      lastReport = now;
    }
    await sleep(interval);
  }
}

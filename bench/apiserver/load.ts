/**
 * Load shapes: closed loop (N clients, each sends its next request when the
 * previous one returns) and open loop (a fixed rate, latency measured from
 * the scheduled send time so a stalled server cannot hide its queueing).
 */
import { nowMs, summarize, type LatencySummary } from './stats.ts';

/** One operation; client is the issuing client's index, seq a global counter. Throws on failure. */
export type Operation = (client: number, seq: number) => Promise<void>;

/** Result of a load run. */
export interface LoadResult {
  ops: number;
  errors: number;
  seconds: number;
  perSecond: number;
  latency: LatencySummary;
  firstError?: string;
}

/** Run `clients` closed loops until `durationMs` passes or `maxOps` operations have started. */
export async function closedLoop(clients: number, durationMs: number, op: Operation, maxOps = Infinity): Promise<LoadResult> {
  const samples: number[] = [];
  let seq = 0;
  let errors = 0;
  let firstError: string | undefined;
  const start = nowMs();
  const deadline = start + durationMs;
  const worker = async (c: number) => {
    while (nowMs() < deadline && seq < maxOps) {
      const t0 = nowMs();
      try {
        await op(c, seq++);
        samples.push(nowMs() - t0);
      } catch (e) {
        errors++;
        firstError ??= (e as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, c) => worker(c)));
  const seconds = (nowMs() - start) / 1000;
  return { ops: samples.length, errors, seconds, perSecond: samples.length / seconds, latency: summarize(samples), firstError };
}

/** Start `rate` operations per second for `durationMs`, regardless of how fast they finish. */
export async function openLoop(rate: number, durationMs: number, op: Operation): Promise<LoadResult> {
  const samples: number[] = [];
  const inflight: Promise<void>[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const total = Math.round((rate * durationMs) / 1000);
  const start = nowMs();
  let sent = 0;
  while (sent < total) {
    // Send everything whose scheduled time has come, then sleep ~1 ms.
    const due = Math.min(total, Math.floor(((nowMs() - start) * rate) / 1000) + 1);
    for (; sent < due; sent++) {
      const scheduled = start + (sent * 1000) / rate;
      const seq = sent;
      inflight.push(op(seq, seq).then(
        () => { samples.push(nowMs() - scheduled); },
        (e: unknown) => { errors++; firstError ??= (e as Error).message; },
      ));
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(inflight);
  const seconds = (nowMs() - start) / 1000;
  return { ops: samples.length, errors, seconds, perSecond: samples.length / seconds, latency: summarize(samples), firstError };
}

/**
 * Watch delivery latency: W watchers on one namespace's pods, a writer that
 * creates pods at a steady rate, and for every (watcher, event) the time from
 * the create's acknowledgement to the event's arrival at that watcher.
 */
import type { ClientHttp2Stream } from 'node:http2';
import type { H2Pool } from './h2-pool.ts';
import { podBody } from './pod-body.ts';
import { nowMs, summarize, type LatencySummary } from './stats.ts';

/** Options of {@link measureWatch}. */
export interface WatchBenchOptions {
  namespace: string;
  watchers: number;
  /** Creates per second while watching. */
  rate: number;
  events: number;
}

/** Result of {@link measureWatch}. */
export interface WatchBenchResult {
  watchers: number;
  events: number;
  delivered: number;
  /** Expected deliveries (watchers x events) that never arrived. */
  missing: number;
  /** From the create's acknowledgement (clamped at 0: an event may overtake its own response). */
  latency: LatencySummary;
  /** From sending the create: write latency plus delivery, never negative. */
  fromSend: LatencySummary;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Run the measurement; watchers are spread over the pool's sessions. */
export async function measureWatch(pool: H2Pool, o: WatchBenchOptions): Promise<WatchBenchResult> {
  const list = await pool.request('GET', `/api/v1/namespaces/${o.namespace}/pods?limit=1`);
  if (list.status !== 200) throw new Error(`list before watch: HTTP ${list.status}: ${list.body.toString().slice(0, 300)}`);
  const rv = (JSON.parse(list.body.toString()) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;

  const acked = new Map<string, number>();
  const sent = new Map<string, number>();
  const received: Map<string, number>[] = [];
  const streams: ClientHttp2Stream[] = [];
  const established: Promise<void>[] = [];
  for (let w = 0; w < o.watchers; w++) {
    const got = new Map<string, number>();
    received.push(got);
    const s = pool.stream(`/api/v1/namespaces/${o.namespace}/pods?watch=1&resourceVersion=${rv}&timeoutSeconds=300`, w);
    streams.push(s);
    established.push(new Promise((r) => s.on('response', () => r())));
    let buf = '';
    s.setEncoding('utf8');
    s.on('data', (chunk: string) => {
      const t = nowMs();
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!line.trim()) continue;
        const ev = JSON.parse(line) as { type: string; object: { metadata?: { name?: string } } };
        const name = ev.object.metadata?.name;
        if (ev.type === 'ADDED' && name && !got.has(name)) got.set(name, t);
      }
    });
    s.on('error', () => {});
  }
  // Upstream sends response headers as soon as a watch is set up; do not hang if a server waits for the first event.
  await Promise.race([Promise.all(established), sleep(5000)]);
  await sleep(200);

  const names: string[] = [];
  const writes: Promise<void>[] = [];
  const start = nowMs();
  for (let i = 0; i < o.events; i++) {
    const wait = start + (i * 1000) / o.rate - nowMs();
    if (wait > 0) await sleep(wait);
    const name = `watch-${i}`;
    names.push(name);
    sent.set(name, nowMs());
    writes.push(pool.request('POST', `/api/v1/namespaces/${o.namespace}/pods`, podBody(o.namespace, name), i).then((r) => {
      if (r.status !== 201) throw new Error(`create ${name}: HTTP ${r.status}: ${r.body.toString().slice(0, 300)}`);
      acked.set(name, nowMs());
    }));
  }
  await Promise.all(writes);
  // Let the last events arrive (bounded).
  const until = nowMs() + 10_000;
  while (nowMs() < until && received.some((g) => g.size < names.length)) await sleep(50);
  for (const s of streams) s.close();

  const samples: number[] = [];
  const fromSend: number[] = [];
  let missing = 0;
  for (const got of received) {
    for (const n of names) {
      const t = got.get(n);
      // An event can overtake the HTTP response of its own create: that is 0 ms, not negative.
      if (t === undefined) missing++;
      else {
        samples.push(Math.max(0, t - acked.get(n)!));
        fromSend.push(t - sent.get(n)!);
      }
    }
  }
  return { watchers: o.watchers, events: names.length, delivered: samples.length, missing, latency: summarize(samples), fromSend: summarize(fromSend) };
}

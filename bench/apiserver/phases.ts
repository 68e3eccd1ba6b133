/**
 * The measurements of issue 2, each against a running server through an
 * H2Pool: pod creates, gets, lists (paged and full), paced writes and bulk
 * fills for the RSS readings.
 */
import type { H2Pool } from './h2-pool.ts';
import { closedLoop, openLoop, type LoadResult } from './load.ts';
import { podBody } from './pod-body.ts';
import { nowMs, summarize, type LatencySummary } from './stats.ts';

/** Throw unless the response has the expected status. */
function expect(r: { status: number; body: Buffer }, status: number, what: string): void {
  if (r.status !== status) throw new Error(`${what}: HTTP ${r.status}: ${r.body.toString().slice(0, 300)}`);
}

/** Create a namespace (201, or 409 if it exists). */
export async function ensureNamespace(pool: H2Pool, name: string): Promise<void> {
  const r = await pool.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  if (r.status !== 201 && r.status !== 409) expect(r, 201, `create namespace ${name}`);
}

/** Closed-loop pod creates; names are `${prefix}-${seq}`. */
export function createPods(pool: H2Pool, ns: string, prefix: string, clients: number, durationMs: number, maxOps = Infinity): Promise<LoadResult> {
  return closedLoop(clients, durationMs, async (c, seq) => {
    const name = `${prefix}-${seq}`;
    expect(await pool.request('POST', `/api/v1/namespaces/${ns}/pods`, podBody(ns, name), c), 201, `create ${name}`);
  }, maxOps);
}

/** Closed-loop gets of random existing pods. */
export function getPods(pool: H2Pool, ns: string, names: string[], clients: number, durationMs: number): Promise<LoadResult> {
  return closedLoop(clients, durationMs, async (c) => {
    const name = names[Math.floor(Math.random() * names.length)]!;
    expect(await pool.request('GET', `/api/v1/namespaces/${ns}/pods/${name}`, undefined, c), 200, `get ${name}`);
  });
}

/** Open-loop creates at `rate` per second; latency from the scheduled send time. */
export function pacedCreates(pool: H2Pool, ns: string, rate: number, durationMs: number): Promise<LoadResult> {
  return openLoop(rate, durationMs, async (c, seq) => {
    const name = `paced-${seq}`;
    expect(await pool.request('POST', `/api/v1/namespaces/${ns}/pods`, podBody(ns, name), c), 201, `create ${name}`);
  });
}

/** Create `count` pods as fast as `clients` concurrent clients can. */
export async function fill(pool: H2Pool, ns: string, prefix: string, count: number, clients = 64): Promise<LoadResult> {
  const r = await createPods(pool, ns, prefix, clients, Number.MAX_SAFE_INTEGER, count);
  if (r.errors > 0) throw new Error(`fill ${ns}: ${r.errors} creates failed, first: ${r.firstError}`);
  return r;
}

/** Result of full-list timing. */
export interface FullListResult {
  items: number;
  bytes: number;
  /** Request sent to last byte received (what the server and the wire cost). */
  latency: LatencySummary;
  /** JSON.parse of the body in this client (what a client pays on top). */
  parse: LatencySummary;
}

/** Time `times` full (unpaged) JSON lists of a namespace's pods. */
export async function fullList(pool: H2Pool, ns: string, times: number): Promise<FullListResult> {
  const samples: number[] = [];
  const parse: number[] = [];
  let items = 0;
  let bytes = 0;
  for (let i = 0; i < times; i++) {
    const t0 = nowMs();
    const r = await pool.request('GET', `/api/v1/namespaces/${ns}/pods`);
    samples.push(nowMs() - t0);
    expect(r, 200, 'list');
    const t1 = nowMs();
    items = (JSON.parse(r.body.toString()) as { items: unknown[] }).items.length;
    parse.push(nowMs() - t1);
    bytes = r.body.length;
  }
  return { items, bytes, latency: summarize(samples), parse: summarize(parse) };
}

/** Result of paged-list timing. */
export interface PagedListResult {
  items: number;
  pages: number;
  page: LatencySummary;
  whole: LatencySummary;
}

/** Time `times` walks through all pages of `limit` pods (limit/continue). */
export async function pagedList(pool: H2Pool, ns: string, limit: number, times: number): Promise<PagedListResult> {
  const pageSamples: number[] = [];
  const wholeSamples: number[] = [];
  let items = 0;
  let pages = 0;
  for (let i = 0; i < times; i++) {
    const start = nowMs();
    let cont = '';
    items = 0; pages = 0;
    do {
      const t0 = nowMs();
      const r = await pool.request('GET', `/api/v1/namespaces/${ns}/pods?limit=${limit}${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
      expect(r, 200, 'list page');
      const body = JSON.parse(r.body.toString()) as { items: unknown[]; metadata: { continue?: string } };
      pageSamples.push(nowMs() - t0);
      items += body.items.length;
      pages++;
      cont = body.metadata.continue ?? '';
    } while (cont);
    wholeSamples.push(nowMs() - start);
  }
  return { items, pages, page: summarize(pageSamples), whole: summarize(wholeSamples) };
}

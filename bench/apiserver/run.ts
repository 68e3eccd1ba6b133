/**
 * API server benchmark (issue 2): starts a real `k8ts init --control-plane-only`
 * (SQLite on disk) and measures it over HTTPS/HTTP2 with the admin client cert.
 *
 *   node --import tsx bench/apiserver/run.ts [--record] [--duration-ms 5000]
 *        [--rss-counts 10000,100000] [--list-pods 10000] [--watchers 100]
 *        [--paced-rate 500] [--paced-seconds 10]
 *
 * --record appends the results to docs/benchmarks.md. Not part of the test suite.
 */
import { execSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startCluster, REPO, type Cluster } from '../../test/e2e/helpers/cluster.ts';
import { H2Pool } from './h2-pool.ts';
import type { LoadResult } from './load.ts';
import { createPods, ensureNamespace, fill, fullList, getPods, pacedCreates, pagedList } from './phases.ts';
import { appendToDocs, fmt, machine, markdownBlock, textTable, type Row, type Target } from './report.ts';
import { rssMiB } from './rss.ts';
import { measureWatch } from './watch.ts';

const { values: opt } = parseArgs({
  options: {
    record: { type: 'boolean', default: false },
    'duration-ms': { type: 'string', default: '5000' },
    'rss-counts': { type: 'string', default: '10000,100000' },
    'list-pods': { type: 'string', default: '10000' },
    watchers: { type: 'string', default: '100' },
    'watch-events': { type: 'string', default: '200' },
    'paced-rate': { type: 'string', default: '500' },
    'paced-seconds': { type: 'string', default: '10' },
    sessions: { type: 'string', default: '8' },
    'with-controllers': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (opt.help) {
  process.stdout.write(`usage: node --import tsx bench/apiserver/run.ts [--record] [--duration-ms N] [--rss-counts A,B]
  [--list-pods N] [--watchers N] [--watch-events N] [--paced-rate N] [--paced-seconds N] [--sessions N] [--with-controllers]\n`);
  process.exit(0);
}
const durationMs = Number(opt['duration-ms']);
const listPods = Number(opt['list-pods']);
const rssCounts = opt['rss-counts'].split(',').filter(Boolean).map(Number);
const sessions = Number(opt.sessions);

// Other jobs may share the 2 cores; the load average tells a reader how quiet the machine was.
const loadAverage = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
const rows: Row[] = [];
const loadRow = (what: string, clients: number | string, r: LoadResult, note = ''): Row => {
  const row = { what, clients: String(clients), ops: String(r.ops), perSecond: fmt(r.perSecond, 0), p50: fmt(r.latency.p50), p99: fmt(r.latency.p99),
    note: [note, r.errors ? `${r.errors} errors (${r.firstError})` : ''].filter(Boolean).join('; ') };
  rows.push(row);
  log(`${what} x${clients}: ${row.perSecond}/s p50 ${row.p50} ms p99 ${row.p99} ms${row.note ? ` (${row.note})` : ''}`);
  return row;
};

async function withCluster<T>(fn: (c: Cluster, pool: H2Pool) => Promise<T>): Promise<T> {
  // The API server and its store alone by default, as upstream's apiserver benchmarks measure them: with the
  // scheduler and controllers in the same process, every pod create also triggers their writes.
  const cluster = await startCluster({
    startTimeoutMs: 120_000,
    extraArgs: opt['with-controllers'] ? [] : ['--disable', 'scheduler,controller-manager'],
  });
  const pool = new H2Pool(cluster.conn, sessions);
  try {
    return await fn(cluster, pool);
  } finally {
    pool.close();
    await cluster.dispose();
  }
}

const results = { create64: NaN, pacedP99: NaN, list10kP50: NaN, list10kItems: 0, watchP99: NaN, watchMissing: 0 };

const loadAtStart = loadAverage();
log(`machine: ${machine()}; load average ${loadAtStart}`);
await withCluster(async (cluster, pool) => {
  log(`server pid ${cluster.pid} at ${cluster.conn.server}, data dir ${cluster.dir}; RSS ${fmt(rssMiB(cluster.pid))} MiB`);
  for (const ns of ['bench-create', 'bench-list', 'bench-paced', 'bench-watch']) await ensureNamespace(pool, ns);

  for (const clients of [1, 16, 64]) {
    const r = loadRow('pod create', clients, await createPods(pool, 'bench-create', `c${clients}`, clients, durationMs));
    if (clients === 64) results.create64 = r.ops === '0' ? NaN : Number(r.perSecond);
  }

  log(`filling bench-list with ${listPods} pods`);
  loadRow('pod create (fill)', 64, await fill(pool, 'bench-list', 'list', listPods), `${listPods} pods`);
  const names = Array.from({ length: listPods }, (_, i) => `list-${i}`);
  for (const clients of [1, 16, 64]) loadRow('pod get', clients, await getPods(pool, 'bench-list', names, clients, durationMs));

  const paged = await pagedList(pool, 'bench-list', 500, 3);
  rows.push({ what: 'pod list, limit=500 (per page)', clients: '1', ops: String(paged.page.count), perSecond: '-', p50: fmt(paged.page.p50), p99: fmt(paged.page.p99), note: `${paged.pages} pages, ${paged.items} pods` });
  rows.push({ what: 'pod list, limit=500 (all pages)', clients: '1', ops: String(paged.whole.count), perSecond: '-', p50: fmt(paged.whole.p50), p99: fmt(paged.whole.p99), note: `${paged.items} pods` });
  const full = await fullList(pool, 'bench-list', 5);
  results.list10kP50 = full.latency.p50;
  results.list10kItems = full.items;
  rows.push({ what: `pod list, full JSON`, clients: '1', ops: String(full.latency.count), perSecond: '-', p50: fmt(full.latency.p50), p99: fmt(full.latency.p99), note: `${full.items} pods, ${fmt(full.bytes / 2 ** 20)} MiB, to last byte; client JSON.parse adds p50 ${fmt(full.parse.p50)} ms` });
  log(`list ${full.items} pods: p50 ${fmt(full.latency.p50)} ms`);

  const rate = Number(opt['paced-rate']);
  const paced = await pacedCreates(pool, 'bench-paced', rate, Number(opt['paced-seconds']) * 1000);
  results.pacedP99 = paced.errors ? NaN : paced.latency.p99;
  loadRow(`pod create, paced ${rate}/s`, 'open', paced, 'latency from scheduled send');

  const w = await measureWatch(pool, { namespace: 'bench-watch', watchers: Number(opt.watchers), rate: 50, events: Number(opt['watch-events']) });
  results.watchP99 = w.missing ? NaN : w.latency.p99;
  results.watchMissing = w.missing;
  rows.push({ what: `watch delivery (create ack -> event)`, clients: `${w.watchers} watchers`, ops: String(w.delivered), perSecond: '-', p50: fmt(w.latency.p50), p99: fmt(w.latency.p99), note: `${w.events} events at 50/s; from sending the create: p50 ${fmt(w.fromSend.p50)} p99 ${fmt(w.fromSend.p99)} ms${w.missing ? `; ${w.missing} deliveries missing` : ''}` });
  log(`watch: p50 ${fmt(w.latency.p50)} p99 ${fmt(w.latency.p99)} ms, missing ${w.missing}`);
});

// RSS on a fresh server so the pod counts are exact.
const rss: [number, number][] = [];
if (rssCounts.length) {
  await withCluster(async (cluster, pool) => {
    await ensureNamespace(pool, 'bench-rss');
    rss.push([0, rssMiB(cluster.pid)]);
    let stored = 0;
    for (const target of rssCounts) {
      log(`filling to ${target} pods for RSS`);
      const r = await fill(pool, 'bench-rss', `rss${target}`, target - stored);
      stored = target;
      const mib = rssMiB(cluster.pid);
      rss.push([target, mib]);
      loadRow('pod create (fill, RSS)', 64, r, `${target} pods stored; server RSS ${fmt(mib, 0)} MiB`);
    }
  });
}
for (const [n, mib] of rss) rows.push({ what: `server RSS, ${n} pods stored`, clients: '-', ops: '-', perSecond: '-', p50: '-', p99: '-', note: `${fmt(mib, 0)} MiB` });

const targets: Target[] = [
  { what: 'pod creates at 64 clients', goal: '>= 2,000/s', measured: `${fmt(results.create64, 0)}/s`, met: results.create64 >= 2000 },
  { what: `p99 single-object write at ${opt['paced-rate']}/s`, goal: '<= 50 ms', measured: `${fmt(results.pacedP99)} ms`, met: results.pacedP99 <= 50 },
  { what: `list of ${results.list10kItems} pods (full, JSON)`, goal: '<= 500 ms', measured: `${fmt(results.list10kP50)} ms (p50)`, met: results.list10kP50 <= 500 && results.list10kItems >= 10000 },
  { what: `watch event to ${opt.watchers} watchers, p99`, goal: '<= 100 ms', measured: `${fmt(results.watchP99)} ms${results.watchMissing ? ` (${results.watchMissing} missing)` : ''}`, met: results.watchP99 <= 100 },
];

process.stdout.write(`\n${textTable(rows)}\n\n`);
for (const t of targets) process.stdout.write(`${t.met ? 'MET   ' : 'MISSED'}  ${t.what}: ${t.measured} (target ${t.goal})\n`);

if (opt.record) {
  const date = execSync('date -u', { encoding: 'utf8' }).trim();
  const cmd = `node --import tsx bench/apiserver/run.ts ${process.argv.slice(2).join(' ')}`.trim();
  appendToDocs(join(REPO, 'docs/benchmarks.md'), markdownBlock(date, cmd, rows, targets, `load average (1, 5, 15 min) at start ${loadAtStart}, at end ${loadAverage()}`));
  log('appended to docs/benchmarks.md');
}

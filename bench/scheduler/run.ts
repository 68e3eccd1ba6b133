/**
 * Scheduler throughput, as upstream's scheduler_perf SchedulingBasic: N
 * nodes (4 cpu, 32Gi, 110 pods), then pods requesting 100m / 500Mi, timed
 * from the first pod creation to the last successful binding. The API
 * server is a real `k8ts init --control-plane-only` process; the scheduler
 * and the pod creators run in this process.
 *
 *   node --import tsx bench/scheduler/run.ts [--nodes 500,1000,5000] [--pods 10000]
 *        [--mode both|streaming|backlog]
 *
 * streaming: the scheduler runs while pods are created (upstream's setup);
 * backlog: all pods exist before the scheduler starts (scheduler alone).
 * Not part of the test suite; prints a markdown table for docs/benchmarks.md.
 */
import { parseArgs } from 'node:util';
import { startCluster } from '../../test/e2e/helpers/cluster.ts';
import { H2Pool } from '../apiserver/h2-pool.ts';
import { machine } from '../apiserver/report.ts';
import { createClient } from '../../src/client/rest-client.ts';
import { nullLogger } from '../../src/base/logger.ts';
import { startScheduler, type RunningScheduler } from '../../src/control-plane/scheduler/scheduler.ts';

const { values: opt } = parseArgs({
  options: {
    nodes: { type: 'string', default: '500,1000,5000' },
    pods: { type: 'string', default: '10000' },
    mode: { type: 'string', default: 'both' },
    concurrency: { type: 'string', default: '64' },
  },
});
const log = (m: string): void => { process.stderr.write(`[bench] ${m}\n`); };

/** Run `n` requests with `conc` in flight. */
async function many(n: number, conc: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: conc }, async () => {
    while (next < n) await fn(next++);
  }));
}

function nodeBody(i: number): Record<string, unknown> {
  const name = `node-${i}`;
  const res = { cpu: '4', memory: '32Gi', pods: '110', 'ephemeral-storage': '100Gi' };
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': `zone-${i % 3}` } },
    status: { capacity: res, allocatable: res, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'ok' }] },
  };
}

function podBody(name: string): Record<string, unknown> {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '100m', memory: '500Mi' } } }] },
  };
}

async function createAll(pool: H2Pool, path: string, n: number, body: (i: number) => Record<string, unknown>, conc: number): Promise<void> {
  await many(n, conc, async (i) => {
    const r = await pool.request('POST', path, body(i));
    if (r.status !== 201) throw new Error(`POST ${path}: ${r.status} ${r.body.toString().slice(0, 200)}`);
  });
}

async function waitScheduled(s: RunningScheduler, n: number): Promise<void> {
  const stall = 60_000;
  let last = -1;
  let lastChange = Date.now();
  while (s.metrics.scheduled < n) {
    if (s.metrics.scheduled !== last) { last = s.metrics.scheduled; lastChange = Date.now(); }
    if (Date.now() - lastChange > stall) throw new Error(`stalled at ${last}/${n} bound: ${JSON.stringify(s.metrics)} ${JSON.stringify(s.queueStats())}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface Result { nodes: number; pods: number; mode: string; seconds: number; podsPerSecond: number; createRate: number }

async function one(nodes: number, pods: number, mode: 'streaming' | 'backlog', conc: number): Promise<Result> {
  // The bench's scheduler is the only one: the cluster's own scheduler and controllers would compete for the same pods.
  const cluster = await startCluster({ startTimeoutMs: 120_000, extraArgs: ['--disable', 'scheduler,controller-manager'] });
  const pool = new H2Pool(cluster.conn, 8);
  const client = createClient({ ...cluster.conn });
  let sched: RunningScheduler | undefined;
  try {
    log(`${mode}: creating ${nodes} nodes`);
    await createAll(pool, '/api/v1/nodes', nodes, nodeBody, conc);
    if (mode === 'streaming') sched = await startScheduler({ client, logger: nullLogger });
    log(`${mode}: creating ${pods} pods`);
    const t0 = performance.now();
    await createAll(pool, '/api/v1/namespaces/default/pods', pods, (i) => podBody(`pod-${i}`), conc);
    const created = performance.now();
    let start = t0;
    if (mode === 'backlog') {
      start = performance.now();
      sched = await startScheduler({ client, logger: nullLogger });
    }
    await waitScheduled(sched as RunningScheduler, pods);
    const end = performance.now();
    const seconds = (end - start) / 1000;
    const r = { nodes, pods, mode, seconds, podsPerSecond: pods / seconds, createRate: pods / ((created - t0) / 1000) };
    log(`${mode} ${nodes} nodes ${pods} pods: ${r.podsPerSecond.toFixed(0)} pods/s (${seconds.toFixed(1)} s; creates ${r.createRate.toFixed(0)}/s) ${JSON.stringify(sched?.metrics)}`);
    return r;
  } finally {
    await sched?.stop();
    client.close();
    pool.close();
    await cluster.dispose();
  }
}

const results: Result[] = [];
const modes = opt.mode === 'both' ? ['streaming', 'backlog'] as const : [opt.mode as 'streaming' | 'backlog'];
log(`machine: ${machine()}`);
for (const n of opt.nodes.split(',').map(Number)) {
  for (const p of opt.pods.split(',').map(Number)) {
    for (const m of modes) results.push(await one(n, p, m, Number(opt.concurrency)));
  }
}
process.stdout.write(`\nMachine: ${new Date().toUTCString()}; ${machine()}\n\n`);
process.stdout.write('| nodes | pods | mode | pods/s (creation to bound) | seconds | pod creates/s |\n|---:|---:|---|---:|---:|---:|\n');
for (const r of results) {
  process.stdout.write(`| ${r.nodes} | ${r.pods} | ${r.mode} | ${r.podsPerSecond.toFixed(0)} | ${r.seconds.toFixed(1)} | ${r.createRate.toFixed(0)} |\n`);
}

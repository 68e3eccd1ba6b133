/**
 * Controller benchmark (issue 5): a real `k8ts init --control-plane-only`
 * (API server, controller manager, scheduler) and `k8ts sim --nodes 20` as
 * a second process; a 1,000-replica Deployment from creation to all pods
 * Running (bound by the real scheduler, run by the simulated kubelets), then
 * a rolling update (template image changed, maxSurge 25%) to completion.
 *
 *   node --import tsx bench/controllers/run.ts [--replicas 1000] [--nodes 20] [--stand-in] [--record]
 *
 * --stand-in is the old mode: no nodes, the e2e kubelet stand-in in this
 * process marks pods Running/Ready. --record appends the results to the
 * "Controllers (bench/controllers)" section of docs/benchmarks.md.
 * Not part of the test suite.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { KObject } from '../../src/api/types.ts';
import { createClient } from '../../src/client/rest-client.ts';
import type { KubeClient } from '../../src/client/types.ts';
import { startCluster } from '../../test/e2e/helpers/cluster.ts';
import { startPodSim } from '../../test/e2e/workloads-sim.ts';
import { PodTracker } from './pod-tracker.ts';
import { recordRun } from './record.ts';
import { startSimNodes } from './sim-nodes.ts';

const { values: opt } = parseArgs({ options: {
  replicas: { type: 'string', default: '1000' }, nodes: { type: 'string', default: '20' },
  'stand-in': { type: 'boolean', default: false }, record: { type: 'boolean', default: false },
} });
const N = Number(opt.replicas);
const NODES = Number(opt.nodes);
const DEP = { group: 'apps', version: 'v1', plural: 'deployments', namespace: 'default' };
const say = (m: string) => process.stderr.write(`[controllers] ${m}\n`);

async function until(cond: () => boolean | Promise<boolean>, what: string, ms = 600_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`benchmark timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The rollout is complete as `kubectl rollout status` sees it. */
async function rolledOut(c: KubeClient): Promise<boolean> {
  const d = await c.get({ ...DEP, name: 'bench' });
  const s = d.status ?? {};
  return s.observedGeneration >= d.metadata.generation! && s.updatedReplicas === N && s.replicas === N && s.availableReplicas === N;
}

const load0 = loadavg();
const cluster = await startCluster();
let stopNodes: () => Promise<void>;
let c: KubeClient;
if (opt['stand-in']) {
  const standIn = await startPodSim(cluster.conn);
  c = standIn.client;
  stopNodes = () => standIn.stop();
} else {
  const t = Date.now();
  const sim = await startSimNodes(NODES, cluster.kubeconfig);
  say(`${NODES} simulated nodes registered in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  const client = createClient({ server: cluster.conn.server, ca: cluster.conn.ca, cert: cluster.conn.cert, key: cluster.conn.key, userAgent: 'bench-controllers' });
  c = client;
  stopNodes = async () => { await sim.stop(); client.close(); };
}
const pods = await PodTracker.start(c, 'default', 'app=bench');
try {
  const template = (image: string): KObject => ({ metadata: { labels: { app: 'bench' } }, spec: { containers: [{ name: 'c', image }] } });
  const t0 = Date.now();
  await c.create(DEP, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'bench' }, spec: {
    replicas: N, selector: { matchLabels: { app: 'bench' } }, template: template('nginx:1.25'),
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
  } });
  const progress = setInterval(() => say(`pods ${pods.stats()}`), 2000);
  await until(() => pods.count() >= N, 'all pods created');
  const created = Date.now() - t0;
  await until(() => pods.running('nginx:1.25') >= N, 'all pods Running');
  const running = Date.now() - t0;
  await until(() => rolledOut(c), 'availableReplicas');
  const available = Date.now() - t0;
  say(`created ${created} ms, Running ${running} ms, available ${available} ms`);

  const t1 = Date.now();
  await c.patch({ ...DEP, name: 'bench' }, 'strategic', { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:1.26' }] } } } });
  await until(async () => pods.running('nginx:1.26') >= N && pods.count() === N && (await rolledOut(c)), 'the rollout');
  const rolled = Date.now() - t1;
  clearInterval(progress);
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const mode = opt['stand-in'] ? 'kubelet stand-in' : `${NODES} simulated nodes`;
  const rows: Array<[string, string, string]> = [
    [`Deployment of ${N}: all pods created`, s(created), ''],
    [`Deployment of ${N}: all pods Running (${mode})`, s(running), '<= 10 s'],
    [`Deployment of ${N}: availableReplicas = ${N}`, s(available), ''],
    [`Rolling update of ${N} (maxSurge 25%, maxUnavailable 25%) to all new pods Running, old gone`, s(rolled), '<= 60 s'],
  ];
  for (const r of rows) process.stdout.write(`${r[0]}: ${r[1]}\n`);
  if (opt.record) recordRun({ rows, mode, argv: process.argv.slice(2), load: [load0, loadavg()] });
} finally {
  pods.stop();
  await stopNodes();
  await cluster.dispose();
}

/**
 * Controller benchmark (issue 5): a real `k8ts init --control-plane-only`;
 * a 1,000-replica Deployment from creation to all pods created and to all
 * available (pods are marked Running/Ready by the e2e kubelet stand-in, as
 * no nodes run here), then a rolling update (maxSurge 25%) to completion.
 *
 *   node --import tsx bench/controllers/run.ts [--replicas 1000] [--record]
 *
 * --record appends the results to docs/benchmarks.md. Not part of the test suite.
 */
import { appendFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { KObject } from '../../src/api/types.ts';
import { startCluster, REPO } from '../../test/e2e/helpers/cluster.ts';
import { startPodSim } from '../../test/e2e/workloads-sim.ts';

const { values: opt } = parseArgs({ options: { replicas: { type: 'string', default: '1000' }, record: { type: 'boolean', default: false } } });
const N = Number(opt.replicas);
const DEP = { group: 'apps', version: 'v1', plural: 'deployments', namespace: 'default' };
const PODS = { group: '', version: 'v1', plural: 'pods', namespace: 'default' };

async function until(cond: () => Promise<boolean>, ms = 300_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('benchmark timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const cluster = await startCluster();
const sim = await startPodSim(cluster.conn);
const c = sim.client;
try {
  const template = (image: string): KObject => ({ metadata: { labels: { app: 'bench' } }, spec: { containers: [{ name: 'c', image }] } });
  const t0 = Date.now();
  await c.create(DEP, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'bench' },
    spec: { replicas: N, selector: { matchLabels: { app: 'bench' } }, template: template('nginx:1.25') } });
  await until(async () => (await c.list(PODS, { labelSelector: 'app=bench' })).items.length >= N);
  const created = Date.now() - t0;
  const done = async (): Promise<boolean> => {
    const d = await c.get({ ...DEP, name: 'bench' });
    const s = d.status ?? {};
    return s.observedGeneration >= d.metadata.generation! && s.updatedReplicas === N && s.replicas === N && s.availableReplicas === N;
  };
  await until(done);
  const available = Date.now() - t0;
  const t1 = Date.now();
  await c.patch({ ...DEP, name: 'bench' }, 'merge', { spec: { template: template('nginx:1.26') } });
  await new Promise((r) => setTimeout(r, 200));
  await until(done);
  const rolled = Date.now() - t1;
  const rows = [
    ['Deployment of ' + N + ': all pods created', `${(created / 1000).toFixed(1)} s`, '<= 10 s (to Running)'],
    ['Deployment of ' + N + ': all pods available (simulated readiness)', `${(available / 1000).toFixed(1)} s`, ''],
    ['Rolling update of ' + N + ' (maxSurge 25%, maxUnavailable 25%)', `${(rolled / 1000).toFixed(1)} s`, '<= 60 s'],
  ];
  const text = rows.map((r) => `| ${r.join(' | ')} |`).join('\n');
  process.stdout.write(`${text}\n`);
  if (opt.record) {
    const doc = `\n## Controllers (bench/controllers)\n\n${new Date().toISOString().slice(0, 10)}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), ` +
      'control-plane-only k8ts on SQLite; no scheduler or kubelets: a watcher in the bench process marks each pod Running/Ready through pods/status.\n\n' +
      `| What | Result | Target |\n|---|---|---|\n${text}\n`;
    appendFileSync(join(REPO, 'docs/benchmarks.md'), doc);
  }
} finally {
  await sim.stop();
  await cluster.dispose();
}

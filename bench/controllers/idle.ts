/**
 * Idle CPU of the controller manager with 10,000 objects (issue 5). A real
 * `k8ts init --control-plane-only` is filled with Deployments (pods marked
 * ready by the e2e kubelet stand-in), Services with their Endpoints and
 * EndpointSlices (placeholders: the stand-in gives pods no IP), PodDisruptionBudgets, ResourceQuotas, ConfigMaps and
 * Secrets; once everything has settled, a second controller manager with
 * every controller runs in this process (its informers list and watch all
 * of it) and its CPU is measured with process.cpuUsage() over the idle
 * window, beside the CPU of the whole k8ts process (API server, its own
 * controller manager, scheduler) from /proc.
 *
 *   node --import tsx bench/controllers/idle.ts [--seconds 60] [--record]
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { nullLogger } from '../../src/base/logger.ts';
import type { KObject } from '../../src/api/types.ts';
import { startControllerManager } from '../../src/control-plane/controllers/manager.ts';
import { startCluster, REPO } from '../../test/e2e/helpers/cluster.ts';
import { startPodSim } from '../../test/e2e/workloads-sim.ts';

const { values: opt } = parseArgs({ options: { seconds: { type: 'string', default: '60' }, record: { type: 'boolean', default: false } } });
const SECONDS = Number(opt.seconds);
const NS = 5;
const REPLICAS = 400;
const CONFIGMAPS = 1300;
const SECRETS = 200;

async function pool<T>(items: T[], n: number, fn: (t: T) => Promise<unknown>): Promise<void> {
  let i = 0;
  await Promise.all(Array.from({ length: n }, async () => { while (i < items.length) await fn(items[i++] as T); }));
}

/** CPU seconds (user + system) of a process from /proc. */
function procCpu(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const parts = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return (Number(parts[11]) + Number(parts[12])) / 100;
}

const cluster = await startCluster();
const sim = await startPodSim(cluster.conn);
const c = sim.client;
try {
  const t0 = Date.now();
  for (let n = 0; n < NS; n++) {
    const ns = `idle-${n}`;
    await c.create({ group: '', version: 'v1', plural: 'namespaces' }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    const labels = { app: 'idle' };
    await c.create({ group: 'apps', version: 'v1', plural: 'deployments', namespace: ns }, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'idle' },
      spec: { replicas: REPLICAS, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '10m' } } }] } } } });
    await c.create({ group: '', version: 'v1', plural: 'services', namespace: ns }, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'idle' }, spec: { selector: labels, ports: [{ port: 80 }] } });
    await c.create({ group: 'policy', version: 'v1', plural: 'poddisruptionbudgets', namespace: ns }, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'idle' }, spec: { selector: { matchLabels: labels }, maxUnavailable: 1 } });
    await c.create({ group: '', version: 'v1', plural: 'resourcequotas', namespace: ns }, { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'idle' }, spec: { hard: { pods: '1000', configmaps: '5000' } } });
    // As upstream, quota admission refuses creates until the quota controller has filled status.used.
    while (!(await c.get({ group: '', version: 'v1', plural: 'resourcequotas', namespace: ns, name: 'idle' })).status?.used) await new Promise((r) => setTimeout(r, 200));
    const cms: KObject[] = Array.from({ length: CONFIGMAPS }, (_, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}` }, data: { k: 'v'.repeat(100) } }));
    const secrets: KObject[] = Array.from({ length: SECRETS }, (_, i) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: `s-${i}` }, stringData: { k: 'v' } }));
    await pool(cms, 32, (o) => c.create({ group: '', version: 'v1', plural: 'configmaps', namespace: ns }, o));
    await pool(secrets, 32, (o) => c.create({ group: '', version: 'v1', plural: 'secrets', namespace: ns }, o));
  }
  // Settled: every Deployment available (the stand-in kubelet gives pods no IP, so slices stay placeholders).
  for (;;) {
    const deps = await c.list({ group: 'apps', version: 'v1', plural: 'deployments' });
    if (deps.items.filter((d) => d.status?.availableReplicas === REPLICAS).length === NS) break;
    if (Date.now() - t0 > 600_000) throw new Error('never settled');
    await new Promise((r) => setTimeout(r, 1000));
  }
  await sim.stop();
  let total = 0;
  for (const plural of ['pods', 'configmaps', 'secrets', 'services', 'endpoints', 'serviceaccounts', 'resourcequotas', 'events']) {
    total += (await c.list({ group: '', version: 'v1', plural }, { limit: 1 })).metadata.remainingItemCount ?? 0;
  }
  const settled = Date.now() - t0;
  await new Promise((r) => setTimeout(r, 10_000));

  const { RestClient } = await import('../../src/client/rest-client.ts');
  const kube = new RestClient({ server: cluster.conn.server, ca: cluster.conn.ca, cert: cluster.conn.cert, key: cluster.conn.key });
  const m0 = Date.now();
  const mgr = await startControllerManager({ client: kube, logger: nullLogger });
  const syncedMs = Date.now() - m0;
  await new Promise((r) => setTimeout(r, 5_000));
  const cpu0 = process.cpuUsage();
  const k0 = procCpu(cluster.pid!);
  const w0 = Date.now();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const wall = (Date.now() - w0) / 1000;
  const d = process.cpuUsage(cpu0);
  const mine = (d.user + d.system) / 1e6 / wall * 100;
  const k8ts = (procCpu(cluster.pid!) - k0) / wall * 100;
  await mgr.stop();
  kube.close();
  const rows = [
    ['Objects in the cluster (pods, configmaps, secrets, services, endpoints, ... + apps, policy, discovery)', `~${Math.round((total + NS * 8) / 100) * 100}`, '10,000'],
    ['Controller manager (all controllers) start to caches synced', `${(syncedMs / 1000).toFixed(1)} s`, ''],
    [`Controller manager idle CPU (${wall.toFixed(0)} s window)`, `${mine.toFixed(2)}% of a core`, '< 2%'],
    ['Whole k8ts process idle CPU (API server + its controller manager + scheduler)', `${k8ts.toFixed(2)}% of a core`, ''],
  ];
  const text = rows.map((r) => `| ${r.join(' | ')} |`).join('\n');
  process.stdout.write(`filled and settled in ${(settled / 1000).toFixed(0)} s\n${text}\n`);
  if (opt.record) {
    appendFileSync(join(REPO, 'docs/benchmarks.md'), `\n### Idle CPU with 10,000 objects (bench/controllers/idle.ts)\n\n${new Date().toISOString().slice(0, 10)}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}). ` +
      `\`node --import tsx bench/controllers/idle.ts --seconds ${SECONDS}\`: ${NS} namespaces each with a ${REPLICAS}-replica Deployment (pods ready), its Service, a PDB, a ResourceQuota, ${CONFIGMAPS} ConfigMaps and ${SECRETS} Secrets; a second controller manager with every controller runs in the bench process once all is settled.\n\n| What | Result | Target |\n|---|---|---|\n${text}\n`);
  }
} finally {
  await cluster.dispose();
}

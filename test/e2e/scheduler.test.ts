/**
 * Issue 4 item 1: the scheduler against a real k8ts control plane, checked
 * with the real kubectl. Nodes are plain Node objects created through the
 * API (no kubelet), so "running" never happens; placement is what counts.
 * `k8ts init` runs its own default-scheduler; the one under test here runs
 * in-process under another schedulerName so the two never compete.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type Cluster } from './helpers/cluster.ts';
import { createClient } from '../../src/client/rest-client.ts';
import type { KubeClient } from '../../src/client/types.ts';
import type { KObject } from '../../src/api/types.ts';
import { createLogger, nullLogger } from '../../src/base/logger.ts';
import { startScheduler, type RunningScheduler } from '../../src/control-plane/scheduler/scheduler.ts';

let cluster: Cluster;
let client: KubeClient;
let sched: RunningScheduler;
const NODES = { group: '', version: 'v1', plural: 'nodes' };
const PODS = { group: '', version: 'v1', plural: 'pods', namespace: 'default' };
const NAME = 'k8ts-e2e-scheduler';

before(async () => {
  cluster = await startCluster();
  client = createClient({ ...cluster.conn });
  sched = await startScheduler({ client, schedulerName: NAME, logger: process.env.K8TS_E2E_VERBOSE ? createLogger({ level: 'debug' }) : nullLogger, backoffMs: [200, 1000] });
});
after(async () => {
  await sched?.stop();
  client?.close();
  await cluster?.dispose();
});

async function node(name: string, opts: { cpu?: string; memory?: string; pods?: string; labels?: Record<string, string>;
  taints?: unknown[]; unschedulable?: boolean } = {}): Promise<void> {
  const res = { cpu: opts.cpu ?? '4', memory: opts.memory ?? '8Gi', pods: opts.pods ?? '110', 'ephemeral-storage': '100Gi' };
  await client.create(NODES, {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...opts.labels } },
    spec: { taints: opts.taints, unschedulable: opts.unschedulable },
    status: { capacity: res, allocatable: res, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'ok' }] },
  });
}

function pod(name: string, spec: Record<string, unknown> = {}, cpu?: string, labels?: Record<string, string>): KObject {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, labels },
    spec: { schedulerName: NAME, containers: [{ name: 'c', image: 'busybox', resources: cpu ? { requests: { cpu } } : undefined }], ...spec },
  };
}

async function kubectl(args: string[]): Promise<string> {
  const r = await cluster.kubectl(args);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

async function nodeOf(name: string, timeoutMs = 15_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const p = await client.get({ ...PODS, name });
    if (p.spec?.nodeName) return kubectl(['get', 'pod', name, '-o', 'jsonpath={.spec.nodeName}']);
    if (Date.now() > end) throw new Error(`pod ${name} not scheduled: ${JSON.stringify(p.status)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

test('unschedulable pod: upstream FailedScheduling message, scheduled once a fitting node joins', async () => {
  await node('small-1', { cpu: '1' });
  await node('small-2', { cpu: '1' });
  await node('tainted', { cpu: '64', taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] });
  await client.create(PODS, pod('big', {}, '8'));
  const want = '0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: db}, 2 Insufficient cpu. ' +
    'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';
  // The scheduler may see the pod before all three nodes reach its cache; a node joining re-queues the pod,
  // so wait for the attempt that saw all of them rather than the first FailedScheduling.
  const described = await until('FailedScheduling event over 3 nodes', async () => {
    const out = await kubectl(['describe', 'pod', 'big']);
    return out.includes(want) ? out : undefined;
  });
  assert.match(described, new RegExp(`Warning\\s+FailedScheduling\\s+\\S+\\s+${NAME}`));
  const cond = await until('PodScheduled=False', async () => {
    const p = await client.get({ ...PODS, name: 'big' });
    const c = (p.status?.conditions ?? []).find((x: { type: string; message?: string }) => x.type === 'PodScheduled');
    return c?.message === want ? c : undefined;
  });
  assert.equal(cond.status, 'False');
  assert.equal(cond.reason, 'Unschedulable');
  assert.equal(cond.message, want);
  await node('large', { cpu: '16' });
  assert.equal(await nodeOf('big'), 'large');
  const out = await kubectl(['describe', 'pod', 'big']);
  assert.match(out, /Scheduled\s+.*Successfully assigned default\/big to large/);
});

test('placement follows requests, nodeSelector, tolerations, hostPorts and anti-affinity', async () => {
  assert.equal(await nodeOf('big'), 'large');
  // 12 cpu is free only on "large" (16 - 8) or the tainted node when tolerated.
  await client.create(PODS, pod('fits-large', {}, '7'));
  assert.equal(await nodeOf('fits-large'), 'large');
  await client.create(PODS, pod('tolerates', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }] }, '20'));
  assert.equal(await nodeOf('tolerates'), 'tainted');
  await node('ssd', { labels: { disk: 'ssd' } });
  await client.create(PODS, pod('wants-ssd', { nodeSelector: { disk: 'ssd' } }));
  assert.equal(await nodeOf('wants-ssd'), 'ssd');
  const hp = { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80, hostPort: 8080 }] }], nodeSelector: { disk: 'ssd' } };
  await client.create(PODS, pod('port-1', hp));
  assert.equal(await nodeOf('port-1'), 'ssd');
  await client.create(PODS, pod('port-2', hp));
  await until('port conflict message', async () => {
    const out = await kubectl(['describe', 'pod', 'port-2']);
    return out.includes("didn't have free ports for the requested pod ports") ? out : undefined;
  });
  const anti = (n: string) => pod(n, {
    affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' }] } },
  }, undefined, { app: 'web' });
  for (const n of ['web-1', 'web-2', 'web-3']) await client.create(PODS, anti(n));
  const placed = new Set([await nodeOf('web-1'), await nodeOf('web-2'), await nodeOf('web-3')]);
  assert.equal(placed.size, 3, `anti-affinity spread: ${[...placed]}`);
});

test('a high-priority pod preempts a low-priority one and gets its node', async () => {
  await client.create({ group: 'scheduling.k8s.io', version: 'v1', plural: 'priorityclasses' },
    { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 });
  await node('solo', { cpu: '2', labels: { pool: 'solo' } });
  await client.create(PODS, pod('low', { nodeSelector: { pool: 'solo' } }, '1500m'));
  assert.equal(await nodeOf('low'), 'solo');
  await client.create(PODS, pod('vip', { nodeSelector: { pool: 'solo' }, priorityClassName: 'high' }, '1500m'));
  const nominated = await until('nominatedNodeName', async () => (await client.get({ ...PODS, name: 'vip' })).status?.nominatedNodeName);
  assert.equal(nominated, 'solo');
  // No kubelet runs: finish the victim's graceful deletion as a kubelet would.
  await until('victim deleted', async () => {
    try {
      const low = await client.get({ ...PODS, name: 'low' });
      if (low.metadata.deletionTimestamp) await client.delete({ ...PODS, name: 'low' }, { gracePeriodSeconds: 0 });
      return undefined;
    } catch {
      return true;
    }
  });
  assert.equal(await nodeOf('vip'), 'solo');
  const out = await kubectl(['get', 'events', '--field-selector', 'reason=Preempted', '-o', 'jsonpath={.items[*].message}']);
  assert.match(out, /Preempted by pod .* on node solo/);
});

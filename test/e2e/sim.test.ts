/**
 * `k8ts sim` against a real k8ts, checked with the real kubectl: simulated
 * nodes register Ready with leases; pods bound to them run with IPs from
 * the node's range and full status; failure stages show as upstream
 * (CrashLoopBackOff, Error); deleting a pod finishes gracefully.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { startCluster, K8TS_BIN, REPO, type Cluster } from './helpers/cluster.ts';

let cluster: Cluster;
let sim: ChildProcess;
let simOut = '';

before(async () => {
  cluster = await startCluster();
  sim = spawn(K8TS_BIN, ['sim', '--nodes', '3', '--kubeconfig', cluster.kubeconfig, '--start-delay', '500ms'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`sim not ready:\n${simOut}`)), 45_000);
    const on = (d: Buffer) => { simOut += d.toString(); if (simOut.includes('simulated nodes are running')) { clearTimeout(t); resolve(); } };
    sim.stdout!.on('data', on);
    sim.stderr!.on('data', on);
    sim.on('exit', (code) => { clearTimeout(t); reject(new Error(`sim exited ${code}:\n${simOut}`)); });
  });
});
after(async () => {
  if (sim && sim.exitCode === null) {
    sim.kill('SIGTERM');
    await new Promise((r) => { const t = setTimeout(() => { sim.kill('SIGKILL'); r(null); }, 10_000); sim.once('exit', () => { clearTimeout(t); r(null); }); });
  }
  await cluster?.dispose();
});

async function kubectl(args: string[], input?: string): Promise<string> {
  const r = await cluster.kubectl(args, { input });
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed:\n${r.stderr}\n--- sim ---\n${simOut.slice(-3000)}`);
  return r.stdout;
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try { const v = await fn(); if (v !== undefined) return v; } catch (e) { last = e; }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${String(last ?? '')}\n--- sim ---\n${simOut.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

const pod = (name: string, node: string, annotations: Record<string, string> = {}, restartPolicy = 'Always') => JSON.stringify({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name, annotations },
  spec: { nodeName: node, restartPolicy, containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '100m' } } }] },
});

test('kubectl get nodes shows the simulated nodes Ready with leases', async () => {
  const out = await kubectl(['get', 'nodes', '-o', 'wide']);
  const lines = out.trim().split('\n');
  assert.match(lines[0] ?? '', /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INTERNAL-IP/);
  assert.deepEqual(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 2).join(' ')), ['sim-0 Ready', 'sim-1 Ready', 'sim-2 Ready']);
  assert.match(out, /v1\.32\.0-k8ts\s+172\.16\.0\.1\s/);
  assert.match(out, /fake:\/\/0\.1\.0/);
  const leases = JSON.parse(await kubectl(['get', 'leases', '-n', 'kube-node-lease', '-o', 'json'])) as { items: Array<{ metadata: { name: string }; spec: { holderIdentity: string; leaseDurationSeconds: number } }> };
  assert.deepEqual(leases.items.map((l) => `${l.metadata.name}/${l.spec.holderIdentity}/${l.spec.leaseDurationSeconds}`).sort(), ['sim-0/sim-0/40', 'sim-1/sim-1/40', 'sim-2/sim-2/40']);
  const node = JSON.parse(await kubectl(['get', 'node', 'sim-1', '-o', 'json'])) as { metadata: { labels: Record<string, string> }; status: { capacity: Record<string, string> } };
  assert.equal(node.metadata.labels['kubernetes.io/hostname'], 'sim-1');
  assert.equal(node.status.capacity.pods, '110');
});

test('a pod bound to a simulated node runs with an IP of its range; graceful delete finishes', async () => {
  await kubectl(['apply', '-f', '-'], pod('web', 'sim-1'));
  const line = await until('web Running', async () => {
    const out = await kubectl(['get', 'pod', 'web', '-o', 'wide', '--no-headers']);
    return /\s1\/1\s+Running\s+0\s/.test(out) ? out : undefined;
  });
  assert.match(line, /\s10\.64\.1\.\d+\s+sim-1\s/);
  const p = JSON.parse(await kubectl(['get', 'pod', 'web', '-o', 'json'])) as { status: Record<string, any> };
  assert.equal(p.status.hostIP, '172.16.0.2');
  assert.equal(p.status.qosClass, 'Burstable');
  assert.ok(p.status.startTime);
  assert.equal(p.status.containerStatuses[0].started, true);
  assert.match(p.status.containerStatuses[0].imageID, /^nginx@sha256:/);
  assert.deepEqual(p.status.conditions.map((c: { type: string; status: string }) => `${c.type}=${c.status}`).sort(),
    ['ContainersReady=True', 'Initialized=True', 'PodReadyToStartContainers=True', 'PodScheduled=True', 'Ready=True']);
  const t0 = Date.now();
  await kubectl(['delete', 'pod', 'web', '--wait=true', '--timeout=20s']);
  assert.ok(Date.now() - t0 < 15_000, 'graceful deletion took too long');
  const gone = await cluster.kubectl(['get', 'pod', 'web']);
  assert.match(gone.stderr, /NotFound/);
});

test('failure stages: CrashLoopBackOff, Error with restartPolicy Never, never ready', async () => {
  await kubectl(['apply', '-f', '-'], pod('crash', 'sim-0', { 'k8ts.io/sim-fail-after': '300ms' }));
  await kubectl(['apply', '-f', '-'], pod('once', 'sim-2', { 'k8ts.io/sim-fail-after': '300ms', 'k8ts.io/sim-exit-code': '2' }, 'Never'));
  await kubectl(['apply', '-f', '-'], pod('lazy', 'sim-2', { 'k8ts.io/sim-never-ready': 'true' }));
  await until('crash in CrashLoopBackOff', async () => {
    const out = await kubectl(['get', 'pod', 'crash', '--no-headers']);
    return /0\/1\s+CrashLoopBackOff\s+[12]\s/.test(out) ? out : undefined;
  });
  await until('once Error', async () => {
    const out = await kubectl(['get', 'pod', 'once', '--no-headers']);
    return /0\/1\s+Error\s+0\s/.test(out) ? out : undefined;
  });
  await until('lazy Running 0/1', async () => {
    const out = await kubectl(['get', 'pod', 'lazy', '--no-headers']);
    return /0\/1\s+Running\s+0\s/.test(out) ? out : undefined;
  });
  const desc = await kubectl(['describe', 'pod', 'crash']);
  assert.match(desc, /Reason:\s+CrashLoopBackOff/);
  assert.match(desc, /Exit Code:\s+1/);
  // A finished pod (phase Failed) is deleted at once; the others go through the kubelet.
  await kubectl(['delete', 'pod', 'crash', 'once', 'lazy', '--wait=true', '--timeout=20s']);
});

/**
 * `k8ts join` e2e on one machine: init a control plane, then run
 * `bin/k8ts join` as a second process with its own data dir and node name
 * (simulated runtime). Discovery must verify cluster-info, the bootstrap
 * CSR must be approved and signed, and the real kubectl must see the node
 * Ready. A wrong CA pin must be refused before any credential is written.
 * A joined node's kubelet API gets its serving certificate through an
 * auto-approved kubelet-serving CSR, so kubectl logs/exec reach its pods;
 * its kubelet listens on 127.0.0.1 with a free port (loopback only).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster, K8TS_BIN, REPO, type Cluster } from './helpers/cluster.ts';
import { exec } from './helpers/exec.ts';

let cluster: Cluster;
let joinDir: string;
let joiner: ChildProcess | undefined;
let joinOutput = '';
/** Keeps the joined kubelets on loopback: InternalIP, listen address and a free port. */
const LOOPBACK_KUBELET = ['--node-ip', '127.0.0.1', '--kubelet-address', '127.0.0.1', '--kubelet-port', '0'];
before(async () => {
  cluster = await startCluster();
  joinDir = mkdtempSync(join(tmpdir(), 'k8ts-join-'));
});
after(async () => {
  for (const p of [joiner, servingWorker]) {
    if (p && p.exitCode === null && p.signalCode === null) {
      p.kill('SIGTERM');
      await new Promise((r) => p.once('exit', r));
    }
  }
  await cluster?.dispose();
  rmSync(joinDir, { recursive: true, force: true });
});

function joinArgs(): string[] {
  const m = /k8ts (join \S+ --token \S+ --discovery-token-ca-cert-hash \S+)/.exec(cluster.logs());
  assert.ok(m, `init printed no join command:\n${cluster.logs()}`);
  return m[1]!.split(' ');
}

async function until(fn: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n--- join ---\n${joinOutput.slice(-3000)}\n--- init ---\n${cluster.logs().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

test('a wrong CA pin is refused and leaves no kubelet.conf', async () => {
  const args = joinArgs();
  const i = args.indexOf('--discovery-token-ca-cert-hash');
  args[i + 1] = `sha256:${'0'.repeat(64)}`;
  const dir = join(joinDir, 'bad');
  const r = await exec(K8TS_BIN, [...args, '--data-dir', dir, '--node-name', 'bad-node', '--runtime', 'fake'], { cwd: REPO, timeoutMs: 60_000 });
  assert.notEqual(r.code, 0);
  assert.match(r.stdout + r.stderr, /not pinned/);
  assert.equal(existsSync(join(dir, 'kubelet.conf')), false);
});

test('k8ts join bootstraps a node certificate and the node shows up Ready', async () => {
  const dir = join(joinDir, 'worker');
  joiner = spawn(K8TS_BIN, [...joinArgs(), '--data-dir', dir, '--node-name', 'e2e-worker-1', '--runtime', 'fake', ...LOOPBACK_KUBELET], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  joiner.stdout!.on('data', (d: Buffer) => { joinOutput += d.toString(); });
  joiner.stderr!.on('data', (d: Buffer) => { joinOutput += d.toString(); });
  await until(async () => {
    const r = await cluster.kubectl(['get', 'node', 'e2e-worker-1', '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}']);
    return r.code === 0 && r.stdout.trim() === 'True';
  }, 'node e2e-worker-1 Ready');
  assert.ok(existsSync(join(dir, 'kubelet.conf')));
  const nodes = await cluster.kubectl(['get', 'nodes']);
  assert.match(nodes.stdout, /^e2e-worker-1\s+Ready\s/m);
  const csr = await cluster.kubectl(['get', 'csr', '-o', 'json']);
  const items = (JSON.parse(csr.stdout) as { items: { spec: { username: string; signerName: string }; status: { conditions?: { type: string }[] } }[] }).items;
  const mine = items.find((c) => c.spec.signerName === 'kubernetes.io/kube-apiserver-client-kubelet');
  assert.ok(mine, 'a kubelet client CSR exists');
  assert.match(mine.spec.username, /^system:bootstrap:[a-z0-9]{6}$/);
  assert.ok(mine.status.conditions?.some((c) => c.type === 'Approved'));
  joiner.kill('SIGTERM');
  const code = await new Promise<number | null>((r) => joiner!.once('exit', r));
  assert.equal(code, 0, joinOutput.slice(-2000));
});

/** The second worker (serving certificate test), restarted once. */
let servingWorker: ChildProcess | undefined;

function startServingWorker(dir: string): ChildProcess {
  const p = spawn(K8TS_BIN, [...joinArgs(), '--data-dir', dir, '--node-name', 'e2e-worker-2', '--runtime', 'fake', ...LOOPBACK_KUBELET], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  p.stdout!.on('data', (d: Buffer) => { joinOutput += d.toString(); });
  p.stderr!.on('data', (d: Buffer) => { joinOutput += d.toString(); });
  return p;
}

interface Csr { metadata: { name: string }; spec: { username: string; signerName: string; usages: string[] } }

async function servingCsrs(): Promise<Csr[]> {
  const r = await cluster.kubectl(['get', 'csr', '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as { items: Csr[] }).items
    .filter((c) => c.spec.signerName === 'kubernetes.io/kubelet-serving' && c.spec.username === 'system:node:e2e-worker-2');
}

test('a joined node serves the kubelet API with a certificate from an auto-approved kubelet-serving CSR', async () => {
  const dir = join(joinDir, 'worker-2');
  servingWorker = startServingWorker(dir);
  let csrName = '';
  await until(async () => {
    const mine = await servingCsrs();
    if (mine.length === 0) return false;
    csrName = mine[0]!.metadata.name;
    const row = await cluster.kubectl(['get', 'csr', csrName, '--no-headers']);
    return /\sApproved,Issued$/.test(row.stdout.trim());
  }, 'the kubelet-serving CSR of e2e-worker-2 Approved,Issued');
  const [csr] = await servingCsrs();
  assert.deepEqual([...csr!.spec.usages].sort(), ['digital signature', 'server auth']);
  const table = await cluster.kubectl(['get', 'csr']);
  assert.match(table.stdout, new RegExp(`^${csrName}\\s+\\S+\\s+kubernetes.io/kubelet-serving\\s+system:node:e2e-worker-2\\s+.*Approved,Issued`, 'm'));
  // The kubelet stores the pair once its next poll sees the certificate.
  await until(async () => existsSync(join(dir, 'pki', 'kubelet-server-current.pem')), 'DIR/pki/kubelet-server-current.pem', 10_000);

  const pod = JSON.stringify({
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'on-worker' },
    spec: {
      nodeSelector: { 'kubernetes.io/hostname': 'e2e-worker-2' },
      containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', 'echo hello from e2e-worker-2; while true; do sleep 1; done'] }],
    },
  });
  assert.equal((await cluster.kubectl(['apply', '-f', '-'], { input: pod })).code, 0);
  const ready = await cluster.kubectl(['wait', '--for=condition=Ready', 'pod/on-worker', '--timeout=60s']);
  assert.equal(ready.code, 0, ready.stderr + joinOutput.slice(-2000));
  assert.equal((await cluster.kubectl(['get', 'pod', 'on-worker', '-o', 'jsonpath={.spec.nodeName}'])).stdout, 'e2e-worker-2');
  await until(async () => (await cluster.kubectl(['logs', 'on-worker'])).stdout.includes('hello from e2e-worker-2'), 'kubectl logs of a pod on e2e-worker-2', 30_000);
  const ex = await cluster.kubectl(['exec', 'on-worker', '--', 'echo', 'exec works']);
  assert.equal(ex.code, 0, ex.stderr);
  assert.equal(ex.stdout, 'exec works\n');

  // A restart reuses the stored serving certificate: no new CSR, and the API still reaches the pod.
  servingWorker.kill('SIGTERM');
  assert.equal(await new Promise<number | null>((r) => servingWorker!.once('exit', r)), 0, joinOutput.slice(-2000));
  servingWorker = startServingWorker(dir);
  await until(async () => /using existing/.test(joinOutput) && (await cluster.kubectl(['logs', 'on-worker'])).stdout.includes('hello from e2e-worker-2'), 'kubectl logs after the worker restarted', 30_000);
  await until(async () => (await cluster.kubectl(['exec', 'on-worker', '--', 'echo', 'again'])).stdout === 'again\n', 'kubectl exec after the worker restarted', 30_000);
  assert.equal((await servingCsrs()).length, 1, 'the restarted kubelet reused its certificate');
  assert.equal((await cluster.kubectl(['delete', 'pod', 'on-worker', '--wait=false'])).code, 0);
});

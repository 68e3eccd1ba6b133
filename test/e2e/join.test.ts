/**
 * `k8ts join` e2e on one machine: init a control plane, then run
 * `bin/k8ts join` as a second process with its own data dir and node name
 * (simulated runtime). Discovery must verify cluster-info, the bootstrap
 * CSR must be approved and signed, and the real kubectl must see the node
 * Ready. A wrong CA pin must be refused before any credential is written.
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
before(async () => {
  cluster = await startCluster();
  joinDir = mkdtempSync(join(tmpdir(), 'k8ts-join-'));
});
after(async () => {
  if (joiner && joiner.exitCode === null) {
    joiner.kill('SIGTERM');
    await new Promise((r) => joiner!.once('exit', r));
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
  joiner = spawn(K8TS_BIN, [...joinArgs(), '--data-dir', dir, '--node-name', 'e2e-worker-1', '--runtime', 'fake'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
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

/**
 * Smoke test of the e2e harness: a real k8ts control plane answers the real
 * kubectl (1.32 and Debian's 1.20) and has the four built-in namespaces.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, KUBECTL_120, KUBECTL_132, requireKubectl, type Cluster } from './helpers/cluster.ts';

const BUILT_IN_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

let cluster: Cluster;
before(async () => { cluster = await startCluster(); });
after(async () => { await cluster?.dispose(); });

for (const [label, path] of [['1.32', KUBECTL_132], ['1.20', KUBECTL_120]] as const) {
  test(`kubectl ${label}: version reports client and server`, async () => {
    requireKubectl(path);
    const r = await cluster.kubectl(['version', '-o', 'json'], { kubectlPath: path });
    assert.equal(r.code, 0, `kubectl version failed:\n${r.stderr}`);
    const v = JSON.parse(r.stdout) as { clientVersion?: { gitVersion?: string }; serverVersion?: { gitVersion?: string } };
    assert.match(v.clientVersion?.gitVersion ?? '', /^v1\./);
    assert.match(v.serverVersion?.gitVersion ?? '', /^v1\.\d+\.\d+/, `no server version in:\n${r.stdout}`);
  });

  test(`kubectl ${label}: get ns shows the built-in namespaces`, async () => {
    const r = await cluster.kubectl(['get', 'ns'], { kubectlPath: path });
    assert.equal(r.code, 0, `kubectl get ns failed:\n${r.stderr}`);
    const lines = r.stdout.trim().split('\n');
    assert.match(lines[0] ?? '', /^NAME\s+STATUS\s+AGE$/);
    const names = lines.slice(1).map((l) => l.split(/\s+/)[0]).sort();
    assert.deepEqual(names, BUILT_IN_NAMESPACES);
    for (const l of lines.slice(1)) assert.match(l, /\sActive\s/);
  });
}

test('anonymous requests are refused with 401 except health endpoints', async () => {
  const ns = await cluster.request('/api/v1/namespaces', { clientCert: false });
  assert.equal(ns.status, 401);
  const ready = await cluster.request('/readyz', { clientCert: false });
  assert.equal(ready.status, 200);
});

test('the server survives a restart on the same data dir and port', async () => {
  const port = cluster.port;
  await cluster.restart();
  assert.equal(cluster.port, port);
  const r = await cluster.kubectl(['get', 'ns', 'kube-system', '-o', 'name']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'namespace/kube-system');
});

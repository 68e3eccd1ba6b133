import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { buildKubeconfig, writeKubeconfig, loadConnection, serverUrl } from './kubeconfig.ts';

const params = { server: 'https://127.0.0.1:6443', caPem: 'CA-PEM\n', clientCertPem: 'CERT-PEM\n', clientKeyPem: 'KEY-PEM\n' };

test('admin kubeconfig is parsed by the real kubectl', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-kc-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'admin.conf');
  writeKubeconfig(path, buildKubeconfig(params));
  assert.equal(statSync(path).mode & 0o777, 0o600);
  const out = JSON.parse(execFileSync('kubectl', ['config', 'view', '--kubeconfig', path, '-o', 'json', '--raw']).toString());
  assert.equal(out['current-context'], 'kubernetes-admin@k8ts');
  assert.equal(out.clusters[0].name, 'k8ts');
  assert.equal(out.clusters[0].cluster.server, 'https://127.0.0.1:6443');
  assert.equal(Buffer.from(out.clusters[0].cluster['certificate-authority-data'], 'base64').toString(), 'CA-PEM\n');
  assert.equal(out.users[0].name, 'kubernetes-admin');
  assert.equal(Buffer.from(out.users[0].user['client-key-data'], 'base64').toString(), 'KEY-PEM\n');
  assert.deepEqual(out.contexts[0], { name: 'kubernetes-admin@k8ts', context: { cluster: 'k8ts', user: 'kubernetes-admin' } });
  const ctx = execFileSync('kubectl', ['config', 'current-context', '--kubeconfig', path]).toString().trim();
  assert.equal(ctx, 'kubernetes-admin@k8ts');
});

test('loadConnection round-trips embedded data and resolves relative file references', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-kc-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'admin.conf');
  writeKubeconfig(path, buildKubeconfig(params));
  assert.deepEqual(loadConnection(path), {
    server: 'https://127.0.0.1:6443', caPem: 'CA-PEM\n', certPem: 'CERT-PEM\n', keyPem: 'KEY-PEM\n',
    token: undefined, insecureSkipTLSVerify: undefined, namespace: undefined,
  });
  writeFileSync(join(dir, 'ca.crt'), 'FILE-CA');
  writeFileSync(join(dir, 'other.conf'), [
    'apiVersion: v1', 'kind: Config', 'current-context: c',
    'clusters: [{name: k, cluster: {server: "https://h:1", certificate-authority: ca.crt}}]',
    'users: [{name: u, user: {token: abc}}]',
    'contexts: [{name: c, context: {cluster: k, user: u, namespace: ns1}}]',
  ].join('\n'));
  const c = loadConnection(join(dir, 'other.conf'));
  assert.equal(c.caPem, 'FILE-CA');
  assert.equal(c.token, 'abc');
  assert.equal(c.namespace, 'ns1');
  assert.throws(() => loadConnection(join(dir, 'missing.conf')), /cannot read kubeconfig/);
  assert.throws(() => loadConnection(join(dir, 'other.conf'), 'nope'), /no context "nope"/);
});

test('serverUrl brackets IPv6 hosts', () => {
  assert.equal(serverUrl('10.0.0.1', 6443), 'https://10.0.0.1:6443');
  assert.equal(serverUrl('fd00::1', 6443), 'https://[fd00::1]:6443');
});

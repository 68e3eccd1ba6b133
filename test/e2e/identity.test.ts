/**
 * Identity e2e with the real kubectl: default ServiceAccounts and
 * kube-root-ca.crt appear in every namespace, `kubectl create token` gives a
 * JWT the API server accepts as the service account (and only while the
 * account exists), legacy token Secrets get filled, bootstrap tokens
 * authenticate, bad tokens get 401, and cluster-info is signed and readable
 * anonymously.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster, type Cluster } from './helpers/cluster.ts';

let cluster: Cluster;
before(async () => { cluster = await startCluster(); });
after(async () => { await cluster?.dispose(); });

/** Poll until `fn` returns a truthy value (controllers act asynchronously). */
async function eventually<T>(fn: () => Promise<T | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${cluster.logs().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A request with only a bearer token (no client certificate). */
function asToken(path: string, token: string) {
  return cluster.request(path, { clientCert: false, headers: { authorization: `Bearer ${token}` } });
}

/** A kubeconfig that authenticates with `token` only. */
function tokenKubeconfig(name: string, token: string): string {
  const path = join(cluster.dir, `${name}.conf`);
  writeFileSync(path, JSON.stringify({
    apiVersion: 'v1', kind: 'Config',
    clusters: [{ name: 'c', cluster: { server: cluster.conn.server, 'certificate-authority-data': Buffer.from(cluster.conn.ca).toString('base64') } }],
    users: [{ name: 'u', user: { token } }],
    contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }], 'current-context': 'x',
  }));
  return path;
}

test('every namespace gets a default ServiceAccount and kube-root-ca.crt, also new ones', async () => {
  assert.equal((await cluster.kubectl(['create', 'namespace', 'idt'])).code, 0);
  for (const ns of ['default', 'kube-system', 'kube-public', 'idt']) {
    await eventually(async () => (await cluster.kubectl(['-n', ns, 'get', 'sa', 'default', '-o', 'name'])).code === 0, `sa default in ${ns}`);
    const cm = await eventually(async () => {
      const r = await cluster.kubectl(['-n', ns, 'get', 'cm', 'kube-root-ca.crt', '-o', 'jsonpath={.data.ca\\.crt}']);
      return r.code === 0 && r.stdout;
    }, `kube-root-ca.crt in ${ns}`);
    assert.equal(cm.trim(), cluster.conn.ca.trim());
  }
  // Deleted: put back.
  assert.equal((await cluster.kubectl(['-n', 'idt', 'delete', 'sa', 'default'])).code, 0);
  await eventually(async () => (await cluster.kubectl(['-n', 'idt', 'get', 'sa', 'default', '-o', 'name'])).code === 0, 'sa default recreated');
});

test('kubectl create token gives a JWT accepted as system:serviceaccount:default:default', async () => {
  await eventually(async () => (await cluster.kubectl(['get', 'sa', 'default', '-o', 'name'])).code === 0, 'sa default');
  const r = await cluster.kubectl(['create', 'token', 'default']);
  assert.equal(r.code, 0, r.stderr);
  const token = r.stdout.trim();
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
  assert.equal(claims.sub, 'system:serviceaccount:default:default');
  assert.equal(claims.iss, 'https://kubernetes.default.svc.cluster.local');
  assert.equal((claims.exp as number) - (claims.iat as number), 3600);
  const conf = tokenKubeconfig('sa', token);
  const ns = await cluster.kubectl(['--kubeconfig', conf, 'get', 'ns', 'default', '-o', 'name']);
  assert.equal(ns.code, 0, ns.stderr);
  assert.equal(ns.stdout.trim(), 'namespace/default');
  // Too short a duration is refused as upstream words it.
  const short = await cluster.kubectl(['create', 'token', 'default', '--duration', '5m']);
  assert.notEqual(short.code, 0);
  assert.match(short.stderr, /may not specify a duration less than 10 minutes/);
});

test('service-account tokens die with their account; tampered and unknown tokens get 401', async () => {
  assert.equal((await cluster.kubectl(['create', 'sa', 'shortlived'])).code, 0);
  const token = (await cluster.kubectl(['create', 'token', 'shortlived', '--audience', 'https://kubernetes.default.svc.cluster.local'])).stdout.trim();
  assert.equal((await asToken('/api/v1/namespaces', token)).status, 200);
  assert.equal((await asToken('/api/v1/namespaces', `${token.slice(0, -4)}AAAA`)).status, 401);
  assert.equal((await asToken('/api/v1/namespaces', 'abcdef.0123456789abcdef')).status, 401);
  const other = (await cluster.kubectl(['create', 'token', 'shortlived', '--audience', 'someone-else'])).stdout.trim();
  assert.equal((await asToken('/api/v1/namespaces', other)).status, 401, 'a token for another audience');
  assert.equal((await cluster.kubectl(['delete', 'sa', 'shortlived'])).code, 0);
  assert.equal((await asToken('/api/v1/namespaces', token)).status, 401);
});

test('a service-account-token Secret is filled and authenticates until deleted', async () => {
  const secret = { apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/service-account-token',
    metadata: { name: 'legacy', annotations: { 'kubernetes.io/service-account.name': 'default' } } };
  assert.equal((await cluster.kubectl(['apply', '-f', '-'], { input: JSON.stringify(secret) })).code, 0);
  const data = await eventually(async () => {
    const r = await cluster.kubectl(['get', 'secret', 'legacy', '-o', 'json']);
    const d = (JSON.parse(r.stdout) as { data?: Record<string, string> }).data;
    return d?.token && d['ca.crt'] && d.namespace ? d : undefined;
  }, 'legacy token filled');
  assert.equal(Buffer.from(data.namespace!, 'base64').toString(), 'default');
  const token = Buffer.from(data.token!, 'base64').toString();
  assert.equal((await asToken('/api/v1/namespaces/default', token)).status, 200);
  assert.equal((await cluster.kubectl(['delete', 'secret', 'legacy'])).code, 0);
  assert.equal((await asToken('/api/v1/namespaces/default', token)).status, 401);
});

test('the bootstrap token authenticates; cluster-info is anonymous, signed, and nothing else is', async () => {
  const token = /--token ([a-z0-9]{6}\.[a-z0-9]{16})/.exec(cluster.logs())?.[1];
  assert.ok(token, 'init printed a join command');
  assert.equal((await asToken('/api/v1/namespaces/default', token)).status, 200);
  const info = await eventually(async () => {
    const r = await cluster.request('/api/v1/namespaces/kube-public/configmaps/cluster-info', { clientCert: false });
    const data = (r.json as { data?: Record<string, string> } | undefined)?.data;
    return r.status === 200 && data?.[`jws-kubeconfig-${token.slice(0, 6)}`] ? data : undefined;
  }, 'signed cluster-info');
  assert.match(info.kubeconfig!, /certificate-authority-data/);
  assert.equal((await cluster.request('/api/v1/namespaces/kube-public/configmaps', { clientCert: false })).status, 401);
  assert.equal((await cluster.request('/api/v1/namespaces/kube-system/secrets', { clientCert: false })).status, 401);
});

test('discovery lists serviceaccounts/token as create-only TokenRequest', async () => {
  const r = await cluster.request('/api/v1');
  const res = (r.json as { resources: { name: string; kind: string; verbs: string[]; group?: string }[] }).resources;
  const t = res.find((x) => x.name === 'serviceaccounts/token');
  assert.ok(t, 'serviceaccounts/token in /api/v1');
  assert.equal(t.kind, 'TokenRequest');
  assert.deepEqual(t.verbs, ['create']);
});

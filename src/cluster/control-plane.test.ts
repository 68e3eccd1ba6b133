import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { nullLogger } from '../base/logger.ts';
import { startControlPlane, resolveAdvertiseAddress, type ControlPlaneDeps } from './control-plane.ts';
import { startFakeApiServer, fakeStore, type FakeApiServer } from './testing/fake-apiserver.ts';
import { loadConnection } from './kubeconfig.ts';
import { caCertHash } from './pki.ts';
import { listBootstrapTokens, createBootstrapToken, deleteBootstrapToken } from './bootstrap-token-api.ts';
import { apiServerEndpoint } from './join-command.ts';

function fakes(notReadyPolls = 0) {
  const events: string[] = [];
  let api: FakeApiServer | undefined;
  const store = fakeStore();
  const deps: ControlPlaneDeps = {
    async openStore(spec, opts) { events.push(`open ${spec} ${opts.dataDir}`); return store; },
    async startApiServer(cfg) {
      api = await startFakeApiServer(cfg, { notReadyPolls });
      const inner = api;
      return { port: inner.port, close: async () => { events.push(`apiserver closed (store closed: ${store.closed})`); await inner.close(); } };
    },
  };
  return { deps, events, store, api: () => api! };
}

const baseOpts = (dataDir: string) => ({
  dataDir, port: 0, bindAddress: '127.0.0.1', advertiseAddress: '127.0.0.1',
  serviceCIDR: '10.43.0.0/16', podNetworkCIDR: '10.42.0.0/16', datastore: 'sqlite', logger: nullLogger, readyTimeoutMs: 10_000,
});

test('startControlPlane writes admin.conf with the bound port, waits for readyz and creates a token', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-init-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const f = fakes(3);
  const progress: string[] = [];
  const cp = await startControlPlane({ ...baseOpts(dir), progress: (m) => progress.push(m) }, f.deps);
  try {
    assert.notEqual(cp.apiServer.port, 0);
    assert.equal(cp.adminConfPath, join(dir, 'admin.conf'));
    assert.equal(statSync(cp.adminConfPath).mode & 0o777, 0o600);
    assert.equal(loadConnection(cp.adminConfPath).server, `https://127.0.0.1:${cp.apiServer.port}`);
    assert.deepEqual(f.events, [`open sqlite ${dir}`]);
    assert.ok(f.api().requests.filter((r) => r === 'GET /readyz').length >= 4, 'polled readyz until ok');
    assert.ok(progress.some((m) => m.includes('ready')));
    assert.match(cp.token, /^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    assert.ok(f.api().secrets.has(`bootstrap-token-${cp.token.slice(0, 6)}`));
    assert.equal(cp.caHash, caCertHash(loadConnection(cp.adminConfPath).caPem!));
    assert.equal(cp.joinCommand, `k8ts join 127.0.0.1:${cp.apiServer.port} --token ${cp.token} --discovery-token-ca-cert-hash ${cp.caHash}`);
    // The real kubectl trusts the CA and authenticates with the admin cert.
    // execFile, not execFileSync: the fake server runs on this event loop.
    const { stdout: out } = await promisify(execFile)('kubectl', ['--kubeconfig', cp.adminConfPath, 'get', '--raw', '/api/v1/namespaces/kube-system/secrets']);
    assert.equal(JSON.parse(out).items.length, 1);
  } finally {
    await cp.close();
  }
  assert.deepEqual(f.events.slice(1), ['apiserver closed (store closed: false)'], 'API server closes before the store');
  assert.ok(f.store.closed);
  await cp.close(); // idempotent
});

test('a second start reuses the PKI and the existing token', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-init-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const f = fakes();
  const first = await startControlPlane(baseOpts(dir), f.deps);
  const secretsBefore = [...f.api().secrets.values()];
  await first.close();
  const g = fakes();
  const seeded = g.deps.startApiServer;
  g.deps.startApiServer = async (cfg) => {
    const s = await seeded(cfg);
    for (const sec of secretsBefore) g.api().secrets.set((sec.metadata as { name: string }).name, sec);
    return s;
  };
  const second = await startControlPlane(baseOpts(dir), g.deps);
  try {
    assert.equal(second.token, first.token);
    assert.equal(second.caHash, first.caHash);
    assert.equal(g.api().secrets.size, 1);
  } finally {
    await second.close();
  }
});

test('startControlPlane fails clearly and closes the store when the API server never gets ready', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-init-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const f = fakes(1_000_000);
  await assert.rejects(startControlPlane({ ...baseOpts(dir), readyTimeoutMs: 600 }, f.deps), /did not become ready within .*readyz check failed/s);
  assert.ok(f.store.closed);
});

test('bootstrap token API: create, list, delete through HTTPS with the admin cert', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-init-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const f = fakes();
  const cp = await startControlPlane(baseOpts(dir), f.deps);
  t.after(() => cp.close());
  const conn = loadConnection(cp.adminConfPath);
  const tok = await createBootstrapToken(conn, { token: 'aaaaaa.bbbbbbbbbbbbbbbb', ttlMs: 0 });
  assert.equal(tok, 'aaaaaa.bbbbbbbbbbbbbbbb');
  await assert.rejects(createBootstrapToken(conn, { token: tok }), (e: Error & { code?: string }) => e.code === 'AlreadyExists');
  const ids = (await listBootstrapTokens(conn)).map((x) => x.id);
  assert.deepEqual(ids, ['aaaaaa', cp.token.slice(0, 6)].sort());
  assert.equal(await deleteBootstrapToken(conn, 'aaaaaa.bbbbbbbbbbbbbbbb'), 'aaaaaa');
  await assert.rejects(deleteBootstrapToken(conn, 'aaaaaa'), (e: Error & { code?: string }) => e.code === 'NotFound');
  await assert.rejects(deleteBootstrapToken(conn, 'BAD'), /\[a-z0-9\]\{6\}/);
  assert.deepEqual(await apiServerEndpoint(conn), { host: '127.0.0.1', port: cp.apiServer.port });
  // Without a client certificate the fake (like the real server) answers 401.
  await assert.rejects(listBootstrapTokens({ ...conn, certPem: undefined, keyPem: undefined }), (e: Error & { code?: string }) => e.code === 'Unauthorized');
});

test('resolveAdvertiseAddress prefers the flag, then a specific bind address', () => {
  assert.equal(resolveAdvertiseAddress({ advertiseAddress: '10.1.2.3', bindAddress: '0.0.0.0' }), '10.1.2.3');
  assert.equal(resolveAdvertiseAddress({ bindAddress: '10.9.9.9' }), '10.9.9.9');
  assert.match(resolveAdvertiseAddress({ bindAddress: '0.0.0.0' }), /^\d+\.\d+\.\d+\.\d+$/);
});

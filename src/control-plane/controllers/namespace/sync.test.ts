import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../../base/clock.ts';
import { isK8sError } from '../../../base/errors.ts';
import { nullLogger } from '../../../base/logger.ts';
import { RestClient } from '../../../client/rest-client.ts';
import { FakeApiServer } from '../../../client/testing/fake-api-server.ts';
import { syncNamespace } from './sync.ts';

const NS = '/v1/namespaces';

async function setup(): Promise<{ s: FakeApiServer; c: RestClient; done: () => Promise<void> }> {
  const s = new FakeApiServer();
  const c = new RestClient({ server: await s.start() });
  for (const n of ['doomed', 'keep']) {
    s.store.create(NS, undefined, { metadata: { name: n } });
    s.store.create('/v1/configmaps', n, { metadata: { name: 'cm1' } });
    s.store.create('/v1/configmaps', n, { metadata: { name: 'cm2' } });
    s.store.create('/v1/services', n, { metadata: { name: 'svc' } });
    s.store.create('apps/v1/deployments', n, { metadata: { name: 'web' } });
    s.store.create('/v1/pods', n, { metadata: { name: 'p' } });
  }
  return { s, c, done: async () => { c.close(); await s.close(); } };
}

const deps = (c: RestClient) => ({ client: c, logger: nullLogger, clock: new FakeClock() });
const count = (s: FakeApiServer, ns: string): number =>
  ['/v1/configmaps', '/v1/services', 'apps/v1/deployments', '/v1/pods'].reduce((n, r) => n + s.store.list(r, ns).length, 0);

test('a namespace not being deleted is left alone', async () => {
  const { s, c, done } = await setup();
  try {
    assert.deepEqual(await syncNamespace(deps(c), 'doomed'), { state: 'done' });
    assert.deepEqual(await syncNamespace(deps(c), 'missing'), { state: 'done' });
    assert.equal(count(s, 'doomed'), 5);
    assert.ok(!s.requests.some((r) => r.method === 'DELETE' || r.method === 'PUT'));
  } finally {
    await done();
  }
});

test('deletes every kind of content, then finalizes; the namespace is gone and others untouched', async () => {
  const { s, c, done } = await setup();
  try {
    s.store.delete(NS, undefined, 'doomed');
    assert.deepEqual(await syncNamespace(deps(c), 'doomed'), { state: 'done' });
    assert.equal(count(s, 'doomed'), 0);
    assert.equal(count(s, 'keep'), 5);
    assert.throws(() => s.store.get(NS, undefined, 'doomed'), (e) => isK8sError(e, 'NotFound'));
    // Collection deletes where supported; services (no deletecollection) one by one.
    const deletes = s.requests.filter((r) => r.method === 'DELETE').map((r) => r.path).sort();
    assert.ok(deletes.includes('/api/v1/namespaces/doomed/configmaps'));
    assert.ok(deletes.includes('/api/v1/namespaces/doomed/services/svc'));
    assert.ok(deletes.includes('/apis/apps/v1/namespaces/doomed/deployments'));
    assert.ok(!deletes.some((p) => p.includes('clusterroles')), 'cluster-scoped kinds are not touched');
    assert.ok(s.requests.some((r) => r.method === 'PUT' && r.path === '/api/v1/namespaces/doomed/finalize'));
  } finally {
    await done();
  }
});

test('waits while content with finalizers remains, reporting conditions, then finishes', async () => {
  const { s, c, done } = await setup();
  try {
    const held = s.store.get('/v1/configmaps', 'doomed', 'cm1');
    s.store.update('/v1/configmaps', 'doomed', 'cm1', { ...held, metadata: { ...held.metadata, finalizers: ['example.com/hold'] } });
    s.store.delete(NS, undefined, 'doomed');
    const r = await syncNamespace(deps(c), 'doomed');
    assert.equal(r.state, 'waiting');
    const ns = s.store.get(NS, undefined, 'doomed');
    assert.equal(ns.status.phase, 'Terminating');
    assert.deepEqual(ns.spec.finalizers, ['kubernetes']);
    type Cond = { type: string; status: string; message: string };
    const byType: Record<string, Cond> = Object.fromEntries((ns.status.conditions as Cond[]).map((x) => [x.type, x]));
    assert.equal(byType.NamespaceContentRemaining?.status, 'True');
    assert.equal(byType.NamespaceContentRemaining?.message, 'Some resources are remaining: configmaps. has 1 resource instances');
    assert.equal(byType.NamespaceFinalizersRemaining?.message,
      'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances');
    assert.equal(byType.NamespaceDeletionDiscoveryFailure?.status, 'False');
    assert.equal(count(s, 'doomed'), 1);
    // A second pass with nothing new does not rewrite status.
    const puts = s.requests.filter((q) => q.method === 'PUT').length;
    assert.equal((await syncNamespace(deps(c), 'doomed')).state, 'waiting');
    assert.equal(s.requests.filter((q) => q.method === 'PUT').length, puts);
    // The finalizer's owner lets go: the next pass finalizes.
    const cur = s.store.get('/v1/configmaps', 'doomed', 'cm1');
    s.store.update('/v1/configmaps', 'doomed', 'cm1', { ...cur, metadata: { ...cur.metadata, finalizers: [] } });
    assert.deepEqual(await syncNamespace(deps(c), 'doomed'), { state: 'done' });
    assert.throws(() => s.store.get(NS, undefined, 'doomed'), (e) => isK8sError(e, 'NotFound'));
  } finally {
    await done();
  }
});

test('pods in graceful termination give an estimate from their grace period', async () => {
  const { s, c, done } = await setup();
  try {
    const p = s.store.get('/v1/pods', 'doomed', 'p');
    s.store.update('/v1/pods', 'doomed', 'p', { ...p, spec: { terminationGracePeriodSeconds: 12 },
      metadata: { ...p.metadata, finalizers: ['kubelet/terminating'] } });
    s.store.delete(NS, undefined, 'doomed');
    const r = await syncNamespace(deps(c), 'doomed');
    assert.deepEqual(r, { state: 'waiting', estimateSeconds: 12, remaining: 1 });
  } finally {
    await done();
  }
});

test('a discovery failure is reported, other content still deleted, and the namespace is not finalized', async () => {
  const { s, c, done } = await setup();
  try {
    s.failDiscovery.add('apps/v1');
    s.store.delete(NS, undefined, 'doomed');
    await assert.rejects(syncNamespace(deps(c), 'doomed'), (e) => isK8sError(e, 'InternalError') && e.message.includes('apps/v1'));
    const ns = s.store.get(NS, undefined, 'doomed');
    const disc = (ns.status.conditions as Array<{ type: string; status: string; message: string }>)
      .find((x) => x.type === 'NamespaceDeletionDiscoveryFailure');
    assert.equal(disc?.status, 'True');
    assert.match(disc?.message ?? '', /1 failing: .*apps\/v1/);
    assert.equal(s.store.list('apps/v1/deployments', 'doomed').length, 1, 'undiscovered kinds cannot be deleted');
    assert.equal(s.store.list('/v1/configmaps', 'doomed').length, 0);
    assert.deepEqual(ns.spec.finalizers, ['kubernetes']);
    s.failDiscovery.clear();
    assert.deepEqual(await syncNamespace(deps(c), 'doomed'), { state: 'done' });
  } finally {
    await done();
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isK8sError } from '../../base/errors.ts';
import { nullLogger } from '../../base/logger.ts';
import { RestClient } from '../../client/rest-client.ts';
import { FakeApiServer } from '../../client/testing/fake-api-server.ts';
import { enabledControllers, startControllerManager } from './manager.ts';

const NS = { group: '', version: 'v1', plural: 'namespaces' };

async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('controller selection follows --controllers', () => {
  assert.ok(enabledControllers().includes('namespace'));
  assert.ok(!enabledControllers(['*', '-namespace']).includes('namespace'));
  assert.deepEqual(enabledControllers(['namespace']), ['namespace']);
  assert.throws(() => enabledControllers(['bogus']), (e) => isK8sError(e, 'BadRequest'));
});

test('deleting a namespace through the API removes its content and then the namespace', async () => {
  const s = new FakeApiServer();
  const c = new RestClient({ server: await s.start() });
  const cm = { group: '', version: 'v1', plural: 'configmaps', namespace: 'team' };
  // Only the namespace controller: the fake server serves no workload kinds.
  const m = await startControllerManager({ client: c, logger: nullLogger, controllers: ['namespace'] });
  try {
    assert.deepEqual(m.controllers, ['namespace']);
    await c.create(NS, { metadata: { name: 'team' } });
    await c.create(NS, { metadata: { name: 'other' } });
    await c.create(cm, { metadata: { name: 'a' } });
    await c.create(cm, { metadata: { name: 'held', finalizers: ['example.com/hold'] } });
    await c.create({ ...cm, namespace: 'other' }, { metadata: { name: 'b' } });
    await c.delete({ ...NS, name: 'team' });
    // Content goes, except the object whose finalizer is still there; the namespace waits for it.
    await until(() => s.store.list('/v1/configmaps', 'team').length === 1 &&
      (s.store.get('/v1/namespaces', undefined, 'team').status.conditions ?? []).length > 0, 'content deleted');
    const ns = await c.get({ ...NS, name: 'team' });
    assert.equal(ns.status.phase, 'Terminating');
    const held = await c.get({ ...cm, name: 'held' });
    await c.update({ ...cm, name: 'held' }, { ...held, metadata: { ...held.metadata, finalizers: [] } });
    await until(() => !s.store.list('/v1/namespaces').some((n) => n.metadata.name === 'team'), 'namespace removed', 8000);
    assert.equal(s.store.list('/v1/configmaps', 'other').length, 1);
    // One watch on namespaces for the whole manager.
    assert.equal(s.requests.filter((r) => r.query.get('watch') === 'true' && r.path === '/api/v1/namespaces').length, 1);
  } finally {
    await m.stop();
    c.close();
    await s.close();
  }
});

test('start fails with Timeout when the API server never answers', async () => {
  const c = new RestClient({ server: 'http://127.0.0.1:1' });
  await assert.rejects(startControllerManager({ client: c, logger: nullLogger, cacheSyncTimeoutMs: 200 }),
    (e) => isK8sError(e, 'Timeout'));
  c.close();
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isK8sError } from '../base/errors.ts';
import { RestClient } from './rest-client.ts';
import { EventLineDecoder } from './watch.ts';
import { resourcePath, queryString, LIST_KEYS } from './url.ts';
import { errorFromResponse } from './status-error.ts';
import { FakeApiServer } from './testing/fake-api-server.ts';
import type { WatchEvent } from './types.ts';

const cm = { group: '', version: 'v1', plural: 'configmaps', namespace: 'default' };
const ns = { group: '', version: 'v1', plural: 'namespaces' };

async function withServer(fn: (c: RestClient, s: FakeApiServer) => Promise<void>): Promise<void> {
  const s = new FakeApiServer();
  const c = new RestClient({ server: await s.start() });
  try {
    await fn(c, s);
  } finally {
    c.close();
    await s.close();
  }
}

test('paths and query strings', () => {
  assert.equal(resourcePath({ group: '', version: 'v1', plural: 'pods', namespace: 'a b', name: 'p', subresource: 'status' }),
    '/api/v1/namespaces/a%20b/pods/p/status');
  assert.equal(resourcePath({ group: 'apps', version: 'v1', plural: 'deployments' }), '/apis/apps/v1/deployments');
  assert.equal(queryString({ labelSelector: 'a=b,c', limit: 5, bogus: 1 }, LIST_KEYS), '?labelSelector=a%3Db%2Cc&limit=5');
  assert.throws(() => resourcePath({ group: '', version: 'v1', plural: 'pods', subresource: 'status' }), (e) => isK8sError(e, 'BadRequest'));
});

test('error responses keep the Status reason, message and details', () => {
  const e = errorFromResponse(404, JSON.stringify({ kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404,
    message: 'pods "x" not found', details: { name: 'x', kind: 'pods' } }));
  assert.ok(isK8sError(e, 'NotFound'));
  assert.equal(e.message, 'pods "x" not found');
  assert.deepEqual(e.details, { name: 'x', kind: 'pods' });
  assert.ok(isK8sError(errorFromResponse(503, 'upstream connect error'), 'ServiceUnavailable'));
  assert.ok(isK8sError(errorFromResponse(410, JSON.stringify({ kind: 'Status', reason: 'Expired', code: 410 })), 'Expired'));
  assert.ok(isK8sError(errorFromResponse(410, '{"kind":"Status","reason":"Weird","code":410}'), 'Gone'));
});

test('the line decoder handles events split across chunks and several per chunk', () => {
  const d = new EventLineDecoder();
  const a = JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'é' } } });
  const b = JSON.stringify({ type: 'DELETED', object: { metadata: { name: 'b' } } });
  const bytes = Buffer.from(`${a}\n${b}\n`);
  const out: WatchEvent[] = [];
  // Split inside the multi-byte character too.
  for (let i = 0; i < bytes.length; i += 7) out.push(...d.push(bytes.subarray(i, i + 7)));
  out.push(...d.end());
  assert.deepEqual(out.map((e) => [e.type, e.object.metadata.name]), [['ADDED', 'é'], ['DELETED', 'b']]);
  assert.throws(() => new EventLineDecoder().push('{"type":"NOPE","object":{}}\n'), (e) => isK8sError(e, 'InternalError'));
});

test('CRUD round trip with conflicts and not found as K8sError', async () => {
  await withServer(async (c) => {
    await c.create(ns, { metadata: { name: 'default' } });
    const created = await c.create(cm, { metadata: { name: 'a' }, data: { k: 'v' } });
    assert.equal(created.metadata.namespace, 'default');
    const got = await c.get({ ...cm, name: 'a' });
    assert.deepEqual(got.data, { k: 'v' });
    await c.update({ ...cm, name: 'a' }, { ...got, data: { k: 'w' } });
    await assert.rejects(c.update({ ...cm, name: 'a' }, { ...got, data: { k: 'x' } }), (e) => isK8sError(e, 'Conflict'));
    await assert.rejects(c.create(cm, { metadata: { name: 'a' } }), (e) => isK8sError(e, 'AlreadyExists'));
    await c.delete({ ...cm, name: 'a' });
    await assert.rejects(c.get({ ...cm, name: 'a' }), (e) => isK8sError(e, 'NotFound') && e.message.includes('"a"'));
    await assert.rejects(c.get({ group: 'nope', version: 'v1', plural: 'x' }), (e) => isK8sError(e, 'NotFound'));
  });
});

test('list pages with limit and continue; deleteCollection', async () => {
  await withServer(async (c, s) => {
    for (let i = 0; i < 5; i++) await c.create(cm, { metadata: { name: `c${i}` } });
    const p1 = await c.list(cm, { limit: 2 });
    assert.equal(p1.items.length, 2);
    assert.ok(p1.metadata.continue);
    const p2 = await c.list(cm, { limit: 2, continue: p1.metadata.continue });
    assert.deepEqual(p2.items.map((o) => o.metadata.name), ['c2', 'c3']);
    const q = s.requests.at(-1)?.query;
    assert.equal(q?.get('limit'), '2');
    await c.deleteCollection(cm, { propagationPolicy: 'Background' });
    assert.equal(s.requests.at(-1)?.query.get('propagationPolicy'), 'Background');
    assert.equal((await c.list(cm)).items.length, 0);
  });
});

test('watch streams events, and stop ends the iteration', async () => {
  await withServer(async (c, s) => {
    const list = await c.list(cm);
    const w = await c.watch(cm, { resourceVersion: list.metadata.resourceVersion, allowWatchBookmarks: true });
    assert.equal(s.requests.at(-1)?.query.get('watch'), 'true');
    await c.create(cm, { metadata: { name: 'x' } });
    await c.delete({ ...cm, name: 'x' });
    const seen: string[] = [];
    for await (const e of w) {
      seen.push(`${e.type}:${e.object.metadata.name}`);
      if (seen.length === 2) w.stop();
    }
    assert.deepEqual(seen, ['ADDED:x', 'DELETED:x']);
  });
});

test('a dropped watch connection ends the iteration with an error', async () => {
  await withServer(async (c, s) => {
    const w = await c.watch(cm);
    setTimeout(() => s.dropWatches(), 20);
    await assert.rejects(async () => { for await (const _ of w) { /* none */ } }, (e) => isK8sError(e));
  });
});

test('connection refused is ServiceUnavailable', async () => {
  const c = new RestClient({ server: 'http://127.0.0.1:1' });
  await assert.rejects(c.getPath('/api'), (e) => isK8sError(e, 'ServiceUnavailable'));
  c.close();
});

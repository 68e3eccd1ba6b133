import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RestClient } from './rest-client.ts';
import { Informer } from './informer.ts';
import { SharedInformerFactory } from './shared-informer-factory.ts';
import { FakeApiServer } from './testing/fake-api-server.ts';
import type { KObject } from '../api/types.ts';
import { createLogger } from '../base/logger.ts';

const CM = { group: '', version: 'v1', plural: 'configmaps' };
const fastBackoff = { initialMs: 20, maxMs: 50 };

/** Poll until `cond` holds (informers are asynchronous by nature). */
async function until(cond: () => boolean, what: string, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function setup(): Promise<{ s: FakeApiServer; c: RestClient; log: string[]; logs: string[]; inf: Informer; done: () => Promise<void> }> {
  const s = new FakeApiServer();
  const c = new RestClient({ server: await s.start() });
  for (const n of ['a', 'b']) s.store.create('/v1/namespaces', undefined, { metadata: { name: n } });
  const logs: string[] = [];
  const logger = createLogger({ level: 'info', sink: (l) => logs.push((JSON.parse(l) as { msg: string }).msg) });
  const inf = new Informer({ client: c, resource: CM, pageSize: 2, backoff: fastBackoff, logger });
  const log: string[] = [];
  const name = (o: KObject): string => `${o.metadata.namespace}/${o.metadata.name}`;
  inf.addEventHandler({
    add: (o) => log.push(`add ${name(o)}`),
    update: (old, o) => log.push(`update ${name(o)} ${old.data?.v}->${o.data?.v}`),
    delete: (o) => log.push(`delete ${name(o)}`),
  });
  return { s, c, log, logs, inf, done: async () => { await inf.stop(); c.close(); await s.close(); } };
}

const put = (s: FakeApiServer, ns: string, name: string, v: string): void => {
  const res = '/v1/configmaps';
  try {
    const cur = s.store.get(res, ns, name);
    s.store.update(res, ns, name, { ...cur, data: { v } });
  } catch {
    s.store.create(res, ns, { metadata: { name }, data: { v } });
  }
};

test('lists in pages, syncs, then follows the watch; lister indexes by namespace', async () => {
  const { s, log, inf, done } = await setup();
  try {
    for (let i = 0; i < 5; i++) put(s, i % 2 ? 'a' : 'b', `c${i}`, '1');
    assert.equal(inf.hasSynced(), false);
    inf.start();
    await inf.waitForSync(3000);
    assert.equal(inf.hasSynced(), true);
    const lists = s.requests.filter((r) => r.method === 'GET' && !r.query.get('watch'));
    assert.equal(lists.length, 3, 'five objects in pages of two');
    assert.equal(inf.lister.list().length, 5);
    assert.deepEqual(inf.lister.list('a').map((o) => o.metadata.name).sort(), ['c1', 'c3']);
    assert.equal(inf.lister.get('c0', 'b')?.data?.v, '1');
    await until(() => s.watchCount() === 1, 'watch');
    const w = s.requests.find((r) => r.query.get('watch') === 'true');
    assert.equal(w?.query.get('allowWatchBookmarks'), 'true');
    assert.equal(w?.query.get('resourceVersion'), String(s.store.rv));
    log.length = 0;
    put(s, 'a', 'new', '1');
    put(s, 'a', 'c1', '2');
    s.store.delete('/v1/configmaps', 'b', 'c0');
    await until(() => log.length === 3, 'three events');
    assert.deepEqual(log, ['add a/new', 'update a/c1 1->2', 'delete b/c0']);
    assert.equal(inf.lister.get('c0', 'b'), undefined);
    // A late handler hears about everything already cached.
    const late: string[] = [];
    inf.addEventHandler({ add: (o) => late.push(o.metadata.name as string) });
    assert.equal(late.length, 5);
  } finally {
    await done();
  }
});

test('bookmarks move the resume point without events', async () => {
  const { s, log, inf, done } = await setup();
  try {
    inf.start();
    await inf.waitForSync();
    await until(() => s.watchCount() === 1, 'watch');
    s.store.create('/v1/namespaces', undefined, { metadata: { name: 'unrelated' } });
    s.bookmark();
    await until(() => inf.lastSyncResourceVersion === String(s.store.rv), 'bookmark rv');
    assert.deepEqual(log, []);
  } finally {
    await done();
  }
});

test('after 410 Gone it re-lists and delivers only the differences', async () => {
  const { s, log, logs, inf, done } = await setup();
  try {
    put(s, 'a', 'keep', '1');
    put(s, 'a', 'change', '1');
    put(s, 'a', 'remove', '1');
    inf.start();
    await inf.waitForSync();
    await until(() => s.watchCount() === 1, 'watch');
    log.length = 0;
    // Changes the watch never sees, then history is compacted: resuming gets 410.
    s.endWatches();
    put(s, 'a', 'change', '2');
    s.store.delete('/v1/configmaps', 'a', 'remove');
    put(s, 'b', 'added', '1');
    s.store.compact();
    await until(() => log.length === 3, 'differences');
    assert.deepEqual(log.sort(), ['add b/added', 'delete a/remove', 'update a/change 1->2']);
    assert.ok(logs.includes('watch resource version too old, re-listing'), 'the 410 path was taken');
    assert.ok(!logs.includes('list and watch failed'));
    assert.deepEqual(inf.lister.list().map((o) => o.metadata.name).sort(), ['added', 'change', 'keep']);
    // Watching resumes after the re-list.
    await until(() => s.watchCount() === 1, 'new watch');
    put(s, 'a', 'keep', '9');
    await until(() => log.length === 4, 'event after relist');
  } finally {
    await done();
  }
});

test('after a dropped watch it re-lists and the cache equals the server', async () => {
  const { s, log, inf, done } = await setup();
  try {
    put(s, 'a', 'x', '1');
    put(s, 'a', 'y', '1');
    inf.start();
    await inf.waitForSync();
    await until(() => s.watchCount() === 1, 'watch');
    log.length = 0;
    s.dropWatches();
    s.store.delete('/v1/configmaps', 'a', 'x');
    put(s, 'a', 'y', '2');
    put(s, 'a', 'z', '1');
    await until(() => log.length === 3, 'differences after reconnect');
    const server = s.store.list('/v1/configmaps').map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`).sort();
    const cache = inf.lister.list().map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`).sort();
    assert.deepEqual(cache, server);
  } finally {
    await done();
  }
});

test('shared factory: one informer and one watch per resource', async () => {
  const s = new FakeApiServer();
  const c = new RestClient({ server: await s.start() });
  const f = new SharedInformerFactory({ client: c, backoff: fastBackoff });
  try {
    const i1 = f.informerFor(CM);
    const i2 = f.informerFor({ ...CM });
    assert.equal(i1, i2);
    f.informerFor({ group: '', version: 'v1', plural: 'namespaces' });
    f.start();
    await f.waitForCacheSync(3000);
    await until(() => s.watchCount() === 2, 'two watches');
    f.start();
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(s.watchCount(), 2);
  } finally {
    await f.stop();
    c.close();
    await s.close();
  }
});

test('waitForSync times out with K8sError when the server is unreachable', async () => {
  const inf = new Informer({ client: new RestClient({ server: 'http://127.0.0.1:1' }), resource: CM, backoff: fastBackoff });
  inf.start();
  await assert.rejects(inf.waitForSync(100), (e: Error & { code?: string }) => e.code === 'Timeout');
  await inf.stop();
});

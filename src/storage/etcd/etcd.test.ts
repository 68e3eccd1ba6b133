import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { nullLogger } from '../../base/logger.ts';
import { openStore } from '../index.ts';
import type { Store, StorageError, WatchEvent } from '../types.ts';
import { startEtcd, type EtcdServer } from './testing.ts';

const skip = existsSync('/usr/bin/etcd') ? false : 'needs /usr/bin/etcd (apt-get install etcd-server)';
let server: EtcdServer | undefined;
let store: Store;

before(async () => {
  if (skip) return;
  server = await startEtcd();
  store = await openStore(`etcd://${server.clientUrl.replace('http://', '')}`, { logger: nullLogger });
});
after(async () => {
  await store?.close();
  await server?.stop();
});

async function until(cond: () => boolean): Promise<void> {
  const end = Date.now() + 5000;
  while (!cond()) {
    if (Date.now() > end) assert.fail('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('etcd driver: create/update/delete with CAS semantics', { skip }, async () => {
  const a = await store.create('/t1/a', 'v1');
  assert.equal(a.createRevision, a.modRevision);
  await assert.rejects(store.create('/t1/a', 'x'), (e: StorageError) => e.code === 'KeyExists' && e.current?.value === 'v1');
  const a2 = await store.update('/t1/a', 'v2', a.modRevision);
  assert.deepEqual(a2, { key: '/t1/a', value: 'v2', createRevision: a.createRevision, modRevision: a.modRevision + 1 });
  await assert.rejects(store.update('/t1/a', 'x', a.modRevision), (e: StorageError) => e.code === 'Conflict' && e.current?.modRevision === a2.modRevision);
  await assert.rejects(store.update('/t1/none', 'x', 1), { code: 'NotFound' });
  await assert.rejects(store.delete('/t1/none'), { code: 'NotFound' });
  await assert.rejects(store.delete('/t1/a', a.modRevision), { code: 'Conflict' });
  const d = await store.delete('/t1/a', a2.modRevision);
  assert.deepEqual(d, { key: '/t1/a', value: 'v2', createRevision: a.createRevision, modRevision: a2.modRevision + 1 });
  assert.equal(await store.get('/t1/a'), undefined);
  assert.equal((await store.get('/t1/a', a.modRevision))?.value, 'v1');
  assert.equal(await store.currentRevision(), d.modRevision);
  await assert.rejects(store.get('/t1/a', d.modRevision + 100), { code: 'FutureRevision' });
});

test('etcd driver: list pagination with remaining, at a revision, count', { skip }, async () => {
  for (let i = 0; i < 12; i++) await store.create(`/t2/k${String(i).padStart(2, '0')}`, String(i));
  await store.create('/t20', 'outside the prefix');
  const rev = await store.currentRevision();
  await store.delete('/t2/k00');
  const p1 = await store.list('/t2/', { limit: 5, revision: rev });
  assert.deepEqual([p1.more, p1.remaining, p1.revision, p1.items[0]!.key], [true, 7, rev, '/t2/k00']);
  const p2 = await store.list('/t2/', { limit: 5, revision: rev, startAfter: p1.items[4]!.key });
  assert.equal(p2.items[0]!.key, '/t2/k05');
  const now = await store.list('/t2/');
  assert.equal(now.items.length, 11);
  assert.equal(now.more, false);
  assert.equal(await store.count('/t2/'), 11);
});

test('etcd driver: watch replays then goes live; compaction gives Compacted', { skip }, async () => {
  const a = await store.create('/t3/a', '1');
  await store.update('/t3/a', '2', a.modRevision);
  const got: WatchEvent[] = [];
  const w = await store.watch('/t3/', a.modRevision - 1, { onEvent: (e) => { got.push(e); } });
  await store.delete('/t3/a');
  await until(() => got.length === 3);
  assert.deepEqual(got.map((e) => [e.type, e.kv.value, e.prevKv?.value]), [['PUT', '1', undefined], ['PUT', '2', '1'], ['DELETE', '2', '2']]);
  assert.deepEqual(got.map((e) => e.revision), [a.modRevision, a.modRevision + 1, a.modRevision + 2]);
  w.stop();
  const cur = await store.currentRevision();
  await store.compact(cur - 1);
  assert.equal(await store.compactRevision(), cur - 1);
  await assert.rejects(store.get('/t3/a', cur - 2), (e: StorageError) => e.code === 'Compacted' && e.revision === cur - 1);
  await assert.rejects(store.watch('/t3/', cur - 3, { onEvent: () => {} }), { code: 'Compacted' });
});

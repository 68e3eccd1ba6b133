import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StorageError } from '../types.ts';
import { openTestStore } from './testing.ts';

async function rejectsWith(p: Promise<unknown>, code: string): Promise<StorageError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof StorageError, `expected StorageError, got ${String(e)}`);
    assert.equal(e.code, code);
    return e;
  }
  assert.fail(`expected ${code}`);
}

test('create, get, update, delete with one global revision', async () => {
  const { store, done } = await openTestStore();
  try {
    assert.equal(await store.currentRevision(), 0);
    const a = await store.create('/r/a', 'v1');
    assert.deepEqual(a, { key: '/r/a', value: 'v1', createRevision: 1, modRevision: 1 });
    const b = await store.create('/r/b', 'x');
    assert.equal(b.modRevision, 2);
    await rejectsWith(store.create('/r/a', 'again'), 'KeyExists');
    assert.equal(await store.currentRevision(), 2, 'a failed create takes no revision');

    const a2 = await store.update('/r/a', 'v2', 1);
    assert.deepEqual(a2, { key: '/r/a', value: 'v2', createRevision: 1, modRevision: 3 });
    assert.deepEqual(await store.get('/r/a'), a2);
    assert.equal(await store.get('/r/none'), undefined);

    const del = await store.delete('/r/a');
    assert.deepEqual(del, { key: '/r/a', value: 'v2', createRevision: 1, modRevision: 4 });
    assert.equal(await store.get('/r/a'), undefined);
    assert.equal(await store.currentRevision(), 4);

    const again = await store.create('/r/a', 'v3');
    assert.equal(again.createRevision, 5);
  } finally {
    await done();
  }
});

test('CAS update/delete: Conflict carries the current kv, NotFound when absent', async () => {
  const { store, done } = await openTestStore();
  try {
    const a = await store.create('/k', 'v1');
    await store.update('/k', 'v2', a.modRevision);
    const err = await rejectsWith(store.update('/k', 'stale', a.modRevision), 'Conflict');
    assert.equal(err.current?.value, 'v2');
    assert.equal(err.current?.modRevision, 2);
    await rejectsWith(store.update('/missing', 'v', 1), 'NotFound');
    const derr = await rejectsWith(store.delete('/k', 1), 'Conflict');
    assert.equal(derr.current?.modRevision, 2);
    await rejectsWith(store.delete('/missing'), 'NotFound');
    const d = await store.delete('/k', 2);
    assert.equal(d.modRevision, 3);
  } finally {
    await done();
  }
});

test('get at older revisions, Compacted and FutureRevision', async () => {
  const { store, done } = await openTestStore();
  try {
    await store.create('/k', 'v1'); // 1
    await store.update('/k', 'v2', 1); // 2
    await store.create('/other', 'o'); // 3
    await store.delete('/k'); // 4
    await store.create('/k', 'v5'); // 5
    assert.equal((await store.get('/k', 1))?.value, 'v1');
    assert.deepEqual(await store.get('/k', 2), { key: '/k', value: 'v2', createRevision: 1, modRevision: 2 });
    assert.equal((await store.get('/k', 3))?.value, 'v2');
    assert.equal(await store.get('/k', 4), undefined);
    assert.deepEqual(await store.get('/k', 5), { key: '/k', value: 'v5', createRevision: 5, modRevision: 5 });
    assert.equal(await store.get('/other', 2), undefined);
    await rejectsWith(store.get('/k', 6), 'FutureRevision');
    await store.compact(3);
    assert.equal(await store.compactRevision(), 3);
    assert.equal((await store.get('/k', 3))?.value, 'v2', 'the compact revision itself stays readable');
    const e = await rejectsWith(store.get('/k', 2), 'Compacted');
    assert.equal(e.revision, 3);
  } finally {
    await done();
  }
});

test('keys with non-ASCII characters and prefix boundaries', async () => {
  const { store, done } = await openTestStore();
  try {
    for (const k of ['/a/x', '/a/é', '/a/\u{1F600}', '/a0', '/a', '/b/x']) await store.create(k, k);
    const l = await store.list('/a/');
    assert.deepEqual(l.items.map((i) => i.key), ['/a/x', '/a/é', '/a/\u{1F600}']);
    assert.equal(await store.count('/a'), 5);
    assert.equal(await store.count(''), 6);
    const p = await store.list('/a/', { startAfter: '/a/é' });
    assert.deepEqual(p.items.map((i) => i.key), ['/a/\u{1F600}']);
  } finally {
    await done();
  }
});

test('closed store refuses work', async () => {
  const { store, done } = await openTestStore();
  await store.create('/k', 'v');
  await done();
  await rejectsWith(store.create('/k2', 'v'), 'Closed');
  await rejectsWith(store.get('/k'), 'Closed');
});

test('bad arguments fail alone without aborting the batch', async () => {
  const { store, done } = await openTestStore();
  try {
    const [bad, good] = await Promise.allSettled([store.create('/k', undefined as unknown as string), store.create('/k2', 'v')]);
    assert.equal(bad.status, 'rejected');
    assert.equal(good.status === 'fulfilled' && good.value.modRevision, 1);
    await rejectsWith(store.create('', 'v'), 'Internal');
  } finally {
    await done();
  }
});

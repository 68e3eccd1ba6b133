import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StorageError } from '../types.ts';
import { openTestStore } from './testing.ts';

test('writes in the same tick share one transaction; a failing op fails alone', async () => {
  const { store, done } = await openTestStore();
  try {
    const base = await store.create('/g/existing', 'v');
    const before = { ...store.commitStats };
    const results = await Promise.allSettled([
      store.create('/g/a', '1'),
      store.create('/g/existing', 'dup'), // KeyExists
      store.update('/g/existing', 'v2', base.modRevision + 99), // Conflict
      store.create('/g/b', '2'),
      store.update('/g/existing', 'v2', base.modRevision), // succeeds
      store.update('/g/existing', 'v3', base.modRevision), // Conflict: sees the update just before it in the batch
      store.delete('/g/missing'), // NotFound
      store.delete('/g/a'), // sees the create earlier in the batch
    ]);
    assert.equal(store.commitStats.commits - before.commits, 1, 'one transaction for the whole tick');
    const codes = results.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as StorageError).code));
    assert.deepEqual(codes, ['ok', 'KeyExists', 'Conflict', 'ok', 'ok', 'Conflict', 'NotFound', 'ok']);
    const revs = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.modRevision] : []));
    assert.deepEqual(revs, [2, 3, 4, 5], 'successful ops take consecutive revisions in submission order');
    assert.equal(await store.currentRevision(), 5);
    const conflict = (results[5] as PromiseRejectedResult).reason as StorageError;
    assert.equal(conflict.current?.value, 'v2');
    assert.equal(await store.get('/g/a'), undefined);
    assert.equal((await store.get('/g/b'))?.value, '2');
  } finally {
    await done();
  }
});

test('acknowledgement comes only after the batch committed', async () => {
  const { store, path, done } = await openTestStore();
  try {
    const p = store.create('/g/k', 'v');
    let acked = false;
    void p.then(() => { acked = true; });
    await Promise.resolve();
    assert.equal(acked, false, 'not acknowledged within the submitting tick');
    await p;
    // A second connection sees the row: it is committed, not just applied.
    const { default: Database } = await import('better-sqlite3');
    const other = new Database(path, { readonly: true });
    try {
      const row = other.prepare('SELECT value FROM kv WHERE key = ?').get('/g/k') as { value: string } | undefined;
      assert.equal(row?.value, 'v');
    } finally {
      other.close();
    }
  } finally {
    await done();
  }
});

test('close flushes queued writes before closing', async () => {
  const { store, done } = await openTestStore();
  const p = store.create('/g/late', 'v');
  await done();
  assert.equal((await p).modRevision, 1);
});

test('maxBatchSize splits a tick into several transactions', async () => {
  const { store, done } = await openTestStore({ maxBatchSize: 3 });
  try {
    const before = store.commitStats.commits;
    const kvs = await Promise.all(Array.from({ length: 10 }, (_, i) => store.create(`/m/${i}`, 'v')));
    assert.deepEqual(kvs.map((k) => k.modRevision), Array.from({ length: 10 }, (_, i) => i + 1));
    assert.equal(store.commitStats.commits - before, 4);
  } finally {
    await done();
  }
});

test('a storage failure rolls back the whole batch and leaves the revision untouched', async () => {
  const { store, path, done } = await openTestStore();
  try {
    await store.create('/g/first', 'v');
    // Simulate an I/O-level failure for one key with a trigger from another connection.
    const { default: Database } = await import('better-sqlite3');
    const other = new Database(path);
    other.exec("CREATE TRIGGER boom BEFORE INSERT ON kv WHEN NEW.key = '/g/boom' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");
    other.close();
    const results = await Promise.allSettled([store.create('/g/ok', 'v'), store.create('/g/boom', 'v')]);
    assert.deepEqual(results.map((r) => (r.status === 'rejected' ? (r.reason as StorageError).code : 'ok')), ['Internal', 'Internal']);
    assert.equal(await store.currentRevision(), 1);
    assert.equal(await store.get('/g/ok'), undefined);
    assert.equal((await store.create('/g/ok', 'v')).modRevision, 2, 'the next write takes the next revision');
  } finally {
    await done();
  }
});

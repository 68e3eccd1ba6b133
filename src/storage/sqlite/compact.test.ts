import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openTestStore } from './testing.ts';

test('explicit compaction drops history but never current state', async () => {
  const { store, path, done } = await openTestStore();
  try {
    for (let i = 0; i < 12_000; i++) void store.create(`/c/${i % 100}/${i}`, 'v');
    await new Promise((r) => setImmediate(r));
    await store.update('/c/0/0', 'v2', 1);
    await store.compact(11_000);
    await assert.rejects(store.list('/c/', { revision: 10_999 }), { code: 'Compacted' });
    assert.equal((await store.list('/c/', { revision: 11_000 })).items.length, 11_000);
    assert.equal(await store.count('/c/'), 12_000);
    assert.equal((await store.get('/c/0/0'))?.value, 'v2');
    await store.compact(5); // older than the compact revision: no-op
    assert.equal(await store.compactRevision(), 11_000);
    await assert.rejects(store.compact(99_999), { code: 'FutureRevision' });
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(path, { readonly: true });
    const n = (db.prepare('SELECT COUNT(*) AS n, MIN(rev) AS lo FROM log').get() as { n: number; lo: number });
    db.close();
    assert.deepEqual(n, { n: 1001, lo: 11_001 });
  } finally {
    await done();
  }
});

test('periodic compaction keeps the configured number of revisions', async () => {
  const { store, done } = await openTestStore({ compactIntervalMs: 10, compactKeepRevisions: 50 });
  try {
    for (let i = 0; i < 200; i++) void store.create(`/p/${i}`, 'v');
    await new Promise((r) => setImmediate(r));
    const end = Date.now() + 3000;
    while ((await store.compactRevision()) !== 150 && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
    assert.equal(await store.compactRevision(), 150);
    await assert.rejects(store.get('/p/0', 149), { code: 'Compacted' });
  } finally {
    await done();
  }
});

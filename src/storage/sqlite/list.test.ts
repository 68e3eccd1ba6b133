import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openTestStore } from './testing.ts';

const key = (i: number) => `/registry/pods/ns/p${String(i).padStart(4, '0')}`;

test('pagination with limit/startAfter reports more and remaining', async () => {
  const { store, done } = await openTestStore();
  try {
    await Promise.all(Array.from({ length: 25 }, (_, i) => store.create(key(i), `v${i}`)));
    await store.create('/registry/pods/nt/x', 'other namespace');
    const seen: string[] = [];
    let startAfter: string | undefined;
    const remainings: (number | undefined)[] = [];
    for (;;) {
      const page = await store.list('/registry/pods/ns/', { limit: 10, startAfter });
      seen.push(...page.items.map((i) => i.key));
      remainings.push(page.remaining);
      if (!page.more) break;
      startAfter = page.items[page.items.length - 1]!.key;
    }
    assert.deepEqual(seen, Array.from({ length: 25 }, (_, i) => key(i)));
    assert.deepEqual(remainings, [15, 5, undefined]);
    const exact = await store.list('/registry/pods/ns/', { limit: 25 });
    assert.equal(exact.more, false);
  } finally {
    await done();
  }
});

test('list at an older revision is consistent while writes happen', async () => {
  const { store, done } = await openTestStore();
  try {
    for (let i = 0; i < 20; i++) await store.create(key(i), `v${i}-0`);
    const snapshot = await store.list('/registry/pods/');
    const rev = snapshot.revision;
    assert.equal(rev, 20);
    // Mutate heavily: updates, deletes, re-creates and new keys.
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i += 2) writes.push(store.update(key(i), `v${i}-1`, i + 1));
    for (let i = 1; i < 20; i += 4) writes.push(store.delete(key(i)));
    for (let i = 20; i < 30; i++) writes.push(store.create(key(i), 'new'));
    // Page through the old revision while those writes commit in between pages.
    const pages: string[] = [];
    let startAfter: string | undefined;
    for (;;) {
      const page = await store.list('/registry/pods/', { revision: rev, limit: 7, startAfter });
      assert.equal(page.revision, rev);
      pages.push(...page.items.map((i) => `${i.key}=${i.value}@${i.modRevision}`));
      await new Promise((r) => setImmediate(r));
      if (!page.more) break;
      startAfter = page.items[page.items.length - 1]!.key;
    }
    await Promise.all(writes);
    assert.deepEqual(pages, snapshot.items.map((i) => `${i.key}=${i.value}@${i.modRevision}`));
    // Deleted-then-recreated keys read back at the old revision too.
    await store.create(key(1), 'reborn');
    const old = await store.list('/registry/pods/', { revision: rev });
    assert.deepEqual(old.items, snapshot.items);
    const now = await store.list('/registry/pods/');
    assert.equal(now.items.length, 20 - 5 + 10 + 1);
    assert.equal(now.items.find((i) => i.key === key(0))?.value, 'v0-1');
    assert.equal(await store.count('/registry/pods/'), now.items.length);
  } finally {
    await done();
  }
});

test('list with revision 0 reads current state; future revision fails', async () => {
  const { store, done } = await openTestStore();
  try {
    await store.create('/a', '1');
    const l = await store.list('/', { revision: 0 });
    assert.equal(l.revision, 1);
    await assert.rejects(store.list('/', { revision: 9 }), { code: 'FutureRevision' });
  } finally {
    await done();
  }
});

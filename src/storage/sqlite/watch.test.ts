import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StorageError, WatchEvent } from '../types.ts';
import { openTestStore } from './testing.ts';

const tick = () => new Promise((r) => setImmediate(r));

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) assert.fail('timed out waiting');
    await new Promise((r) => setTimeout(r, 2));
  }
}

test('watch from now delivers live PUT/DELETE events with prevKv', async () => {
  const { store, done } = await openTestStore();
  try {
    await store.create('/x/before', 'b');
    const events: WatchEvent[] = [];
    const w = await store.watch('/x/', 0, { onEvent: (e) => events.push(e) });
    await store.create('/x/a', '1');
    await store.create('/y/ignored', '1');
    await store.update('/x/a', '2', 2);
    await store.delete('/x/a');
    await until(() => events.length === 3);
    assert.deepEqual(events.map((e) => [e.type, e.kv.key, e.kv.value, e.revision, e.prevKv?.value]), [
      ['PUT', '/x/a', '1', 2, undefined],
      ['PUT', '/x/a', '2', 4, '1'],
      ['DELETE', '/x/a', '2', 5, '2'],
    ]);
    assert.equal(events[2]!.kv.modRevision, 5);
    assert.equal(events[2]!.prevKv!.modRevision, 4);
    w.stop();
    w.stop();
    await store.create('/x/after-stop', '1');
    await tick();
    assert.equal(events.length, 3);
  } finally {
    await done();
  }
});

test('replay from a revision then live, with concurrent writes: no gaps, no duplicates', async () => {
  const { store, done } = await openTestStore();
  try {
    for (let i = 0; i < 2500; i++) await store.create(`/w/k${i}`, String(i));
    const from = 100;
    const got: number[] = [];
    let writing = true;
    // A writer keeps committing while the watch replays (replay is chunked, so commits land mid-replay).
    const writer = (async () => {
      let n = 0;
      while (writing) {
        await Promise.all([store.create(`/w/live${n}`, 'x'), store.create(`/other/${n}`, 'x')]);
        n++;
      }
    })();
    await tick();
    await store.watch('/w/', from, { onEvent: (e) => got.push(e.revision) });
    await until(() => got.length > 3000);
    writing = false;
    await writer;
    // Every revision > from on /w/ exactly once, in order: the creates of /w/k*, then every other revision of the live writer.
    const wRevs = (await store.list('/w/')).items.map((i) => i.modRevision).filter((r) => r > from).sort((a, b) => a - b);
    await until(() => got.length === wRevs.length);
    assert.deepEqual(got, wRevs);
    assert.equal(new Set(got).size, got.length);
  } finally {
    await done();
  }
});

test('watch from a compacted revision throws Compacted; from the compact revision works', async () => {
  const { store, done } = await openTestStore();
  try {
    for (let i = 0; i < 10; i++) await store.create(`/c/${i}`, 'v');
    await store.compact(5);
    await assert.rejects(store.watch('/c/', 4, { onEvent: () => {} }), (e: StorageError) => e.code === 'Compacted' && e.revision === 5);
    const got: number[] = [];
    await store.watch('/c/', 5, { onEvent: (e) => got.push(e.revision) });
    await until(() => got.length === 5);
    assert.deepEqual(got, [6, 7, 8, 9, 10]);
  } finally {
    await done();
  }
});

test('a slow watcher does not block writers and is closed when its buffer overflows', async () => {
  const { store, done } = await openTestStore({ watchBufferLimit: 50 });
  try {
    let closedWith: StorageError | undefined;
    const fast: number[] = [];
    // The slow consumer never finishes its first event.
    await store.watch('/s/', 0, { onEvent: () => new Promise(() => {}), onClose: (e) => { closedWith = e; } });
    await store.watch('/s/', 0, { onEvent: (e) => { fast.push(e.revision); } });
    const t0 = Date.now();
    await Promise.all(Array.from({ length: 200 }, (_, i) => store.create(`/s/${i}`, 'v')));
    for (let i = 200; i < 260; i++) await store.create(`/s/${i}`, 'v');
    assert.ok(Date.now() - t0 < 5000);
    await until(() => closedWith !== undefined && fast.length === 260);
    assert.equal(closedWith!.code, 'Compacted');
  } finally {
    await done();
  }
});

test('a watch that awaits its consumer gets every event in order', async () => {
  const { store, done } = await openTestStore();
  try {
    const got: number[] = [];
    await store.watch('/a/', 0, {
      onEvent: async (e) => {
        await new Promise((r) => setTimeout(r, 1));
        got.push(e.revision);
      },
    });
    for (let i = 0; i < 30; i++) void store.create(`/a/${i}`, 'v');
    await until(() => got.length === 30);
    assert.deepEqual(got, Array.from({ length: 30 }, (_, i) => i + 1));
  } finally {
    await done();
  }
});

test('closing the store closes watches with Closed', async () => {
  const { store, done } = await openTestStore();
  let err: StorageError | undefined;
  await store.watch('/', 0, { onEvent: () => {}, onClose: (e) => { err = e; } });
  await done();
  assert.equal(err?.code, 'Closed');
});

test('compaction never passes a revision a replaying watcher still needs', async () => {
  const { store, done } = await openTestStore();
  try {
    for (let i = 0; i < 3000; i++) void store.create(`/p/${i}`, 'v');
    await tick();
    const got: number[] = [];
    // Awaiting consumer: replay proceeds chunk by chunk, slowly.
    await store.watch('/p/', 10, { onEvent: async (e) => { got.push(e.revision); if (e.revision % 500 === 0) await tick(); } });
    await store.compact(2900);
    assert.ok((await store.compactRevision()) <= 10 + 1000, 'compaction stopped at the replay cursor');
    await until(() => got.length === 2990);
    assert.deepEqual(got, Array.from({ length: 2990 }, (_, i) => i + 11));
  } finally {
    await done();
  }
});

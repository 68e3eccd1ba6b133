import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { test } from 'node:test';
import { openTestStore } from './testing.ts';

test('the background worker checkpoints the WAL into the database file while writes go on', async () => {
  const { store, path, done } = await openTestStore({ checkpointIntervalMs: 20 });
  try {
    const before = statSync(path).size;
    const value = 'v'.repeat(1500);
    await Promise.all(Array.from({ length: 2000 }, (_, i) => store.create(`/cp/${i}`, value)));
    const end = Date.now() + 5000;
    // 2000 x 1.5 KB in kv alone: the file must grow by megabytes once checkpointed.
    while (statSync(path).size < before + 2_000_000 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    assert.ok(statSync(path).size >= before + 2_000_000, `database file is ${statSync(path).size} bytes`);
    assert.equal(await store.count('/cp/'), 2000);
  } finally {
    await done();
  }
});

import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { nullLogger } from '../../base/logger.ts';
import { openSqliteStoreImpl } from './store.ts';
import { tempDir } from './testing.ts';

test('restart keeps data, the revision counter and the compact revision', async () => {
  const t = tempDir();
  const path = join(t.dir, 'db', 'state.db');
  try {
    const s1 = await openSqliteStoreImpl({ path, logger: nullLogger, compactIntervalMs: 0 });
    await s1.create('/k/a', '1');
    await s1.create('/k/b', '1');
    await s1.delete('/k/b'); // deletes take revisions too
    await s1.compact(2);
    await s1.close();

    const s2 = await openSqliteStoreImpl({ path, logger: nullLogger, compactIntervalMs: 0 });
    assert.equal(await s2.currentRevision(), 3);
    assert.equal(await s2.compactRevision(), 2);
    assert.deepEqual(await s2.get('/k/a'), { key: '/k/a', value: '1', createRevision: 1, modRevision: 1 });
    assert.equal((await s2.create('/k/c', '1')).modRevision, 4);
    // History after the compact revision survives the restart.
    assert.equal((await s2.get('/k/b', 2))?.value, '1');
    await s2.close();
  } finally {
    t.cleanup();
  }
});

test('deleting the last key does not reset the revision counter', async () => {
  const t = tempDir();
  const path = join(t.dir, 'state.db');
  try {
    const s1 = await openSqliteStoreImpl({ path, logger: nullLogger, compactIntervalMs: 0 });
    for (let i = 0; i < 5; i++) await s1.create(`/k/${i}`, 'v');
    for (let i = 0; i < 5; i++) await s1.delete(`/k/${i}`);
    await s1.compact(10);
    await s1.close();
    const s2 = await openSqliteStoreImpl({ path, logger: nullLogger, compactIntervalMs: 0 });
    assert.equal(await s2.currentRevision(), 10);
    assert.equal((await s2.create('/k/0', 'v')).modRevision, 11);
    await s2.close();
  } finally {
    t.cleanup();
  }
});

test('a second open of a live database fails; a stale lock is taken over', async () => {
  const t = tempDir();
  const path = join(t.dir, 'state.db');
  try {
    const s1 = await openSqliteStoreImpl({ path, logger: nullLogger, compactIntervalMs: 0 });
    await assert.rejects(openSqliteStoreImpl({ path, logger: nullLogger, compactIntervalMs: 0 }), /in use by process/);
    await s1.close();
    // A lock left by a dead process (kill -9) does not block the next start.
    writeFileSync(`${path}.lock`, '2147483646');
    const s2 = await openSqliteStoreImpl({ path, logger: nullLogger, compactIntervalMs: 0 });
    assert.equal(readFileSync(`${path}.lock`, 'utf8'), String(process.pid));
    await s2.close();
    assert.equal(existsSync(`${path}.lock`), false);
  } finally {
    t.cleanup();
  }
});

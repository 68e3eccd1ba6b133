import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readlink, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAtomic } from './atomic-writer.ts';

test('files appear through ..data symlinks; an update swaps ..data and drops removed keys', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'aw-'));
  try {
    assert.equal(await writeAtomic(dir, [{ path: 'a', data: Buffer.from('1'), mode: 0o644 }, { path: 'sub/b', data: Buffer.from('2'), mode: 0o600 }]), true);
    assert.equal(await readFile(join(dir, 'a'), 'utf8'), '1');
    assert.equal(await readFile(join(dir, 'sub/b'), 'utf8'), '2');
    assert.equal(await readlink(join(dir, 'a')), '..data/a');
    assert.equal((await stat(join(dir, 'sub/b'))).mode & 0o777, 0o600);
    const first = await readlink(join(dir, '..data'));
    assert.equal(await writeAtomic(dir, [{ path: 'a', data: Buffer.from('1'), mode: 0o644 }, { path: 'sub/b', data: Buffer.from('2'), mode: 0o600 }]), false, 'same payload, no write');
    assert.equal(await writeAtomic(dir, [{ path: 'a', data: Buffer.from('changed'), mode: 0o644 }]), true);
    assert.equal(await readFile(join(dir, 'a'), 'utf8'), 'changed');
    assert.notEqual(await readlink(join(dir, '..data')), first);
    const names = await readdir(dir);
    assert.ok(!names.includes('sub'));
    assert.ok(!names.includes(first), 'the old payload directory is removed');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

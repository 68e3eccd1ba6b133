import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { link, mkdir, mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diskUsage } from './disk-usage.ts';

const du = (dir: string) => Number(execFileSync('du', ['-s', '-x', '-B1', dir], { encoding: 'utf8' }).split('\t')[0]);

test('counts allocated blocks as du -s -x -B1 does: sparse files, hard links once, directories and links', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'k8ts-du-'));
  try {
    await mkdir(join(dir, 'a/b/c'), { recursive: true });
    await writeFile(join(dir, 'a/data'), Buffer.alloc(3 * 1024 * 1024, 1));
    await writeFile(join(dir, 'a/b/c/small'), 'x');
    await link(join(dir, 'a/data'), join(dir, 'a/b/hard'));
    await symlink('data', join(dir, 'a/sym'));
    await writeFile(join(dir, 'sparse'), '');
    await truncate(join(dir, 'sparse'), 100 * 1024 * 1024);
    const u = await diskUsage(dir);
    assert.equal(u.bytes, du(dir));
    assert.ok(u.bytes >= 3 * 1024 * 1024 && u.bytes < 4 * 1024 * 1024, `${u.bytes}`);
    assert.equal(u.entries, 8); // root, a, a/b, a/b/c, data (hard once), small, sym, sparse
    assert.equal(u.partial, false);
  } finally { await rm(dir, { recursive: true, force: true }); }
});

test('stops early above a bound, and a missing directory measures 0', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'k8ts-du-'));
  try {
    for (let i = 0; i < 200; i++) await writeFile(join(dir, `f${i}`), Buffer.alloc(8192, 1));
    const u = await diskUsage(dir, { stopAbove: 64 * 1024 });
    assert.equal(u.partial, true);
    assert.ok(u.bytes > 64 * 1024 && u.entries < 200);
    assert.deepEqual(await diskUsage(join(dir, 'nope')), { bytes: 0, entries: 0, partial: false });
  } finally { await rm(dir, { recursive: true, force: true }); }
});

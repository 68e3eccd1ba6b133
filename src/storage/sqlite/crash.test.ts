import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { nullLogger } from '../../base/logger.ts';
import { openSqliteStoreImpl } from './store.ts';
import { tempDir } from './testing.ts';

const child = fileURLToPath(new URL('./crash-child.ts', import.meta.url));

test('kill -9 mid-burst loses no acknowledged write', async () => {
  const t = tempDir();
  const path = join(t.dir, 'state.db');
  try {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, path], { stdio: ['ignore', 'pipe', 'inherit'] });
    const acked = new Map<string, number>();
    let buf = '';
    await new Promise<void>((resolve, reject) => {
      proc.on('error', reject);
      proc.on('exit', () => resolve());
      proc.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const lines = buf.split('\n');
        buf = lines.pop()!;
        for (const l of lines) {
          const [key, rev] = l.split(' ');
          if (rev) acked.set(key!, Number(rev));
        }
        // Kill well inside the burst, with writes certainly in flight.
        if (acked.size >= 2000 && proc.exitCode === null && !proc.killed) proc.kill('SIGKILL');
      });
    });
    assert.equal(proc.signalCode, 'SIGKILL');
    assert.ok(acked.size >= 2000);
    const store = await openSqliteStoreImpl({ path, logger: nullLogger, compactIntervalMs: 0 });
    try {
      const items = new Map((await store.list('/crash/')).items.map((i) => [i.key, i.modRevision]));
      const missing = [...acked.keys()].filter((k) => !items.has(k));
      assert.deepEqual(missing, [], 'every acknowledged key survived');
      for (const [k, rev] of acked) assert.equal(items.get(k), rev);
      const maxAcked = Math.max(...acked.values());
      assert.ok((await store.currentRevision()) >= maxAcked);
      const next = await store.create('/after', 'v');
      assert.ok(next.modRevision > maxAcked, 'revisions keep increasing after the crash');
    } finally {
      await store.close();
    }
  } finally {
    t.cleanup();
  }
});

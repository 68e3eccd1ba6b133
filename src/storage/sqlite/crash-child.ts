/**
 * Child process of crash.test.ts: writes keys as fast as it can from 32
 * concurrent writers and prints each key on stdout only after the store
 * acknowledged it. The parent kills it with SIGKILL mid-burst.
 */
import { nullLogger } from '../../base/logger.ts';
import { openSqliteStore } from './store.ts';

const path = process.argv[2];
if (!path) {
  process.stderr.write('usage: crash-child.ts DB_PATH\n');
  process.exit(2);
}
const store = await openSqliteStore({ path, logger: nullLogger, compactIntervalMs: 0 });
const value = 'x'.repeat(1500);
let n = 0;
async function writer(): Promise<void> {
  for (;;) {
    const key = `/crash/${n++}`;
    const kv = await store.create(key, value);
    process.stdout.write(`${key} ${kv.modRevision}\n`);
  }
}
process.stdout.write('ready\n');
await Promise.all(Array.from({ length: 32 }, writer));

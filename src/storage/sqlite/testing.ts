/** Test fixtures: a real SQLite store in a fresh temp directory. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nullLogger } from '../../base/logger.ts';
import { openSqliteStoreImpl, type SqliteStore, type SqliteStoreConfig } from './store.ts';

/** A temp directory removed by `cleanup()`. */
export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-store-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Open a store on a file in a new temp dir; `done()` closes it and removes the dir. */
export async function openTestStore(cfg: Partial<SqliteStoreConfig> = {}): Promise<{ store: SqliteStore; path: string; done(): Promise<void> }> {
  const t = tempDir();
  const path = join(t.dir, 'state.db');
  const store = await openSqliteStoreImpl({ path, logger: nullLogger, compactIntervalMs: 0, ...cfg });
  return { store, path, done: async () => { await store.close(); t.cleanup(); } };
}

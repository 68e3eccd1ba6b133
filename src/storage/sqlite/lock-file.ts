/**
 * One writer per database: the revision counter lives in the memory of the
 * process that opened the store, so a second process writing the same file
 * would hand out the same revisions twice. A `<db>.lock` file holding the
 * owner's pid guards against that (e.g. two `k8ts init` on one data dir). A
 * lock whose pid is gone (after kill -9) is stale and taken over.
 */
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { StorageError } from '../types.ts';

/** A held lock; `release()` removes the file if it is still ours. */
export interface LockFile {
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Take the lock for database `dbPath`, or fail with Internal if a live process holds it. */
export function acquireLock(dbPath: string): LockFile {
  const path = `${dbPath}.lock`;
  const me = String(process.pid);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, me, { flag: 'wx' });
      return {
        release: () => {
          try {
            if (readFileSync(path, 'utf8') === me) unlinkSync(path);
          } catch { /* already gone */ }
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StorageError('Internal', `cannot create lock file ${path}: ${(e as Error).message}`);
      }
    }
    let owner = NaN;
    try {
      owner = Number(readFileSync(path, 'utf8').trim());
    } catch { /* removed meanwhile: retry */ }
    if (Number.isInteger(owner) && owner > 0 && alive(owner)) {
      throw new StorageError('Internal', `database ${dbPath} is in use by process ${owner}${owner === process.pid ? ' (this process)' : ''}`);
    }
    try {
      unlinkSync(path);
    } catch { /* someone else took it over: the retry decides */ }
  }
  throw new StorageError('Internal', `cannot take lock ${path}`);
}

/**
 * Writes a volume's files the way upstream's AtomicWriter does, so readers
 * never see a half-updated set: the payload goes to a fresh hidden
 * directory `..<timestamp>`, the `..data` symlink is swapped to it with a
 * rename, and each top-level name is a symlink through `..data`. A payload
 * equal to what is there writes nothing.
 */
import { chmod, mkdir, readdir, readFile, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** One file of a payload: relative path, content and mode. */
export interface FileEntry { path: string; data: Buffer; mode: number }

const DATA = '..data';

async function current(dir: string, payload: FileEntry[]): Promise<boolean> {
  try {
    const target = await readlink(join(dir, DATA));
    const base = join(dir, target);
    for (const f of payload) if (!(await readFile(join(base, f.path))).equals(f.data)) return false;
    const tops = new Set(payload.map((f) => f.path.split('/')[0]));
    const names = (await readdir(dir)).filter((n) => !n.startsWith('..'));
    return names.length === tops.size && names.every((n) => tops.has(n));
  } catch {
    return false;
  }
}

/** Make `dir` hold exactly `payload`; returns whether anything changed. */
export async function writeAtomic(dir: string, payload: FileEntry[]): Promise<boolean> {
  await mkdir(dir, { recursive: true });
  if (await current(dir, payload)) return false;
  const stamp = `..${new Date().toISOString().replace(/[:.]/g, '_')}.${process.pid}${Math.floor(Math.random() * 1e6)}`;
  const fresh = join(dir, stamp);
  await mkdir(fresh, { mode: 0o755 });
  for (const f of payload) {
    const p = join(fresh, f.path);
    await mkdir(dirname(p), { recursive: true });
    await writeFile(p, f.data);
    await chmod(p, f.mode);
  }
  let old: string | undefined;
  try { old = await readlink(join(dir, DATA)); } catch { old = undefined; }
  const tmpLink = join(dir, '..data_tmp');
  await rm(tmpLink, { force: true });
  await symlink(stamp, tmpLink);
  await rename(tmpLink, join(dir, DATA));
  const tops = new Set(payload.map((f) => f.path.split('/')[0] as string));
  for (const t of tops) {
    await rm(join(dir, t), { force: true, recursive: false }).catch(() => undefined);
    await symlink(join(DATA, t), join(dir, t));
  }
  for (const n of await readdir(dir)) {
    if (!n.startsWith('..') && !tops.has(n)) await rm(join(dir, n), { force: true, recursive: true });
  }
  if (old && old !== stamp) await rm(join(dir, old), { recursive: true, force: true });
  return true;
}

/**
 * tmpfs mounts for emptyDir volumes with medium Memory, through mount(8)
 * and umount(8) as upstream's mount utilities do.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { K8sError } from '../../../base/errors.ts';

const run = promisify(execFile);

/** Whether `path` is a mount point (listed in /proc/self/mountinfo). */
export async function isMountPoint(path: string): Promise<boolean> {
  const info = await readFile('/proc/self/mountinfo', 'utf8').catch(() => '');
  return info.split('\n').some((l) => l.split(' ')[4] === path);
}

/** Mount a tmpfs at `path`, limited to `sizeBytes` when given. */
export async function mountTmpfs(path: string, sizeBytes?: number): Promise<void> {
  if (await isMountPoint(path)) return;
  const opts = sizeBytes ? ['-o', `size=${sizeBytes}`] : [];
  try {
    await run('mount', ['-t', 'tmpfs', ...opts, 'tmpfs', path]);
  } catch (e) {
    throw new K8sError('InternalError', `mounting tmpfs at ${path}: ${(e as Error).message}`);
  }
}

/** Every mount point under `root` (deepest first), for teardown. */
export async function mountsUnder(root: string): Promise<string[]> {
  const info = await readFile('/proc/self/mountinfo', 'utf8').catch(() => '');
  return info.split('\n').map((l) => l.split(' ')[4] ?? '').filter((p) => p === root || p.startsWith(`${root}/`))
    .sort((a, b) => b.length - a.length);
}

/** Unmount lazily (a container may still hold it for a moment). */
export async function unmount(path: string): Promise<void> {
  await run('umount', ['-l', path]).catch(() => undefined);
}

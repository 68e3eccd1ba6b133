/**
 * Disk usage of a directory tree as `du -s -x -B1` reports it, which is how
 * upstream's kubelet measures emptyDir volumes (pkg/volume/util/fs
 * DiskUsage): bytes of allocated blocks (st_blocks x 512, so a sparse file
 * counts what it really uses), directories included, each hard-linked inode
 * once, and nothing on another filesystem. The walk is asynchronous and
 * yields to the event loop after every directory, so a volume of a million
 * files slows the measurement, not the kubelet.
 */
import { lstat, readdir } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Options of {@link diskUsage}. */
export interface DiskUsageOptions {
  /** Stop as soon as the total exceeds this many bytes: the caller only needs to know that it does. */
  stopAbove?: number;
}

/** Result of {@link diskUsage}. */
export interface DiskUsage {
  /** Bytes of blocks in use (a lower bound when `partial`). */
  bytes: number;
  /** Files, directories and links looked at, the root included. */
  entries: number;
  /** The walk stopped early at `stopAbove`. */
  partial: boolean;
}

/** lstat calls in flight per directory; the libuv pool runs 4 at a time, more only queue. */
const BATCH = 64;

/** Entries can vanish while a container writes and deletes: they simply no longer count. */
const gone = (): undefined => undefined;

/** Measure `root`; a missing root measures 0 (the volume is not set up yet, or already torn down). */
export async function diskUsage(root: string, opts: DiskUsageOptions = {}): Promise<DiskUsage> {
  let top: Stats;
  try { top = await lstat(root); } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { bytes: 0, entries: 0, partial: false };
    throw e;
  }
  let bytes = top.blocks * 512;
  let entries = 1;
  const linked = new Set<number>();
  const dirs = top.isDirectory() ? [root] : [];
  while (dirs.length > 0) {
    const dir = dirs.pop() as string;
    const names = (await readdir(dir).catch(gone)) ?? [];
    for (let i = 0; i < names.length; i += BATCH) {
      const batch = names.slice(i, i + BATCH).map((n) => join(dir, n));
      const stats = await Promise.all(batch.map((p) => lstat(p).catch(gone)));
      for (let j = 0; j < stats.length; j++) {
        const st = stats[j];
        if (!st || st.dev !== top.dev) continue; // a mount inside the volume is another volume (du -x)
        if (!st.isDirectory() && st.nlink > 1) {
          if (linked.has(st.ino)) continue;
          linked.add(st.ino);
        }
        entries++;
        bytes += st.blocks * 512;
        if (st.isDirectory()) dirs.push(batch[j] as string);
      }
      if (opts.stopAbove !== undefined && bytes > opts.stopAbove) return { bytes, entries, partial: true };
    }
    await nextTurn();
  }
  return { bytes, entries, partial: false };
}

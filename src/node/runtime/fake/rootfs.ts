/**
 * The filesystem of a simulated container: a real directory on the node
 * (created lazily, removed with the container) holding a busybox-like
 * skeleton. Container paths resolve inside it and can never name a host
 * path outside (".." is clamped at the container root). Symlinks created
 * inside are not followed specially: the simulation trusts its own tests.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { posix, join } from 'node:path';
import { tmpdir } from 'node:os';

const SKELETON = ['bin', 'dev', 'etc', 'home', 'proc', 'root', 'sys', 'tmp', 'usr', 'var'];

/** A simulated container's root directory. */
export class RootFs {
  private constructor(readonly root: string) {}

  /** Make a fresh root under `baseDir` (default: the OS temp dir). */
  static create(hostname: string, baseDir?: string): RootFs {
    let root: string;
    if (baseDir) {
      mkdirSync(baseDir, { recursive: true });
      root = mkdtempSync(join(baseDir, 'rootfs-'));
    } else {
      root = mkdtempSync(join(tmpdir(), 'k8ts-fake-rootfs-'));
    }
    for (const d of SKELETON) mkdirSync(join(root, d), { recursive: true });
    writeFileSync(join(root, 'etc/hostname'), `${hostname}\n`);
    writeFileSync(join(root, 'etc/hosts'), `127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n`);
    writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
    return new RootFs(root);
  }

  /** The normalized container path of `path` relative to `cwd`. */
  static resolve(cwd: string, path: string): string {
    return posix.resolve('/', cwd, path);
  }

  /** Host path of a container path (relative paths from `cwd`). */
  host(path: string, cwd = '/'): string {
    const p = RootFs.resolve(cwd, path);
    return p === '/' ? this.root : join(this.root, p);
  }

  /** Delete everything. */
  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

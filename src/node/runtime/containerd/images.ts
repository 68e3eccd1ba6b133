/**
 * Loading image archives into a node's containerd without a registry:
 * `ctr images import` into the CRI namespace (k8s.io), as k3s does with the
 * tarballs of its agent/images directory. The node agent imports the
 * archives of DIR/agent/images/ and of the repository's .cache/images/
 * (scripts/build-images.sh) whose image is not present yet.
 */
import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { K8sError } from '../../../base/errors.ts';

const run = promisify(execFile);

/** Where scripts/build-images.sh writes its archives. */
export const REPO_IMAGES_DIR = fileURLToPath(new URL('../../../../.cache/images/', import.meta.url));

/** Import one archive (OCI layout or docker save tar); resolves with the image names ctr reports. */
export async function importImage(socket: string, file: string): Promise<string[]> {
  try {
    const { stdout } = await run('ctr', ['-a', socket, '-n', 'k8s.io', 'images', 'import', '--all-platforms', file], { timeout: 300_000 });
    // ctr prints "unpacking NAME (sha256:...)...done" per image.
    return [...stdout.matchAll(/unpacking (\S+) \(/g)].map((m) => m[1] as string);
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new K8sError('BadRequest', `importing ${file}: ${(err.stderr || err.message).trim()}`);
  }
}

/** Archives (*.tar) in the given directories; missing directories are skipped. */
export async function imageArchives(dirs: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const d of dirs) {
    const names = await readdir(d).catch(() => [] as string[]);
    for (const n of names.sort()) if (n.endsWith('.tar')) out.push(join(d, n));
  }
  return out;
}

/**
 * The containerd runtime of a real node: starts (or reuses) containerd with
 * k8ts's config under DIR, imports the local image archives, writes the CNI
 * config for the node's pod CIDR and returns the CRI client. With an
 * explicit endpoint (--container-runtime-endpoint) it only connects: that
 * containerd's own config decides images and networking.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nullLogger, type Logger } from '../../../base/logger.ts';
import { writeCniConfig } from '../../network/cni-config.ts';
import { CriRuntime } from '../cri/cri-runtime.ts';
import { containerdPaths } from './config.ts';
import { imageArchives, importImage, REPO_IMAGES_DIR } from './images.ts';
import { startContainerd } from './process.ts';

/** Options of {@link startContainerdRuntime}. */
export interface ContainerdRuntimeOptions {
  /** The data directory (DIR). */
  dir: string;
  /** The node's pod CIDR until spec.podCIDR says otherwise. */
  podCIDR: string;
  /** An existing CRI endpoint; when set, no containerd is started. */
  endpoint?: string;
  logger?: Logger;
  /** Extra directories of image archives to import (default: DIR/agent/images and the repo's .cache/images). */
  imageDirs?: string[];
}

/** Import archives not imported before (by path, size and mtime). */
async function importArchives(socket: string, dirs: string[], stampFile: string, logger: Logger): Promise<void> {
  const done = JSON.parse(await readFile(stampFile, 'utf8').catch(() => '{}')) as Record<string, string>;
  let changed = false;
  for (const file of await imageArchives(dirs)) {
    const st = await stat(file);
    const key = `${st.size}:${st.mtimeMs}`;
    if (done[file] === key) continue;
    try {
      const names = await importImage(socket, file);
      logger.info('imported image archive', { file, images: names });
      done[file] = key;
      changed = true;
    } catch (e) {
      logger.warn('image archive import failed', { file, err: (e as Error).message });
    }
  }
  if (changed) await writeFile(stampFile, JSON.stringify(done, null, 2));
}

/** Start containerd for this node (unless an endpoint is given) and connect to it. */
export async function startContainerdRuntime(o: ContainerdRuntimeOptions): Promise<CriRuntime> {
  const logger = (o.logger ?? nullLogger).child({ component: 'containerd' });
  if (o.endpoint) return new CriRuntime({ endpoint: o.endpoint, logger });
  const paths = containerdPaths(o.dir);
  await writeCniConfig(paths.cniConfDir, { podCIDR: o.podCIDR, dataDir: paths.cniDataDir });
  const proc = await startContainerd(paths, logger);
  try {
    await importArchives(paths.socket, o.imageDirs ?? [join(o.dir, 'agent', 'images'), REPO_IMAGES_DIR], join(paths.base, 'imported.json'), logger);
  } catch (e) {
    await proc.stop();
    throw e;
  }
  return new CriRuntime({
    endpoint: proc.endpoint,
    logger,
    onPodCIDR: async (cidr) => { await writeCniConfig(paths.cniConfDir, { podCIDR: cidr, dataDir: paths.cniDataDir }); },
    onClose: () => proc.stop(),
  });
}

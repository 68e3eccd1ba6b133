/**
 * The containerd runtime of a real node: starts (or reuses) containerd with
 * k8ts's config under DIR, imports the local image archives, writes the CNI
 * config for the node's pod CIDR and returns the CRI client. With an
 * explicit endpoint (--container-runtime-endpoint) it only connects: that
 * containerd's own config decides images and networking. With the CNI config
 * goes the node's masquerade rule for the pod CIDR.
 */
import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nullLogger, type Logger } from '../../../base/logger.ts';
import { CNI_CONF_FILE, writeCniConfig } from '../../network/cni-config.ts';
import { ensurePodMasquerade } from '../../network/masquerade.ts';
import { CriRuntime } from '../cri/cri-runtime.ts';
import { containerdPaths } from './config.ts';
import { imageArchives, importImage, REPO_IMAGES_DIR } from './images.ts';
import { startContainerd } from './process.ts';
import { writeRegistryHosts } from './registries.ts';

/** Options of {@link startContainerdRuntime}. */
export interface ContainerdRuntimeOptions {
  /** The data directory (DIR). */
  dir: string;
  /**
   * The pod CIDR to use when the node gets no spec.podCIDR (no node IPAM)
   * within `podCIDRWaitMs`; until a CNI config exists, sandboxes fail as
   * upstream's do while the network is not ready.
   */
  podCIDR: string;
  /** Default 15000 ms (node IPAM assigns within a node status tick, 10 s). */
  podCIDRWaitMs?: number;
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
  const registries = await writeRegistryHosts(join(o.dir, 'registries.yaml'), join(paths.base, 'certs.d'));
  if (registries > 0) logger.info('registry hosts written from registries.yaml', { registries });
  const proc = await startContainerd(paths, logger);
  try {
    await importArchives(paths.socket, o.imageDirs ?? [join(o.dir, 'agent', 'images'), REPO_IMAGES_DIR], join(paths.base, 'imported.json'), logger);
  } catch (e) {
    await proc.stop();
    throw e;
  }
  const confFile = join(paths.cniConfDir, CNI_CONF_FILE);
  const network = async (podCIDR: string): Promise<boolean> => {
    const changed = await writeCniConfig(paths.cniConfDir, { podCIDR, dataDir: paths.cniDataDir });
    // Every start: the rules may be gone (reboot, iptables flush) while the config file stayed.
    await ensurePodMasquerade(podCIDR).catch((e: unknown) => logger.warn(
      'pod traffic leaving the node is not masqueraded (is iptables installed?)', { podCIDR, err: (e as Error).message }));
    return changed;
  };
  let assigned = false;
  const fallback = setTimeout(() => {
    if (assigned || existsSync(confFile)) return;
    logger.info('no spec.podCIDR for this node: using a derived pod range', { podCIDR: o.podCIDR });
    network(o.podCIDR)
      .catch((e: unknown) => logger.error('setting up the pod network failed', { err: (e as Error).message }));
  }, o.podCIDRWaitMs ?? 15_000);
  fallback.unref();
  return new CriRuntime({
    endpoint: proc.endpoint,
    logger,
    onPodCIDR: async (cidr) => {
      assigned = true;
      if (await network(cidr)) logger.info('CNI config written', { podCIDR: cidr });
    },
    onClose: async () => { clearTimeout(fallback); await proc.stop(); },
  });
}

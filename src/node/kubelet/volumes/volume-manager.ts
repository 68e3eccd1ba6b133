/**
 * The kubelet's volume manager: every volume of a pod gets a directory
 * under ROOT/pods/UID/volumes/PLUGIN/NAME (upstream's layout) before the
 * containers start, and each container's volumeMounts become CRI bind
 * mounts. emptyDir is a directory (tmpfs for medium Memory, sized by
 * sizeLimit), hostPath and PVCs (through their PV's hostPath or local path)
 * mount the node path itself, configMap/secret/downwardAPI/projected are
 * written atomically and rewritten every `refreshMs` while the pod runs, so
 * updated objects and renewed tokens reach running containers.
 */
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseQuantity, quantityValue } from '../../../api/quantity.ts';
import type { Clock } from '../../../base/clock.ts';
import type { Logger } from '../../../base/logger.ts';
import type { KObject } from '../../../api/types.ts';
import type { KubeClient } from '../../../client/types.ts';
import type { Mount } from '../../runtime/types.ts';
import { writeAtomic } from './atomic-writer.ts';
import { mountTmpfs, mountsUnder, unmount } from './mount.ts';
import { VolumeError, volumePayload, type PayloadContext } from './payload.ts';
import { TokenCache } from './token-cache.ts';
import { PLUGIN_DIRS, type PodVolumes } from './types.ts';

type Obj = Record<string, unknown>;

/** Configuration of {@link VolumeManager}. */
export interface VolumeManagerConfig {
  client: KubeClient;
  clock: Clock;
  logger: Logger;
  /** The kubelet's root directory (upstream /var/lib/kubelet). */
  rootDir: string;
  hostIP: () => string;
  allocatable: Record<string, string>;
  /** How often API-backed volumes are rewritten while their pod runs; default 10 s. */
  refreshMs?: number;
}

interface PodEntry { pod: KObject; podIPs: string[]; paths: Map<string, { path: string; readOnly: boolean }> }

/** Sets up, refreshes and tears down pod volumes on a real node. */
export class VolumeManager implements PodVolumes {
  private readonly pods = new Map<string, PodEntry>();
  private readonly tokens: TokenCache;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly cfg: VolumeManagerConfig) {
    this.tokens = new TokenCache(cfg.client, cfg.clock);
    this.timer = setInterval(() => { void this.refresh(); }, cfg.refreshMs ?? 10_000);
    this.timer.unref();
  }

  /** Stop the refresh loop. */
  stop(): void { clearInterval(this.timer); }

  private podDir(uid: string): string { return join(this.cfg.rootDir, 'pods', uid); }

  async setUp(pod: KObject, podIPs: string[]): Promise<void> {
    const uid = pod.metadata.uid as string;
    const paths = new Map<string, { path: string; readOnly: boolean }>();
    const ctx: PayloadContext = {
      client: this.cfg.client, hostIP: this.cfg.hostIP(), podIPs, allocatable: this.cfg.allocatable,
      token: (p, aud, exp) => this.tokens.get(p, aud, exp),
    };
    const before = this.pods.get(uid)?.paths;
    for (const vol of (pod.spec?.volumes ?? []) as Obj[]) {
      const name = vol.name as string;
      try {
        await this.setUpOne(pod, uid, vol, ctx, paths);
      } catch (e) {
        // A running pod keeps what it has (a deleted ConfigMap leaves the last content), as upstream's kubelet does.
        const had = before?.get(name);
        if (!had) throw e;
        paths.set(name, had);
        this.cfg.logger.warn('volume refresh failed; keeping the last content', { pod: `${pod.metadata.namespace as string}/${pod.metadata.name as string}`, volume: name, err: (e as Error).message });
      }
    }
    this.pods.set(uid, { pod, podIPs, paths });
  }

  private async setUpOne(pod: KObject, uid: string, vol: Obj, ctx: PayloadContext, paths: Map<string, { path: string; readOnly: boolean }>): Promise<void> {
    const name = vol.name as string;
    const kind = Object.keys(PLUGIN_DIRS).find((k) => vol[k] !== undefined);
    if (kind) {
      const dir = join(this.podDir(uid), 'volumes', PLUGIN_DIRS[kind] as string, name);
      if (kind === 'emptyDir') await this.emptyDir(dir, vol.emptyDir as Obj);
      else await writeAtomic(dir, (await volumePayload(ctx, pod, vol)) ?? []);
      paths.set(name, { path: dir, readOnly: kind !== 'emptyDir' });
    } else if (vol.hostPath) {
      const hp = vol.hostPath as { path: string; type?: string };
      await ensureHostPath(hp.path, hp.type ?? '');
      paths.set(name, { path: hp.path, readOnly: false });
    } else if (vol.persistentVolumeClaim) {
      const c = vol.persistentVolumeClaim as { claimName: string; readOnly?: boolean };
      paths.set(name, { path: await this.claimPath(pod.metadata.namespace as string, c.claimName), readOnly: c.readOnly === true });
    } else {
      throw new VolumeError(`volume "${name}": unsupported volume type`);
    }
  }

  private async emptyDir(dir: string, spec: Obj): Promise<void> {
    await mkdir(dir, { recursive: true, mode: 0o777 });
    if (spec.medium === 'Memory') {
      const size = spec.sizeLimit !== undefined ? quantityValue(parseQuantity(String(spec.sizeLimit))) : undefined;
      await mountTmpfs(dir, size);
    }
  }

  /** The node path behind a bound claim. */
  private async claimPath(ns: string, claimName: string): Promise<string> {
    let pvc: KObject;
    try {
      pvc = await this.cfg.client.get({ group: '', version: 'v1', plural: 'persistentvolumeclaims', namespace: ns, name: claimName });
    } catch { throw new VolumeError(`persistentvolumeclaim "${claimName}" not found`); }
    const pvName = pvc.spec?.volumeName as string | undefined;
    if (!pvName || pvc.status?.phase !== 'Bound') throw new VolumeError(`persistentvolumeclaim "${claimName}" is not bound`);
    const pv = await this.cfg.client.get({ group: '', version: 'v1', plural: 'persistentvolumes', name: pvName });
    const hp = pv.spec?.hostPath as { path: string; type?: string } | undefined;
    const local = pv.spec?.local as { path: string } | undefined;
    if (hp) { await ensureHostPath(hp.path, hp.type || 'DirectoryOrCreate'); return hp.path; }
    if (local) return local.path;
    throw new VolumeError(`persistentvolume "${pvName}": only hostPath and local volumes are supported`);
  }

  mounts(pod: KObject, container: Obj): Mount[] {
    const entry = this.pods.get(pod.metadata.uid as string);
    const out: Mount[] = [];
    for (const m of (container.volumeMounts ?? []) as Obj[]) {
      const v = entry?.paths.get(m.name as string);
      if (!v) continue;
      const hostPath = m.subPath ? join(v.path, String(m.subPath)) : v.path;
      out.push({ containerPath: m.mountPath as string, hostPath, readonly: m.readOnly === true || v.readOnly });
    }
    return out;
  }

  async tearDown(uid: string): Promise<void> {
    this.pods.delete(uid);
    this.tokens.forget(uid);
    const dir = this.podDir(uid);
    for (const m of await mountsUnder(dir)) await unmount(m);
    await rm(dir, { recursive: true, force: true });
  }

  /** Rewrite API-backed volumes of running pods (content changes only). */
  private async refresh(): Promise<void> {
    for (const e of [...this.pods.values()]) {
      const vols = (e.pod.spec?.volumes ?? []) as Obj[];
      if (!vols.some((v) => v.configMap || v.secret || v.projected || v.downwardAPI)) continue;
      try { await this.setUp(e.pod, e.podIPs); } catch (err) {
        this.cfg.logger.warn('volume refresh failed', { pod: `${e.pod.metadata.namespace}/${e.pod.metadata.name}`, err: (err as Error).message });
      }
    }
  }

  /** Keep the newest pod object (labels, annotations) for refreshes. */
  updatePod(pod: KObject): void {
    const e = this.pods.get(pod.metadata.uid as string);
    if (e) e.pod = pod;
  }
}

/** Check or create a hostPath per its type, as upstream's hostPath plugin does. */
export async function ensureHostPath(path: string, type: string): Promise<void> {
  const st = await stat(path).catch(() => undefined);
  switch (type) {
    case 'DirectoryOrCreate': if (!st) await mkdir(path, { recursive: true, mode: 0o755 }); return;
    case 'FileOrCreate': if (!st) await writeFile(path, '', { mode: 0o644 }); return;
    case 'Directory': if (!st?.isDirectory()) throw new VolumeError(`hostPath type check failed: ${path} is not a directory`); return;
    case 'File': if (!st?.isFile()) throw new VolumeError(`hostPath type check failed: ${path} is not a file`); return;
    case 'Socket': if (!st?.isSocket()) throw new VolumeError(`hostPath type check failed: ${path} is not a socket file`); return;
    default: return;
  }
}

/**
 * The CRI v1 client for a real container runtime (containerd): implements
 * the kubelet's ContainerRuntime contract message for message over gRPC.
 * Container events come from a 1 s relist (containerd 1.6 has no
 * GetContainerEvents): a container seen running and now exited (or gone)
 * yields CONTAINER_STOPPED_EVENT, which is all the kubelet core listens to.
 */
import { nullLogger, type Logger } from '../../../base/logger.ts';
import { isK8sError } from '../../../base/errors.ts';
import {
  LABEL_POD_NAME, LABEL_POD_NAMESPACE, LABEL_POD_UID,
  type ContainerConfig, type ContainerEvent, type ContainerFilter, type ContainerRuntime, type ContainerStatus, type Image,
  type PodSandboxConfig, type PodSandboxFilter, type PodSandboxStatus, type VersionInfo,
} from '../types.ts';
import {
  containerConfigToWire, containerFilterToWire, containerFromWire, imageFromWire, sandboxConfigToWire, sandboxFilterToWire, sandboxFromWire,
} from './convert.ts';
import { CriConnection, type Msg } from './grpc.ts';

/** Configuration of {@link CriRuntime}. */
export interface CriRuntimeConfig {
  /** unix:///run/containerd/containerd.sock or a socket path. */
  endpoint: string;
  logger?: Logger;
  /** Relist period of the event emulation; default 1000 ms. */
  relistMs?: number;
  /** Called on UpdateRuntimeConfig before it is passed on (the node writes its CNI config). */
  onPodCIDR?: (cidr: string) => Promise<void>;
  /** Called by close() after the connection closes (stops a containerd we started). */
  onClose?: () => Promise<void>;
}

/** A CRI runtime reached over gRPC. */
export class CriRuntime implements ContainerRuntime {
  readonly conn: CriConnection;
  private readonly logger: Logger;
  private readonly listeners = new Set<(ev: ContainerEvent) => void>();
  private relistTimer?: NodeJS.Timeout;
  private lastStates = new Map<string, { state: string; labels: Record<string, string> }>();
  private closed = false;
  /**
   * ContainerStatus answers by container id, with the state ListContainers
   * showed then: a running container's start time and an exited one's
   * whole status never change, so a list whose state matches reuses it.
   */
  private readonly statuses = new Map<string, { state: string; status: ContainerStatus }>();

  constructor(private readonly cfg: CriRuntimeConfig) {
    this.conn = new CriConnection(cfg.endpoint);
    this.logger = (cfg.logger ?? nullLogger).child({ component: 'cri' });
  }

  async version(): Promise<VersionInfo> {
    const r = await this.conn.rt('Version', { version: 'v1' });
    return { version: String(r.version), runtimeName: String(r.runtimeName), runtimeVersion: String(r.runtimeVersion), runtimeApiVersion: String(r.runtimeApiVersion) };
  }

  async updateRuntimeConfig(cfg: { podCIDR: string }): Promise<void> {
    await this.cfg.onPodCIDR?.(cfg.podCIDR);
    await this.conn.rt('UpdateRuntimeConfig', { runtimeConfig: { networkConfig: { podCidr: cfg.podCIDR } } });
  }

  async runPodSandbox(config: PodSandboxConfig): Promise<string> {
    const r = await this.conn.rt('RunPodSandbox', { config: sandboxConfigToWire(config), runtimeHandler: '' }, 240_000);
    return String(r.podSandboxId);
  }

  async stopPodSandbox(podSandboxId: string): Promise<void> {
    await this.ignoreNotFound(this.conn.rt('StopPodSandbox', { podSandboxId }));
  }

  async removePodSandbox(podSandboxId: string): Promise<void> {
    // Its containers go with it.
    for (const [id, e] of this.statuses) if (e.status.podSandboxId === podSandboxId) this.statuses.delete(id);
    await this.ignoreNotFound(this.conn.rt('RemovePodSandbox', { podSandboxId }));
  }

  async podSandboxStatus(podSandboxId: string): Promise<PodSandboxStatus> {
    const r = await this.conn.rt('PodSandboxStatus', { podSandboxId });
    return sandboxFromWire(r.status as Msg);
  }

  async listPodSandbox(filter?: PodSandboxFilter): Promise<PodSandboxStatus[]> {
    const r = await this.conn.rt('ListPodSandbox', { filter: sandboxFilterToWire(filter) });
    return ((r.items ?? []) as Msg[]).map(sandboxFromWire);
  }

  async createContainer(podSandboxId: string, config: ContainerConfig, sandboxConfig: PodSandboxConfig): Promise<string> {
    const r = await this.conn.rt('CreateContainer', { podSandboxId, config: containerConfigToWire(config), sandboxConfig: sandboxConfigToWire(sandboxConfig) });
    return String(r.containerId);
  }

  async startContainer(containerId: string): Promise<void> {
    await this.conn.rt('StartContainer', { containerId });
  }

  async stopContainer(containerId: string, timeoutSeconds: number): Promise<void> {
    // The call lasts up to the grace period: give gRPC that long plus slack.
    await this.ignoreNotFound(this.conn.rt('StopContainer', { containerId, timeout: timeoutSeconds }, (timeoutSeconds + 30) * 1000));
  }

  async removeContainer(containerId: string): Promise<void> {
    this.statuses.delete(containerId);
    await this.ignoreNotFound(this.conn.rt('RemoveContainer', { containerId }));
  }

  async containerStatus(containerId: string): Promise<ContainerStatus> {
    const r = await this.conn.rt('ContainerStatus', { containerId });
    const list = await this.conn.rt('ListContainers', { filter: containerFilterToWire({ id: containerId }) });
    const item = ((list.containers ?? []) as Msg[])[0];
    return containerFromWire(r.status as Msg, String(item?.podSandboxId ?? ''));
  }

  /** ListContainers, then ContainerStatus of each (the list lacks times, exit codes and reasons). */
  async listContainers(filter?: ContainerFilter): Promise<ContainerStatus[]> {
    const r = await this.conn.rt('ListContainers', { filter: containerFilterToWire(filter) });
    const out: ContainerStatus[] = [];
    await Promise.all(((r.containers ?? []) as Msg[]).map(async (c) => {
      const id = String(c.id);
      const state = String(c.state);
      const known = this.statuses.get(id);
      if (known && known.state === state && (state === 'CONTAINER_RUNNING' || state === 'CONTAINER_EXITED')) {
        out.push({ ...known.status });
        return;
      }
      try {
        const s = await this.conn.rt('ContainerStatus', { containerId: id });
        const status = containerFromWire(s.status as Msg, String(c.podSandboxId));
        // Cached under the state the list showed; a status newer than the list is fetched again next time.
        if (status.state === state) this.statuses.set(id, { state, status: { ...status } });
        out.push(status);
      } catch (e) {
        if (!isK8sError(e, 'NotFound')) throw e; // removed between the two calls
      }
    }));
    return out.sort((a, b) => a.createdAt - b.createdAt);
  }

  onContainerEvent(listener: (ev: ContainerEvent) => void): () => void {
    this.listeners.add(listener);
    if (!this.relistTimer && !this.closed) this.scheduleRelist();
    return () => { this.listeners.delete(listener); };
  }

  async listImages(): Promise<Image[]> {
    const r = await this.conn.img('ListImages', {});
    return ((r.images ?? []) as Msg[]).map(imageFromWire);
  }

  async imageStatus(image: string): Promise<Image | undefined> {
    const r = await this.conn.img('ImageStatus', { image: { image } });
    const img = r.image as Msg | null | undefined;
    return img && img.id ? imageFromWire(img) : undefined;
  }

  async pullImage(image: string, auth?: { username?: string; password?: string; auth?: string }): Promise<string> {
    const r = await this.conn.img('PullImage', { image: { image }, auth }, 600_000);
    return String(r.imageRef);
  }

  async removeImage(image: string): Promise<void> {
    await this.ignoreNotFound(this.conn.img('RemoveImage', { image: { image } }));
  }

  async execSync(containerId: string, cmd: string[], timeoutSeconds: number): Promise<{ stdout: Buffer; stderr: Buffer; exitCode: number }> {
    const r = await this.conn.rt('ExecSync', { containerId, cmd, timeout: timeoutSeconds }, (timeoutSeconds || 60) * 1000 + 10_000);
    return { stdout: Buffer.from(r.stdout as Uint8Array), stderr: Buffer.from(r.stderr as Uint8Array), exitCode: Number(r.exitCode) };
  }

  async exec(req: { containerId: string; cmd: string[]; tty: boolean; stdin: boolean; stdout: boolean; stderr: boolean }): Promise<string> {
    return String((await this.conn.rt('Exec', req)).url);
  }

  async attach(req: { containerId: string; tty: boolean; stdin: boolean; stdout: boolean; stderr: boolean }): Promise<string> {
    return String((await this.conn.rt('Attach', req)).url);
  }

  async portForward(podSandboxId: string, ports: number[]): Promise<string> {
    return String((await this.conn.rt('PortForward', { podSandboxId, port: ports })).url);
  }

  async reopenContainerLog(containerId: string): Promise<void> {
    await this.conn.rt('ReopenContainerLog', { containerId });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.relistTimer) clearTimeout(this.relistTimer);
    this.conn.close();
    await this.cfg.onClose?.();
  }

  private async ignoreNotFound(p: Promise<unknown>): Promise<void> {
    try { await p; } catch (e) { if (!isK8sError(e, 'NotFound')) throw e; }
  }

  private scheduleRelist(): void {
    this.relistTimer = setTimeout(() => {
      this.relist().catch((e: unknown) => this.logger.debug('relist failed', { err: (e as Error).message }))
        .finally(() => { if (!this.closed && this.listeners.size > 0) this.scheduleRelist(); else this.relistTimer = undefined; });
    }, this.cfg.relistMs ?? 1000);
    this.relistTimer.unref();
  }

  /** Compare container states with the previous relist; emit a stop for each container that exited or vanished. */
  private async relist(): Promise<void> {
    const r = await this.conn.rt('ListContainers', { filter: {} }, 10_000);
    const now = new Map<string, { state: string; labels: Record<string, string> }>();
    for (const c of (r.containers ?? []) as Msg[]) now.set(String(c.id), { state: String(c.state), labels: (c.labels ?? {}) as Record<string, string> });
    const emit = (id: string, labels: Record<string, string>) => {
      const ev: ContainerEvent = {
        containerId: id, type: 'CONTAINER_STOPPED_EVENT', createdAt: Date.now(),
        podSandboxMetadata: { name: labels[LABEL_POD_NAME] ?? '', namespace: labels[LABEL_POD_NAMESPACE] ?? '', uid: labels[LABEL_POD_UID] ?? '', attempt: 0 },
      };
      for (const l of this.listeners) l(ev);
    };
    // A container may start and exit between two relists (an OOM kill takes milliseconds): any container
    // not known as exited before and exited (or gone while running) now counts as stopped.
    for (const [id, cur] of now) {
      if (cur.state === 'CONTAINER_EXITED' && this.lastStates.get(id)?.state !== 'CONTAINER_EXITED') emit(id, cur.labels);
    }
    for (const [id, prev] of this.lastStates) if (!now.has(id) && prev.state === 'CONTAINER_RUNNING') emit(id, prev.labels);
    this.lastStates = now;
    for (const id of this.statuses.keys()) if (!now.has(id)) this.statuses.delete(id);
  }
}

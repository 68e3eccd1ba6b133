/**
 * The simulated container runtime (as kwok simulates nodes): sandboxes get
 * an IP from the node's pod range, containers "start" after a configurable
 * delay and run until stopped, or exit on the schedule their pod's
 * annotations ask for (see stages.ts). Nothing is executed. It implements
 * the same CRI-shaped interface as the containerd client, so the kubelet
 * core cannot tell them apart.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { K8sError } from '../../../base/errors.ts';
import { realClock, type Clock } from '../../../base/clock.ts';
import { nullLogger, type Logger } from '../../../base/logger.ts';
import { realTimers, type TimerScheduler } from '../../../base/workqueue.ts';
import {
  ANNOTATION_CONTAINER_TYPE, type ContainerConfig, type ContainerEvent, type ContainerEventType, type ContainerFilter,
  type ContainerRuntime, type ContainerStatus, type Image, type PodSandboxConfig, type PodSandboxFilter,
  type PodSandboxStatus, type StreamIO, type VersionInfo,
} from '../types.ts';
import { FakeProcesses } from './processes.ts';
import { IpPool } from './ip-pool.ts';
import { parseSimStages, type SimStages } from './stages.ts';

/** Configuration of {@link FakeRuntime}. */
export interface FakeRuntimeConfig {
  /** The node's pod CIDR (spec.podCIDR or a derived range). */
  podCIDR: string;
  /** How long a container takes to start unless its pod says otherwise; default 0. */
  startDelayMs?: number;
  /** How long init containers run before exiting 0 unless the pod says otherwise; default 0. */
  initDurationMs?: number;
  clock?: Clock;
  timers?: TimerScheduler;
  logger?: Logger;
  /** Where simulated containers' root directories go (default: the OS temp dir). */
  rootfsDir?: string;
}

/** Reported as the node's containerRuntimeVersion (fake://0.1.0). */
export const FAKE_RUNTIME_NAME = 'fake';
export const FAKE_RUNTIME_VERSION = '0.1.0';

interface Sandbox { status: PodSandboxStatus; stages: SimStages; config: PodSandboxConfig }
interface Container { status: ContainerStatus; init: boolean; exitTimer?: unknown; config: ContainerConfig }

let idCounter = 0;
function newId(): string {
  return createHash('sha256').update(`${process.pid}-${Date.now()}-${idCounter++}`).digest('hex');
}

/** Resolved image reference of a name, stable per name as a registry digest would be. */
export function fakeImageRef(image: string): string {
  const repo = image.replace(/[:@].*$/, '');
  return `${repo}@sha256:${createHash('sha256').update(image).digest('hex')}`;
}

/** A simulated CRI runtime for one node. */
export class FakeRuntime implements ContainerRuntime {
  private readonly sandboxes = new Map<string, Sandbox>();
  private readonly containers = new Map<string, Container>();
  private readonly images = new Map<string, Image>();
  private readonly listeners = new Set<(ev: ContainerEvent) => void>();
  private readonly ips: IpPool;
  private readonly clock: Clock;
  private readonly timers: TimerScheduler;
  private readonly logger: Logger;
  private closed = false;
  private podCIDR: string;
  private readonly procs: FakeProcesses;

  constructor(private readonly cfg: FakeRuntimeConfig) {
    this.ips = new IpPool(cfg.podCIDR);
    this.podCIDR = cfg.podCIDR;
    this.clock = cfg.clock ?? realClock;
    this.timers = cfg.timers ?? realTimers;
    this.logger = cfg.logger ?? nullLogger;
    this.procs = new FakeProcesses({ rootfsDir: cfg.rootfsDir, logger: this.logger });
  }

  /** The node got (another) spec.podCIDR: new sandboxes take IPs from it. */
  async updateRuntimeConfig(cfg: { podCIDR: string }): Promise<void> {
    if (cfg.podCIDR === this.podCIDR) return;
    this.podCIDR = cfg.podCIDR;
    this.ips.setCidr(cfg.podCIDR);
  }

  /** True when the pod's annotations ask for containers that never become ready. */
  static neverReady(annotations: Record<string, string> | undefined): boolean {
    return parseSimStages(annotations).neverReady;
  }

  async version(): Promise<VersionInfo> {
    return { version: '0.1.0', runtimeName: FAKE_RUNTIME_NAME, runtimeVersion: FAKE_RUNTIME_VERSION, runtimeApiVersion: 'v1' };
  }

  async runPodSandbox(config: PodSandboxConfig): Promise<string> {
    this.checkOpen();
    const id = newId();
    const ip = config.linux?.hostNetwork ? undefined : this.ips.allocate();
    this.sandboxes.set(id, {
      config: structuredClone(config),
      stages: parseSimStages(config.annotations),
      status: {
        id, metadata: { ...config.metadata }, state: 'SANDBOX_READY', createdAt: this.clock.now(),
        ips: ip ? [ip] : [], labels: { ...config.labels }, annotations: { ...config.annotations },
      },
    });
    return id;
  }

  async stopPodSandbox(podSandboxId: string): Promise<void> {
    const sb = this.sandboxes.get(podSandboxId);
    if (!sb) return;
    for (const c of this.containers.values()) if (c.status.podSandboxId === podSandboxId) this.exit(c, 137, 'Error');
    if (sb.status.state === 'SANDBOX_READY') {
      for (const ip of sb.status.ips) this.ips.release(ip);
      sb.status.state = 'SANDBOX_NOTREADY';
    }
  }

  async removePodSandbox(podSandboxId: string): Promise<void> {
    await this.stopPodSandbox(podSandboxId);
    for (const [id, c] of this.containers) if (c.status.podSandboxId === podSandboxId) this.removeContainerNow(id);
    this.sandboxes.delete(podSandboxId);
  }

  async podSandboxStatus(podSandboxId: string): Promise<PodSandboxStatus> {
    const sb = this.sandboxes.get(podSandboxId);
    if (!sb) throw new K8sError('NotFound', `sandbox ${podSandboxId} not found`);
    return structuredClone(sb.status);
  }

  async listPodSandbox(filter: PodSandboxFilter = {}): Promise<PodSandboxStatus[]> {
    const out: PodSandboxStatus[] = [];
    for (const sb of this.sandboxes.values()) {
      const s = sb.status;
      if (filter.id && s.id !== filter.id) continue;
      if (filter.state && s.state !== filter.state) continue;
      if (filter.labelSelector && !matches(s.labels, filter.labelSelector)) continue;
      out.push(structuredClone(s));
    }
    return out;
  }

  async createContainer(podSandboxId: string, config: ContainerConfig): Promise<string> {
    this.checkOpen();
    const sb = this.sandboxes.get(podSandboxId);
    if (!sb || sb.status.state !== 'SANDBOX_READY') throw new K8sError('BadRequest', `sandbox ${podSandboxId} is not ready`);
    const id = newId();
    const image = config.image.image;
    this.images.set(image, { id: fakeImageRef(image), repoTags: [image], repoDigests: [fakeImageRef(image)], size: 1 << 20 });
    const logPath = sb.config.logDirectory && config.logPath ? join(sb.config.logDirectory, config.logPath) : undefined;
    this.containers.set(id, {
      config: structuredClone(config),
      init: config.annotations[ANNOTATION_CONTAINER_TYPE] === 'init',
      status: {
        id, podSandboxId, metadata: { ...config.metadata }, state: 'CONTAINER_CREATED', createdAt: this.clock.now(),
        startedAt: 0, finishedAt: 0, exitCode: 0, image: { image }, imageRef: fakeImageRef(image), reason: '', message: '',
        labels: { ...config.labels }, annotations: { ...config.annotations }, ...(logPath ? { logPath } : {}),
      },
    });
    this.emit(id, 'CONTAINER_CREATED_EVENT');
    return id;
  }

  async startContainer(containerId: string): Promise<void> {
    const c = this.mustContainer(containerId);
    if (c.status.state !== 'CONTAINER_CREATED') throw new K8sError('BadRequest', `container ${containerId} is ${c.status.state}`);
    const sb = this.sandboxes.get(c.status.podSandboxId) as Sandbox;
    const delay = sb.stages.startDelayMs ?? this.cfg.startDelayMs ?? 0;
    if (delay > 0) await new Promise<void>((r) => this.timers.set(r, delay));
    // Stopped or removed while starting: nothing to start.
    if (this.containers.get(containerId) !== c || c.status.state !== 'CONTAINER_CREATED') return;
    c.status.state = 'CONTAINER_RUNNING';
    c.status.startedAt = this.clock.now();
    this.procs.start({
      containerId, sandboxId: sb.status.id, argv: [...(c.config.command ?? []), ...(c.config.args ?? [])],
      env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOSTNAME: sb.config.hostname ?? sb.status.metadata.name, HOME: '/root', ...Object.fromEntries((c.config.envs ?? []).map((e) => [e.key, e.value])) },
      workingDir: c.config.workingDir || '/', hostname: sb.config.hostname ?? sb.status.metadata.name,
      logFile: c.status.logPath, stdin: c.config.stdin === true, tty: c.config.tty === true,
    });
    this.emit(containerId, 'CONTAINER_STARTED_EVENT');
    const runFor = c.init ? (sb.stages.initDurationMs ?? this.cfg.initDurationMs ?? 0) : sb.stages.exitAfterMs;
    if (runFor === undefined) return;
    const code = c.init ? sb.stages.initExitCode : sb.stages.exitCode;
    c.exitTimer = this.timers.set(() => this.exit(c, code, code === 0 ? 'Completed' : 'Error'), runFor);
  }

  async stopContainer(containerId: string, _timeoutSeconds: number): Promise<void> {
    const c = this.containers.get(containerId);
    // A simulated process honours SIGTERM at once: exit code 143 as a shell's would, 0 if it never ran.
    if (c) this.exit(c, c.status.state === 'CONTAINER_RUNNING' ? 143 : 0, c.status.state === 'CONTAINER_RUNNING' ? 'Error' : 'Completed');
  }

  async removeContainer(containerId: string): Promise<void> { this.removeContainerNow(containerId); }

  async containerStatus(containerId: string): Promise<ContainerStatus> {
    return structuredClone(this.mustContainer(containerId).status);
  }

  async listContainers(filter: ContainerFilter = {}): Promise<ContainerStatus[]> {
    const out: ContainerStatus[] = [];
    for (const { status: s } of this.containers.values()) {
      if (filter.id && s.id !== filter.id) continue;
      if (filter.state && s.state !== filter.state) continue;
      if (filter.podSandboxId && s.podSandboxId !== filter.podSandboxId) continue;
      if (filter.labelSelector && !matches(s.labels, filter.labelSelector)) continue;
      out.push(structuredClone(s));
    }
    return out;
  }

  onContainerEvent(listener: (ev: ContainerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async listImages(): Promise<Image[]> { return [...this.images.values()].map((i) => structuredClone(i)); }

  async imageStatus(image: string): Promise<Image | undefined> {
    const i = this.images.get(image);
    return i && structuredClone(i);
  }

  async pullImage(image: string): Promise<string> {
    const ref = fakeImageRef(image);
    this.images.set(image, { id: ref, repoTags: [image], repoDigests: [ref], size: 1 << 20 });
    return ref;
  }

  async removeImage(image: string): Promise<void> { this.images.delete(image); }

  /** CRI Exec (streamed): built-in commands of the simulation (processes.ts). */
  execStream(containerId: string, cmd: string[], io: StreamIO): Promise<number> { return this.procs.exec(containerId, cmd, io); }

  /** CRI Attach (streamed). */
  attachStream(containerId: string, io: StreamIO): Promise<number | undefined> { return this.procs.attach(containerId, io); }

  /** CRI PortForward (streamed): reaches a simulated httpd of the sandbox. */
  async portForwardStream(podSandboxId: string, port: number, stream: Duplex): Promise<void> {
    if (!this.sandboxes.has(podSandboxId)) throw new K8sError('NotFound', `sandbox ${podSandboxId} not found`);
    return this.procs.portForward(podSandboxId, port, stream);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.procs.close();
    for (const c of this.containers.values()) if (c.exitTimer !== undefined) this.timers.clear(c.exitTimer);
    this.listeners.clear();
  }

  private checkOpen(): void {
    if (this.closed) throw new K8sError('ServiceUnavailable', 'runtime is closed');
  }

  private mustContainer(id: string): Container {
    const c = this.containers.get(id);
    if (!c) throw new K8sError('NotFound', `container ${id} not found`);
    return c;
  }

  private exit(c: Container, code: number, reason: string): void {
    if (c.status.state === 'CONTAINER_EXITED') return;
    if (c.exitTimer !== undefined) this.timers.clear(c.exitTimer);
    c.exitTimer = undefined;
    c.status.state = 'CONTAINER_EXITED';
    c.status.exitCode = code;
    c.status.reason = reason;
    c.status.finishedAt = this.clock.now();
    this.procs.stop(c.status.id);
    this.emit(c.status.id, 'CONTAINER_STOPPED_EVENT');
  }

  private removeContainerNow(id: string): void {
    const c = this.containers.get(id);
    if (!c) return;
    if (c.exitTimer !== undefined) this.timers.clear(c.exitTimer);
    this.procs.remove(id);
    this.containers.delete(id);
    this.emit(id, 'CONTAINER_DELETED_EVENT', c.status.podSandboxId);
  }

  private emit(containerId: string, type: ContainerEventType, sandboxId?: string): void {
    const sbId = sandboxId ?? this.containers.get(containerId)?.status.podSandboxId;
    const sb = sbId ? this.sandboxes.get(sbId) : undefined;
    if (!sb || this.listeners.size === 0) return;
    const ev: ContainerEvent = { containerId, type, createdAt: this.clock.now(), podSandboxMetadata: sb.status.metadata };
    for (const l of this.listeners) {
      try { l(ev); } catch (e) { this.logger.error('container event listener failed', { err: e }); }
    }
  }
}

function matches(labels: Record<string, string>, sel: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(sel)) if (labels[k] !== v) return false;
  return true;
}

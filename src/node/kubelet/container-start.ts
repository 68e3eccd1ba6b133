/**
 * Starting one container of a pod on the runtime, upstream's
 * startContainer: pull the image per imagePullPolicy, build the config
 * (environment from the API, cgroup limits, security context, log path),
 * make the log directory, create and start. Anything that keeps the
 * container from starting becomes a waiting reason (ErrImagePull,
 * ImagePullBackOff, CreateContainerConfigError, CreateContainerError,
 * RunContainerError) instead of an error, so the pod status shows it.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../../base/clock.ts';
import type { KObject } from '../../api/types.ts';
import type { KubeClient } from '../../client/types.ts';
import type { EventRecorder } from '../../client/event-recorder.ts';
import type { ContainerRuntime, KeyValue } from '../runtime/types.ts';
import { ContainerConfigError, containerEnv } from './container-env.ts';
import { ImagePuller, type WaitingReason } from './image-pull.ts';
import { runPostStart } from './lifecycle-hooks.ts';
import { pullAuth } from './pull-secrets.ts';
import { terminationMessageMount } from './termination-message.ts';
import type { PodVolumes } from './volumes/types.ts';
import { containerEvents } from './pod-events.ts';
import { containerConfig, podLogDirectory, sandboxConfig, type NodeRuntimeOptions } from './runtime-config.ts';

type Obj = Record<string, unknown>;

/** Configuration of {@link ContainerStarter}. */
export interface ContainerStarterConfig {
  client: KubeClient;
  runtime: ContainerRuntime;
  clock: Clock;
  hostIP: () => string;
  /** Real-node settings; absent for simulated nodes (then env is literal values only, as before). */
  node?: NodeRuntimeOptions & { allocatable?: Record<string, string> };
  /** Pod volumes; their mounts go into the container config. */
  volumes?: PodVolumes;
  /** Pulled/Created/Started/Failed events on the pod. */
  recorder?: EventRecorder;
}

/** Starts containers of pods; keeps image pull back-off across syncs. */
export class ContainerStarter {
  private readonly puller: ImagePuller;

  constructor(private readonly cfg: ContainerStarterConfig) {
    this.puller = new ImagePuller(cfg.runtime, cfg.clock);
  }

  /** The sandbox config of a pod with this node's settings. */
  sandboxConfig(pod: KObject, podLogsDir?: string): ReturnType<typeof sandboxConfig> {
    return sandboxConfig(pod, 0, { ...(this.cfg.node ?? {}), ...(podLogsDir ? { podLogsDir } : {}) });
  }

  /** Create and start one container; resolves undefined once started, else why it waits. */
  async start(pod: KObject, spec: Obj, attempt: number, init: boolean, sandboxId: string, podLogsDir?: string): Promise<WaitingReason | undefined> {
    const ev = containerEvents(this.cfg.recorder, pod, spec.name as string, init);
    const why = await this.startInner(pod, spec, attempt, init, sandboxId, ev, podLogsDir);
    if (why) ev.failed(why);
    return why;
  }

  private async startInner(pod: KObject, spec: Obj, attempt: number, init: boolean, sandboxId: string,
    ev: ReturnType<typeof containerEvents>, podLogsDir?: string): Promise<WaitingReason | undefined> {
    const rt = this.cfg.runtime;
    const image = String(spec.image ?? '');
    const auth = this.cfg.node ? await pullAuth(this.cfg.client, pod, image) : undefined;
    const pulled = await this.puller.ensure(image, spec.imagePullPolicy as string | undefined, auth, ev.pull);
    if (pulled) return pulled;
    const node = this.cfg.node;
    const sbCfg = this.sandboxConfig(pod, podLogsDir);
    let envs: KeyValue[] | undefined;
    if (node) {
      try {
        let podIPs: string[] = [];
        try { podIPs = (await rt.podSandboxStatus(sandboxId)).ips; } catch { podIPs = []; }
        envs = await containerEnv(pod, spec, { client: this.cfg.client, hostIP: this.cfg.hostIP(), podIPs, allocatable: node.allocatable ?? {} });
      } catch (e) {
        if (e instanceof ContainerConfigError) return { reason: 'CreateContainerConfigError', message: e.message };
        throw e;
      }
    }
    const config = containerConfig(pod, spec, attempt, init, envs ? { envs, opts: node ?? {} } : undefined);
    if (this.cfg.volumes) config.mounts = this.cfg.volumes.mounts(pod, spec);
    const logRoot = podLogsDir ?? node?.podLogsDir;
    if (logRoot && config.logPath) await mkdir(join(podLogDirectory(logRoot, pod), spec.name as string), { recursive: true });
    if (logRoot && node) config.mounts = [...(config.mounts ?? []), await terminationMessageMount(logRoot, pod, spec, attempt)];
    let id: string;
    try {
      id = await rt.createContainer(sandboxId, config, sbCfg);
    } catch (e) {
      if (!node) throw e;
      return { reason: 'CreateContainerError', message: (e as Error).message };
    }
    ev.normal('Created', `Created container: ${String(spec.name)}`);
    try {
      await rt.startContainer(id);
    } catch (e) {
      if (!node) throw e;
      // The container exists and exited: its status carries the failure (StartError), as upstream's RunContainerError.
      return { reason: 'RunContainerError', message: (e as Error).message };
    }
    ev.normal('Started', `Started container ${String(spec.name)}`);
    return node ? runPostStart(rt, pod, spec, id, sandboxId) : undefined;
  }
}

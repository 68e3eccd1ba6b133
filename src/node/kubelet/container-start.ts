/**
 * Starting one container of a pod on the runtime, upstream's
 * startContainer: pull the image per imagePullPolicy, build the config
 * (environment from the API, cgroup limits, security context, log path),
 * make the log directory, create and start. Anything that keeps the
 * container from starting becomes a waiting reason (ErrImagePull,
 * ImagePullBackOff, CreateContainerConfigError, CreateContainerError,
 * RunContainerError) instead of an error, so the pod status shows it.
 * A failed postStart hook is a Warning FailedPostStartHook event and a kill
 * (preStop included, as upstream); the container waits with
 * PostStartHookError and the handler's message until it is restarted.
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
import { hookOf, podIPOf, POST_START_TIMEOUT_MS, runHook } from './lifecycle-hooks.ts';
import { killContainer } from './container-kill.ts';
import { pullAuth } from './pull-secrets.ts';
import { terminationMessageMount } from './termination-message.ts';
import type { PodVolumes } from './volumes/types.ts';
import { containerEvents, type ContainerEvents } from './pod-events.ts';
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

  /** Create and start one container; resolves undefined once started, else why it waits. `podIPs`: the sandbox's, when the caller has read them. */
  async start(pod: KObject, spec: Obj, attempt: number, init: boolean, sandboxId: string, podLogsDir?: string,
    podIPs?: string[]): Promise<WaitingReason | undefined> {
    const ev = containerEvents(this.cfg.recorder, pod, spec.name as string, init);
    const why = await this.startInner(pod, spec, attempt, init, sandboxId, ev, podLogsDir, podIPs);
    // A failed postStart hook has its own events (FailedPostStartHook, Killing); upstream records no Failed for it.
    if (why && why.reason !== 'PostStartHookError') ev.failed(why);
    return why;
  }

  private async startInner(pod: KObject, spec: Obj, attempt: number, init: boolean, sandboxId: string,
    ev: ContainerEvents, podLogsDir?: string, knownPodIPs?: string[]): Promise<WaitingReason | undefined> {
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
        // The pod syncer passes the IPs it read this sync; the sandbox's IPs never change.
        let podIPs = knownPodIPs ?? [];
        if (!knownPodIPs) { try { podIPs = (await rt.podSandboxStatus(sandboxId)).ips; } catch { podIPs = []; } }
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
    return node ? this.postStart(pod, spec, id, sandboxId, ev) : undefined;
  }

  /** Step 4 of upstream's startContainer: run the postStart hook; on failure kill the container and say why it waits. */
  private async postStart(pod: KObject, spec: Obj, containerId: string, sandboxId: string, ev: ContainerEvents): Promise<WaitingReason | undefined> {
    const hook = hookOf(spec, 'postStart');
    if (!hook) return undefined;
    const rt = this.cfg.runtime;
    try {
      await runHook(hook, { runtime: rt, pod, spec, containerId, podIP: await podIPOf(rt, sandboxId), event: ev.emit }, POST_START_TIMEOUT_MS);
      return undefined;
    } catch (e) {
      // The event leaves the handler's message out, as upstream does (commands and output may hold secrets); the status carries it.
      ev.emit('Warning', 'FailedPostStartHook', 'PostStartHook failed');
      await killContainer({ runtime: rt, pod, containerId, name: String(spec.name), sandboxId, reason: 'postStartHook', message: 'FailedPostStartHook', event: ev.emit })
        .catch(() => undefined);
      return { reason: 'PostStartHookError', message: (e as Error).message };
    }
  }
}

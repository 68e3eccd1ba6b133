/**
 * The reconcile of one pod on its node (upstream's SyncPod and
 * SyncTerminatingPod): make the runtime match the spec (sandbox, then init
 * containers in order, then containers, restarting per restartPolicy with
 * back-off), report the status through pods/status when it changed, and on
 * graceful deletion stop everything within the grace period and delete the
 * pod with gracePeriodSeconds=0 and a uid precondition. Idempotent: it reads
 * the pod from the cache and the containers from the runtime each time.
 */
import { isDeepStrictEqual } from 'node:util';
import { isK8sError } from '../../base/errors.ts';
import type { Clock } from '../../base/clock.ts';
import type { Logger } from '../../base/logger.ts';
import type { KObject } from '../../api/types.ts';
import type { KubeClient } from '../../client/types.ts';
import type { ContainerRuntime, ContainerStatus, PodSandboxStatus } from '../runtime/types.ts';
import { LABEL_POD_UID } from '../runtime/types.ts';
import { computePodStatus, instancesOf } from './pod-status.ts';
import { ContainerStarter } from './container-start.ts';
import { killContainer } from './container-kill.ts';
import { TerminationMessages } from './termination-message.ts';
import { containerEventSink } from './pod-events.ts';
import { EventRecorder } from '../../client/event-recorder.ts';
import type { WaitingReason } from './image-pull.ts';
import type { PodVolumes } from './volumes/types.ts';
import { removePodCgroup } from '../runtime/cgroups.ts';
import {
  backoffMessage, restartDecision, shouldRestart, type BackoffEntry, type NodeRuntimeOptions,
} from './runtime-config.ts';

type Obj = Record<string, unknown>;

/** What the kubelet remembers about a pod between syncs. */
interface PodRecord {
  uid: string;
  sandboxId?: string;
  backoff: Map<string, BackoffEntry>;
  /** Containers that could not start (image pull, config errors): name -> why. */
  waiting: Map<string, WaitingReason>;
  /** Last status written, so a lagging cache does not cause a second identical write. */
  reported?: Obj;
  /** The uid the last status went to (a static pod's mirror changes when it is recreated). */
  reportedTo?: string;
}

/** Configuration of {@link PodSyncer}. */
export interface PodSyncerConfig {
  client: KubeClient;
  runtime: ContainerRuntime;
  clock: Clock;
  logger: Logger;
  /** The pod as the informer last saw it, by "namespace/name". */
  getPod: (key: string) => KObject | undefined;
  /** The node's InternalIP, reported as hostIP. */
  hostIP: () => string;
  /** Readiness of a running container (probes); default: running means ready. */
  ready?: (pod: KObject, containerName: string) => boolean;
  /** Whether a running container has started (startup probe); default: running means started. */
  started?: (pod: KObject, containerName: string) => boolean;
  /** Prefix of containerIDs in status, e.g. "fake://". */
  containerIdPrefix: string;
  /** Called when a pod is gone and cleaned up: its worker can be forgotten. */
  onGone?: (key: string) => void;
  /** Root of container logs (upstream /var/log/pods); absent = containers do not log. */
  podLogsDir?: string;
  /** Real-node settings (cgroups, DNS, env from the API, limits); absent for simulated nodes. */
  node?: NodeRuntimeOptions & { allocatable?: Record<string, string> };
  /** Pod volumes (real nodes); absent: volumes are ignored, as on simulated nodes. */
  volumes?: PodVolumes;
  /** The uid that carries a pod's status (a static pod's mirror); null: report nothing yet. Default: the pod's own. */
  statusUid?: (pod: KObject) => string | null | undefined;
}

const PODS = { group: '', version: 'v1', plural: 'pods' } as const;

/** Syncs pods of one node against its runtime. */
export class PodSyncer {
  private readonly records = new Map<string, PodRecord>();
  private readonly starter: ContainerStarter;
  private readonly messages: TerminationMessages | undefined;
  /** Pod events (Pulled, Created, Started, Killing). */
  private readonly recorder: EventRecorder;

  constructor(private readonly cfg: PodSyncerConfig) {
    this.messages = cfg.node?.podLogsDir ? new TerminationMessages(cfg.node.podLogsDir) : undefined;
    this.recorder = new EventRecorder({ client: cfg.client, logger: cfg.logger, clock: cfg.clock, component: 'kubelet' });
    this.starter = new ContainerStarter({ client: cfg.client, runtime: cfg.runtime, clock: cfg.clock, hostIP: cfg.hostIP, node: cfg.node, volumes: cfg.volumes,
      recorder: this.recorder });
  }

  /** Number of pods the node currently tracks. */
  get size(): number { return this.records.size; }

  /** Sync one pod; resolves with a delay to sync again after, if any. */
  async sync(key: string): Promise<number | undefined> {
    const pod = this.cfg.getPod(key);
    let rec = this.records.get(key);
    if (rec && (!pod || pod.metadata.uid !== rec.uid)) {
      // Deleted (or replaced by a new pod of the same name): nothing of the old one may stay.
      await this.removeAll(rec.uid);
      this.records.delete(key);
      rec = undefined;
    }
    if (!pod) { this.cfg.onGone?.(key); return undefined; }
    /** A record made now has had its sandboxes looked up (and stale ones removed) by adoptSandbox. */
    let looked = false;
    if (!rec) {
      rec = { uid: pod.metadata.uid as string, backoff: new Map(), waiting: new Map() };
      this.records.set(key, rec);
      // After a kubelet restart the pod's sandbox may still run: adopt it instead of starting a second one.
      rec.sandboxId = await this.adoptSandbox(rec.uid);
      looked = true;
    }
    if (pod.metadata.deletionTimestamp) return this.terminate(key, pod, rec);
    const apiPhase = pod.status?.phase;
    if (apiPhase === 'Succeeded' || apiPhase === 'Failed') {
      // Terminal pods never run again; stop what may still run and keep the records for status.
      if (rec.sandboxId) await this.cfg.runtime.stopPodSandbox(rec.sandboxId);
      return undefined;
    }
    // One PodSandboxStatus per sync: its state and IPs serve the readiness check, volumes, env and the pod status.
    let sandbox = rec.sandboxId ? await this.sandboxStatus(rec.sandboxId) : undefined;
    if (!sandbox || sandbox.state !== 'SANDBOX_READY') {
      // Tell the user early that the pod is being set up (ContainerCreating), as upstream does.
      if (!pod.status?.containerStatuses) await this.report(pod, rec, await this.status(pod, rec, false, { sandbox, containers: sandbox ? undefined : [] }));
      // A dead sandbox, or one a failed RunPodSandbox left behind, still holds the pod's sandbox name: remove it first.
      if (!looked || rec.sandboxId) {
        for (const sb of await this.cfg.runtime.listPodSandbox({ labelSelector: { [LABEL_POD_UID]: rec.uid } })) await this.removeSandbox(sb.id);
      }
      rec.sandboxId = undefined;
      rec.sandboxId = await this.cfg.runtime.runPodSandbox(this.starter.sandboxConfig(pod, this.cfg.podLogsDir));
      sandbox = await this.sandboxStatus(rec.sandboxId);
    }
    const podIPs = sandbox?.ips ?? [];
    if (this.cfg.volumes) await this.cfg.volumes.setUp(pod, podIPs);
    const started = await this.startContainers(pod, rec, podIPs);
    const status = await this.status(pod, rec, false, { sandbox, containers: started.changed ? undefined : started.existing });
    await this.report(pod, rec, status);
    if (status.phase === 'Succeeded' || status.phase === 'Failed') await this.cfg.runtime.stopPodSandbox(rec.sandboxId as string);
    return started.requeue;
  }

  /** The newest ready sandbox of a pod uid, if any; other sandboxes of it are removed. */
  private async adoptSandbox(uid: string): Promise<string | undefined> {
    const all = await this.cfg.runtime.listPodSandbox({ labelSelector: { [LABEL_POD_UID]: uid } });
    const ready = all.filter((s) => s.state === 'SANDBOX_READY').sort((a, b) => b.createdAt - a.createdAt)[0];
    for (const sb of all) if (sb.id !== ready?.id) await this.removeSandbox(sb.id);
    return ready?.id;
  }

  private async removeSandbox(id: string): Promise<void> {
    await this.cfg.runtime.stopPodSandbox(id);
    await this.cfg.runtime.removePodSandbox(id);
  }

  /** The sandbox's status, or undefined when the runtime no longer knows it. */
  private async sandboxStatus(id: string): Promise<PodSandboxStatus | undefined> {
    try { return await this.cfg.runtime.podSandboxStatus(id); } catch { return undefined; }
  }

  private async containers(rec: PodRecord): Promise<ContainerStatus[]> {
    return rec.sandboxId ? this.cfg.runtime.listContainers({ podSandboxId: rec.sandboxId }) : [];
  }

  /**
   * Start whatever should run next. Resolves with the shortest back-off left
   * (if any), the containers listed before, and whether the runtime's
   * containers changed since that list (then the status needs a new one).
   */
  private async startContainers(pod: KObject, rec: PodRecord, podIPs: string[]):
    Promise<{ requeue: number | undefined; existing: ContainerStatus[]; changed: boolean }> {
    const rt = this.cfg.runtime;
    const now = this.cfg.clock.now();
    const existing = await this.containers(rec);
    let requeue: number | undefined;
    let changed = false;
    /** Start an instance; false (and a waiting reason) when it cannot start yet. */
    const start = async (spec: Obj, attempt: number, init: boolean): Promise<boolean> => {
      const name = spec.name as string;
      changed = true;
      const why = await this.starter.start(pod, spec, attempt, init, rec.sandboxId as string, this.cfg.podLogsDir, podIPs);
      if (!why) { rec.waiting.delete(name); return true; }
      rec.waiting.set(name, why);
      const retry = why.retryMs ?? 10_000;
      requeue = Math.min(requeue ?? retry, retry);
      return false;
    };
    /** Returns true when the container is running or started now, false when it waits. */
    const ensure = async (spec: Obj, init: boolean): Promise<'running' | 'done' | 'waiting' | 'failed'> => {
      const name = spec.name as string;
      const [latest, previous] = instancesOf(existing, name);
      if (!latest) return (await start(spec, 0, init)) ? 'running' : 'waiting';
      if (latest.state !== 'CONTAINER_EXITED') return 'running';
      // An init container that succeeded is done whatever the policy; a failed one follows it (Always acts as OnFailure).
      const restart = init ? latest.exitCode !== 0 && pod.spec?.restartPolicy !== 'Never' : shouldRestart(pod, latest.exitCode);
      if (!restart) return latest.exitCode === 0 ? 'done' : 'failed';
      const wait = restartDecision(rec.backoff, name, latest.finishedAt, now);
      if (wait > 0) { requeue = Math.min(requeue ?? wait, wait); return 'waiting'; }
      // Keep the latest dead instance for `kubectl logs --previous`; older ones go.
      if (previous) { changed = true; await rt.removeContainer(previous.id); }
      return (await start(spec, latest.metadata.attempt + 1, init)) ? 'running' : 'waiting';
    };
    for (const spec of (pod.spec?.initContainers ?? []) as Obj[]) {
      const r = await ensure(spec, true);
      if (r !== 'done') return { requeue, existing, changed };
    }
    for (const spec of (pod.spec?.containers ?? []) as Obj[]) await ensure(spec, false);
    return { requeue, existing, changed };
  }

  /**
   * The status from the runtime's view; containers in back-off carry the
   * CrashLoopBackOff message. `known` carries what this sync already read
   * from the runtime and is still current.
   */
  private async status(pod: KObject, rec: PodRecord, terminated = false,
    known: { sandbox?: PodSandboxStatus; containers?: ContainerStatus[] } = {}): Promise<Obj> {
    const listed = known.containers ?? await this.containers(rec);
    const containers = this.messages ? await this.messages.fill(pod, listed) : listed;
    let sandbox = known.sandbox;
    if (!sandbox && rec.sandboxId) sandbox = await this.sandboxStatus(rec.sandboxId);
    const now = this.cfg.clock.now();
    const backoff = new Map<string, string>();
    if (!terminated) {
      for (const [name, e] of rec.backoff) {
        const [latest] = instancesOf(containers, name);
        if (latest?.state === 'CONTAINER_EXITED' && shouldRestart(pod, latest.exitCode) && latest.finishedAt + e.delayMs > now) {
          backoff.set(name, backoffMessage(pod, name, e.delayMs));
        }
      }
    }
    return computePodStatus({
      pod, sandbox, containers, backoff, now, terminated, waiting: terminated ? undefined : rec.waiting,
      ready: (name) => this.cfg.ready?.(pod, name) ?? true,
      started: (name) => this.cfg.started?.(pod, name) ?? true,
      hostIP: this.cfg.hostIP(),
      containerIdPrefix: this.cfg.containerIdPrefix,
    });
  }

  /** Write the status through pods/status unless the server already has it. */
  private async report(pod: KObject, rec: PodRecord, status: Obj): Promise<void> {
    const cur = (pod.status ?? {}) as Obj;
    const curSubset = Object.fromEntries(Object.keys(status).map((k) => [k, cur[k]]));
    const plain = JSON.parse(JSON.stringify(status)) as Obj;
    const uid = this.cfg.statusUid?.(pod);
    if (uid === null) return; // a static pod without its mirror yet
    const target = uid ?? (pod.metadata.uid as string);
    if (isDeepStrictEqual(plain, JSON.parse(JSON.stringify(curSubset)))) { rec.reported = plain; rec.reportedTo = target; return; }
    // A recreated mirror pod (another uid) has none of what was reported to the old one.
    if (rec.reported && rec.reportedTo === target && isDeepStrictEqual(plain, rec.reported)) return;
    try {
      await this.cfg.client.patch({ ...PODS, namespace: pod.metadata.namespace, name: pod.metadata.name, subresource: 'status' },
        'merge', { metadata: { uid: target }, status });
      rec.reported = plain;
      rec.reportedTo = target;
    } catch (e) {
      if (!isK8sError(e, 'NotFound')) throw e;
    }
  }

  /** Graceful deletion: stop within the grace period, report the final status, then delete with grace 0. */
  private async terminate(key: string, pod: KObject, rec: PodRecord): Promise<undefined> {
    const rt = this.cfg.runtime;
    if (rec.sandboxId) {
      const running = (await this.containers(rec)).filter((c) => c.state !== 'CONTAINER_EXITED');
      await Promise.all(running.map((c) => killContainer({ runtime: rt, pod, containerId: c.id, name: c.metadata.name, sandboxId: rec.sandboxId as string,
        reason: 'deletion', event: containerEventSink(this.recorder, pod, c.metadata.name), logger: this.cfg.logger })));
      await rt.stopPodSandbox(rec.sandboxId);
      const phase = pod.status?.phase;
      if (phase !== 'Succeeded' && phase !== 'Failed') await this.report(pod, rec, await this.status(pod, rec, true));
    }
    await this.removeAll(rec.uid);
    try {
      await this.cfg.client.delete({ ...PODS, namespace: pod.metadata.namespace, name: pod.metadata.name },
        { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
    } catch (e) {
      // Gone already, or a new pod took the name: either way this one is finished.
      if (!isK8sError(e, 'NotFound') && !isK8sError(e, 'Conflict')) throw e;
    }
    this.records.delete(key);
    this.cfg.onGone?.(key);
    return undefined;
  }

  /** Remove every sandbox (and so container) of a pod uid from the runtime. */
  private async removeAll(uid: string): Promise<void> {
    for (const sb of await this.cfg.runtime.listPodSandbox({ labelSelector: { [LABEL_POD_UID]: uid } })) {
      await this.cfg.runtime.stopPodSandbox(sb.id);
      await this.cfg.runtime.removePodSandbox(sb.id);
    }
    await this.cfg.volumes?.tearDown(uid);
    this.messages?.forget(uid);
    const root = this.cfg.node?.cgroupRoot;
    if (root) await removePodCgroup(root, uid);
  }
}

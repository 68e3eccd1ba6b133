/**
 * Carries out an eviction inside the pod's worker, as upstream's eviction
 * manager does through killPodFunc and the pod workers: while a pod is
 * marked, its syncs kill instead of reconcile (so a container exit cannot
 * restart it) through killContainer with upstream's 1 s grace period
 * override (Killing events, preStop hooks cut short, SIGKILL 2 s after
 * SIGTERM), report phase Failed with reason Evicted and the message,
 * and tear its volumes down to give the disk back. Once the pod cache shows
 * the terminal phase (or the pod is deleted or replaced) the mark goes and
 * the ordinary sync takes over again; it leaves terminal pods alone.
 */
import { isK8sError } from '../../../base/errors.ts';
import type { Clock } from '../../../base/clock.ts';
import type { Logger } from '../../../base/logger.ts';
import type { TimerScheduler } from '../../../base/workqueue.ts';
import type { KObject } from '../../../api/types.ts';
import type { KubeClient } from '../../../client/types.ts';
import type { EventRecorder } from '../../../client/event-recorder.ts';
import { LABEL_POD_UID, type ContainerRuntime } from '../../runtime/types.ts';
import { computePodStatus } from '../pod-status.ts';
import { containerEventSink } from '../pod-events.ts';
import { killContainer } from '../container-kill.ts';
import type { PodSyncFn } from '../pod-workers.ts';
import type { PodVolumes } from '../volumes/types.ts';
import { REASON_EVICTED } from './types.ts';
import { isActivePod } from './local-storage.ts';

/** Configuration of {@link PodEvictor}. */
export interface PodEvictorConfig {
  client: KubeClient;
  runtime: ContainerRuntime;
  clock: Clock;
  logger: Logger;
  /** Records Evicted and Killing events. */
  recorder?: EventRecorder;
  /** The pod as the pod source last saw it, by "namespace/name". */
  getPod: (key: string) => KObject | undefined;
  /** The ordinary sync (PodSyncer.sync), for pods not being evicted. */
  next: PodSyncFn;
  hostIP: () => string;
  /** Prefix of containerIDs in status, e.g. "containerd://". */
  containerIdPrefix: string;
  /** Torn down after the kill, as upstream unmounts the volumes of terminated pods. */
  volumes?: PodVolumes;
  /** The grace period override of every kill; default {@link IMMEDIATE_EVICTION_GRACE_PERIOD_SECONDS}. */
  gracePeriodOverride?: number;
  /** Bounds preStop hooks to the override; default real timers (tests pass fake ones with their clock). */
  timers?: TimerScheduler;
}

/**
 * Upstream's immediateEvictionGracePeriodSeconds, the override of a local
 * storage eviction since 1.31 (kubernetes#124063; an override of 0 had let the
 * pod workers fall back to the pod's terminationGracePeriodSeconds). preStop
 * hooks get at most this long, then the stop signal gets killContainer's 2 s minimum.
 */
export const IMMEDIATE_EVICTION_GRACE_PERIOD_SECONDS = 1;

interface Mark { uid: string; message: string; reported: boolean }

const PODS = { group: '', version: 'v1', plural: 'pods' } as const;
const keyOf = (pod: KObject) => `${pod.metadata.namespace as string}/${pod.metadata.name as string}`;

/** Evictions in progress, keyed like the pod workers ("namespace/name"). */
export class PodEvictor {
  private readonly marks = new Map<string, Mark>();

  constructor(private readonly cfg: PodEvictorConfig) {}

  /**
   * Mark `pod` for eviction and record the Evicted event; returns its key for
   * the caller to wake the pod's worker, or undefined when it is already
   * being evicted or no longer active.
   */
  request(pod: KObject, message: string): string | undefined {
    const key = keyOf(pod);
    const uid = pod.metadata.uid as string;
    if (this.marks.get(key)?.uid === uid || !isActivePod(pod)) return undefined;
    this.marks.set(key, { uid, message, reported: false });
    this.cfg.recorder?.event(pod, 'Warning', REASON_EVICTED, message, { apiVersion: 'v1', kind: 'Pod' });
    this.cfg.logger.info('evicting pod', { pod: key, message });
    return key;
  }

  /** Whether an eviction of the pod at `key` is in progress. */
  evicting(key: string): boolean { return this.marks.has(key); }

  /** The pod worker's sync: the eviction while one is pending, else the ordinary sync. */
  async sync(key: string): Promise<number | undefined> {
    const mark = this.marks.get(key);
    if (!mark) return this.cfg.next(key);
    const pod = this.cfg.getPod(key);
    // Deleted, replaced, or our Failed status is in the cache: the ordinary sync handles it from here.
    if (!pod || pod.metadata.uid !== mark.uid || !isActivePod(pod)) {
      this.marks.delete(key);
      return this.cfg.next(key);
    }
    if (mark.reported) return undefined; // waiting for the watch to bring the Failed phase
    await this.kill(pod);
    await this.report(pod, mark.message);
    mark.reported = true;
    return undefined;
  }

  /** Kill every running container (upstream's killContainer, with the eviction's grace period override), stop the sandboxes, then tear the volumes down. */
  private async kill(pod: KObject): Promise<void> {
    const rt = this.cfg.runtime;
    const uid = pod.metadata.uid as string;
    const override = this.cfg.gracePeriodOverride ?? IMMEDIATE_EVICTION_GRACE_PERIOD_SECONDS;
    for (const sb of await rt.listPodSandbox({ labelSelector: { [LABEL_POD_UID]: uid } })) {
      const running = (await rt.listContainers({ podSandboxId: sb.id })).filter((c) => c.state !== 'CONTAINER_EXITED');
      // All at once, as upstream's killContainersWithSyncResult: each preStop gets the same short window.
      await Promise.all(running.map((c) => killContainer({
        runtime: rt, pod, containerId: c.id, name: c.metadata.name, sandboxId: sb.id, reason: 'deletion', gracePeriodOverride: override,
        event: containerEventSink(this.cfg.recorder, pod, c.metadata.name), logger: this.cfg.logger, clock: this.cfg.clock, timers: this.cfg.timers,
      })));
      await rt.stopPodSandbox(sb.id);
    }
    await this.cfg.volumes?.tearDown(uid);
  }

  /** Write the terminal status: what the runtime now says, forced to Failed/Evicted as upstream's status function does. */
  private async report(pod: KObject, message: string): Promise<void> {
    const rt = this.cfg.runtime;
    const sandboxes = await rt.listPodSandbox({ labelSelector: { [LABEL_POD_UID]: pod.metadata.uid as string } });
    const sandbox = sandboxes.sort((a, b) => b.createdAt - a.createdAt)[0];
    const containers = sandbox ? await rt.listContainers({ podSandboxId: sandbox.id }) : [];
    const status = computePodStatus({
      pod, sandbox, containers, backoff: new Map(), now: this.cfg.clock.now(), terminated: true,
      ready: () => false, hostIP: this.cfg.hostIP(), containerIdPrefix: this.cfg.containerIdPrefix,
    });
    Object.assign(status, { phase: 'Failed', reason: REASON_EVICTED, message });
    try {
      await this.cfg.client.patch({ ...PODS, namespace: pod.metadata.namespace, name: pod.metadata.name, subresource: 'status' },
        'merge', { metadata: { uid: pod.metadata.uid }, status });
    } catch (e) {
      if (!isK8sError(e, 'NotFound')) throw e;
    }
  }
}

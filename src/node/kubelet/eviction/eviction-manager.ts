/**
 * The kubelet's local storage eviction (upstream's eviction manager,
 * localStorageEviction, emptyDir part): every period it measures the
 * disk-backed emptyDir volumes that have a sizeLimit and evicts a pod as
 * soon as one of them holds more than its limit. Measurement is a du-like
 * walk (disk-usage.ts) that stops once the limit is passed; pods are
 * measured one after another, so a pass costs one volume's walk at a time.
 */
import { join } from 'node:path';
import type { Clock } from '../../../base/clock.ts';
import type { Logger } from '../../../base/logger.ts';
import type { TimerScheduler } from '../../../base/workqueue.ts';
import type { KObject } from '../../../api/types.ts';
import { PLUGIN_DIRS } from '../volumes/types.ts';
import { diskUsage } from './disk-usage.ts';
import { diskEmptyDirLimits, emptyDirLimitMessage, isActivePod, isCriticalPod } from './local-storage.ts';
import type { EvictPodFn } from './types.ts';

/** Upstream's evictionMonitoringPeriod. */
export const DEFAULT_MONITORING_PERIOD_MS = 10_000;

/** Environment variable that overrides the period (milliseconds), so e2e tests need not wait 10 s. */
export const MONITORING_PERIOD_ENV = 'K8TS_EVICTION_MONITORING_PERIOD_MS';

/** The period from {@link MONITORING_PERIOD_ENV}, or undefined when unset or not a positive integer. */
export function monitoringPeriodFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const v = env[MONITORING_PERIOD_ENV];
  return v && /^[1-9]\d*$/.test(v) ? Number(v) : undefined;
}

/** Configuration of {@link EvictionManager}. */
export interface EvictionManagerConfig {
  /** The kubelet's root directory; volumes live in ROOT/pods/UID/volumes/PLUGIN/NAME (volume-manager.ts). */
  rootDir: string;
  /** The pods bound to this node, as the pod source has them. */
  pods: () => KObject[];
  evict: EvictPodFn;
  timers: TimerScheduler;
  clock: Clock;
  logger: Logger;
  /** Pause between the end of one pass and the next; default 10 s. */
  periodMs?: number;
}

/** What one pass did. */
export interface PassResult {
  /** Pods with at least one limited disk emptyDir. */
  pods: number;
  /** Volumes measured. */
  volumes: number;
  /** Directory entries looked at. */
  entries: number;
  /** "namespace/name" of the pods evicted in this pass. */
  evicted: string[];
  ms: number;
}

/** Periodic emptyDir sizeLimit enforcement for one node. */
export class EvictionManager {
  /** Uids already handed to `evict`: an eviction takes a while, and one is enough. */
  private readonly evicted = new Set<string>();
  private timer: unknown;
  private stopped = false;

  constructor(private readonly cfg: EvictionManagerConfig) {}

  /** Run a pass every period until {@link stop}. */
  start(): void {
    const period = this.cfg.periodMs ?? DEFAULT_MONITORING_PERIOD_MS;
    const tick = (): void => {
      this.timer = undefined;
      if (this.stopped) return;
      this.pass().catch((e: unknown) => this.cfg.logger.warn('local storage eviction pass failed', { err: (e as Error).message }))
        .finally(() => { if (!this.stopped) this.timer = this.cfg.timers.set(tick, period); });
    };
    this.timer = this.cfg.timers.set(tick, period);
  }

  /** Stop scheduling passes (a running one finishes its current volume and evicts nothing more). */
  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.cfg.timers.clear(this.timer);
    this.timer = undefined;
  }

  /** Measure every limited disk emptyDir of the node's active pods once; evict the pods over a limit. */
  async pass(): Promise<PassResult> {
    const t0 = this.cfg.clock.now();
    const res: PassResult = { pods: 0, volumes: 0, entries: 0, evicted: [], ms: 0 };
    const pods = this.cfg.pods();
    const live = new Set<string>();
    for (const pod of pods) {
      const uid = pod.metadata.uid as string;
      live.add(uid);
      if (this.stopped || this.evicted.has(uid) || !isActivePod(pod)) continue;
      const limits = diskEmptyDirLimits(pod);
      if (limits.length === 0) continue;
      res.pods++;
      for (const lim of limits) {
        const dir = join(this.cfg.rootDir, 'pods', uid, 'volumes', PLUGIN_DIRS.emptyDir as string, lim.volume);
        const used = await diskUsage(dir, { stopAbove: lim.limitBytes });
        res.volumes++;
        res.entries += used.entries;
        if (used.bytes <= lim.limitBytes || this.stopped) continue;
        const key = `${pod.metadata.namespace as string}/${pod.metadata.name as string}`;
        if (isCriticalPod(pod)) {
          this.cfg.logger.warn('cannot evict a critical pod', { pod: key, volume: lim.volume, limit: lim.limit });
          break;
        }
        this.cfg.logger.info('emptyDir over its sizeLimit', { pod: key, volume: lim.volume, usedBytes: used.bytes, limit: lim.limit });
        this.evicted.add(uid);
        res.evicted.push(key);
        this.cfg.evict(pod, emptyDirLimitMessage(lim.volume, lim.limit));
        break;
      }
    }
    for (const uid of this.evicted) if (!live.has(uid)) this.evicted.delete(uid);
    res.ms = this.cfg.clock.now() - t0;
    return res;
  }
}

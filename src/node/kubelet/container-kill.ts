/**
 * Killing one running container, upstream's killContainer, whatever the
 * cause: pod deletion, a failed liveness or startup probe, a failed
 * postStart hook. A Normal Killing event, then the preStop hook within the
 * grace period (its failure is a Warning FailedPreStopHook event, never a
 * reason not to stop), then the runtime's StopContainer with what is left
 * of the grace period: SIGTERM, SIGKILL when it runs out, and never less
 * than 2 s between the two.
 */
import { realClock, type Clock } from '../../base/clock.ts';
import type { Logger } from '../../base/logger.ts';
import { realTimers, type TimerScheduler } from '../../base/workqueue.ts';
import type { KObject } from '../../api/types.ts';
import type { ContainerRuntime } from '../runtime/types.ts';
import { hookOf, podIPOf, runHook } from './lifecycle-hooks.ts';
import type { ContainerEventSink } from './pod-events.ts';

type Obj = Record<string, unknown>;

/** Why a container is killed (upstream's containerKillReason); it decides the grace period. */
export type KillReason = 'deletion' | 'livenessProbe' | 'startupProbe' | 'postStartHook';

/** Upstream's minimumGracePeriodInSeconds: a stop always leaves this long between SIGTERM and SIGKILL. */
export const MIN_GRACE_SECONDS = 2;

/** What to kill, and how to tell about it. */
export interface KillRequest {
  runtime: ContainerRuntime;
  pod: KObject;
  containerId: string;
  /** Container name (regular or init): its spec supplies the preStop hook. */
  name: string;
  /** The pod's sandbox: an httpGet hook without `host` goes to its IP. */
  sandboxId: string;
  reason: KillReason;
  /** The Killing event's message; default "Stopping container NAME", as upstream. */
  message?: string;
  /** Replaces the computed grace period (upstream's gracePeriodOverride, e.g. for evictions). */
  gracePeriodOverride?: number;
  /** Events about this container (Killing, FailedPreStopHook, LifecycleHTTPFallback). */
  event?: ContainerEventSink;
  logger?: Logger;
  clock?: Clock;
  timers?: TimerScheduler;
}

/** The spec of container `name` of a pod, init or regular. */
export function containerSpecOf(pod: KObject, name: string): Obj | undefined {
  return [...((pod.spec?.initContainers ?? []) as Obj[]), ...((pod.spec?.containers ?? []) as Obj[])].find((c) => c.name === name);
}

/**
 * Upstream's setTerminationGracePeriod: a deleted pod's deletionGracePeriodSeconds;
 * else, for a probe failure, the probe's terminationGracePeriodSeconds when set;
 * else the pod's terminationGracePeriodSeconds (the API defaults it to 30).
 */
export function killGracePeriod(pod: KObject, spec: Obj | undefined, reason: KillReason): number {
  const deletion = pod.metadata.deletionGracePeriodSeconds;
  if (typeof deletion === 'number') return Math.max(0, deletion);
  const probe = reason === 'livenessProbe' ? spec?.livenessProbe : reason === 'startupProbe' ? spec?.startupProbe : undefined;
  const probeGrace = (probe as Obj | undefined)?.terminationGracePeriodSeconds;
  return Math.max(0, Number(probeGrace ?? pod.spec?.terminationGracePeriodSeconds ?? 30));
}

/** Run the preStop hook for at most `graceSeconds`; resolves with the whole seconds it took. */
async function runPreStop(k: KillRequest, hook: Obj, spec: Obj, graceSeconds: number): Promise<number> {
  const clock = k.clock ?? realClock;
  const timers = k.timers ?? realTimers;
  const t0 = clock.now();
  const target = { runtime: k.runtime, pod: k.pod, spec, containerId: k.containerId, podIP: await podIPOf(k.runtime, k.sandboxId), event: k.event };
  const done = runHook(hook, target, graceSeconds * 1000).catch((e: unknown) => {
    // Upstream keeps the handler's message out of the event: commands and their output may hold secrets.
    k.logger?.warn('preStop hook failed', { pod: `${k.pod.metadata.namespace}/${k.pod.metadata.name}`, container: k.name, err: (e as Error).message });
    k.event?.('Warning', 'FailedPreStopHook', 'PreStopHook failed');
  });
  let timer: unknown;
  const expired = new Promise<void>((r) => { timer = timers.set(r, graceSeconds * 1000); });
  await Promise.race([done, expired]);
  timers.clear(timer);
  return Math.floor((clock.now() - t0) / 1000);
}

/** Kill a running container: Killing event, preStop within the grace period, then stop with the rest of it. */
export async function killContainer(k: KillRequest): Promise<void> {
  const spec = containerSpecOf(k.pod, k.name);
  let grace = k.gracePeriodOverride ?? killGracePeriod(k.pod, spec, k.reason);
  k.event?.('Normal', 'Killing', k.message ?? `Stopping container ${k.name}`);
  const hook = spec ? hookOf(spec, 'preStop') : undefined;
  if (hook && spec && grace > 0) grace -= await runPreStop(k, hook, spec, grace);
  await k.runtime.stopContainer(k.containerId, Math.max(MIN_GRACE_SECONDS, grace));
}

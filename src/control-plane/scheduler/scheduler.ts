/**
 * The scheduler component: an API client that watches nodes, pods,
 * PriorityClasses and namespaces, schedules pending pods of its
 * schedulerName one at a time on the event loop, and binds them
 * asynchronously with bounded concurrency. `startScheduler` returns once
 * the caches are synced and the loop runs.
 *
 * Leader election (Lease kube-system/kube-scheduler) wraps this in
 * src/cluster/scheduler-election.ts; a bare startScheduler always schedules.
 */
import { realClock, type Clock } from '../../base/clock.ts';
import type { Logger } from '../../base/logger.ts';
import type { KObject } from '../../api/types.ts';
import { Informer } from '../../client/informer.ts';
import { SharedInformerFactory } from '../../client/shared-informer-factory.ts';
import type { KubeClient } from '../../client/types.ts';
import { SchedulerCache } from './cache.ts';
import type { SchedulerContext } from './context.ts';
import { scheduleOne } from './cycle.ts';
import { EventRecorder } from './events.ts';
import { Framework } from './framework.ts';
import { registerHandlers } from './handlers.ts';
import { ConcurrencyLimiter } from './limiter.ts';
import { NominatedPods } from './nominated.ts';
import { defaultProfile } from './plugins/registry.ts';
import { PriorityResolver } from './priority.ts';
import { SchedulingQueue } from './queue.ts';

/** Configuration of {@link startScheduler}. */
export interface SchedulerConfig {
  client: KubeClient;
  logger: Logger;
  clock?: Clock;
  /** Pods with this spec.schedulerName are ours; default 'default-scheduler'. */
  schedulerName?: string;
  /** As upstream's percentageOfNodesToScore; 0 (default) is adaptive. */
  percentageOfNodesToScore?: number;
  /** Bindings in flight at once; default 48 (the client pool has 64 sockets). */
  bindConcurrency?: number;
  /** Per-pod backoff after a failure, ms; default [1000, 10000]. */
  backoffMs?: [number, number];
  /** How long to wait for the first list of every informer; default 60 s. */
  cacheSyncTimeoutMs?: number;
}

/** A running scheduler. */
export interface RunningScheduler {
  /** Counters (scheduled, failed attempts, bind errors, preemptions). */
  readonly metrics: SchedulerContext['metrics'];
  /** Queue sizes. */
  queueStats(): { active: number; backoff: number; unschedulable: number };
  /** Stop scheduling, wait for in-flight bindings, stop informers. */
  stop(): Promise<void>;
}

/** Longest stretch of scheduling before yielding to I/O (watch events, bind answers). */
const SLICE_MS = 8;

/** Start a scheduler against the API server `cfg.client` talks to. */
export async function startScheduler(cfg: SchedulerConfig): Promise<RunningScheduler> {
  const clock = cfg.clock ?? realClock;
  const schedulerName = cfg.schedulerName ?? 'default-scheduler';
  const logger = cfg.logger.child({ component: 'scheduler', schedulerName });
  const factory = new SharedInformerFactory({ client: cfg.client, logger });
  const nodes = factory.informerFor<KObject>({ group: '', version: 'v1', plural: 'nodes' });
  const classes = factory.informerFor<KObject>({ group: 'scheduling.k8s.io', version: 'v1', plural: 'priorityclasses' });
  const namespaces = factory.informerFor<KObject>({ group: '', version: 'v1', plural: 'namespaces' });
  const pods = new Informer<KObject>({ client: cfg.client, resource: { group: '', version: 'v1', plural: 'pods' }, logger });
  const cache = new SchedulerCache();
  const nominated = new NominatedPods();
  const [first, max] = cfg.backoffMs ?? [1000, 10_000];
  const queue = new SchedulingQueue({ clock, initialBackoffMs: first, maxBackoffMs: max });
  const ctx: SchedulerContext = {
    client: cfg.client, logger, clock, schedulerName, cache, queue, nominated,
    framework: new Framework(defaultProfile(schedulerName), cfg.percentageOfNodesToScore ?? 0),
    priorities: new PriorityResolver(classes.lister),
    recorder: new EventRecorder({ client: cfg.client, logger, clock, component: schedulerName }),
    view: {
      nodes: () => cache.nodes(),
      namespaceLabels: (ns) => namespaces.lister.get(ns)?.metadata.labels,
      havePodsWithAffinity: () => cache.havePodsWithAffinity(),
      imageNodeCount: (img) => cache.imageNodeCount(img),
      nominatedPods: (n) => nominated.get(n),
    },
    binds: new ConcurrencyLimiter(cfg.bindConcurrency ?? 48),
    writes: new ConcurrencyLimiter(8),
    metrics: { scheduled: 0, failed: 0, bindErrors: 0, preemptions: 0 },
  };
  registerHandlers(ctx, pods, nodes);
  factory.start();
  pods.start();
  const timeout = cfg.cacheSyncTimeoutMs ?? 60_000;
  try {
    await Promise.all([factory.waitForCacheSync(timeout), pods.waitForSync(timeout)]);
  } catch (e) {
    queue.close();
    await Promise.all([factory.stop(), pods.stop()]);
    throw e;
  }
  logger.info('scheduler started', { nodes: cache.nodes().length, pending: queue.stats().active });

  const leftover = setInterval(() => queue.flushUnschedulableLeftover(), 30_000);
  leftover.unref();
  const loop = (async () => {
    let slice = performance.now();
    for (;;) {
      const qp = await queue.pop();
      if (!qp) return;
      try {
        scheduleOne(ctx, qp);
      } catch (e) {
        logger.error('scheduling cycle crashed', { pod: qp.key, err: e as Error });
        queue.requeueFailed(qp.key, false);
      }
      if (performance.now() - slice > SLICE_MS) {
        await new Promise((r) => setImmediate(r));
        slice = performance.now();
      }
    }
  })();

  return {
    metrics: ctx.metrics,
    queueStats: () => queue.stats(),
    async stop() {
      clearInterval(leftover);
      queue.close();
      await loop;
      await ctx.binds.idle();
      await Promise.all([ctx.writes.idle(), ctx.recorder.flush()]);
      await Promise.all([factory.stop(), pods.stop()]);
      logger.info('scheduler stopped', { ...ctx.metrics });
    },
  };
}

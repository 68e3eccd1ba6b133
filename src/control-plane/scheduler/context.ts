/** What the scheduling cycle, binder and event handlers share. */
import type { Clock } from '../../base/clock.ts';
import type { Logger } from '../../base/logger.ts';
import type { KubeClient } from '../../client/types.ts';
import type { SchedulerCache } from './cache.ts';
import type { EventRecorder } from './events.ts';
import type { Framework } from './framework.ts';
import type { ConcurrencyLimiter } from './limiter.ts';
import type { NominatedPods } from './nominated.ts';
import type { PriorityResolver } from './priority.ts';
import type { SchedulingQueue } from './queue.ts';
import type { ClusterView } from './types.ts';

/** Shared state of one running scheduler. */
export interface SchedulerContext {
  client: KubeClient;
  logger: Logger;
  clock: Clock;
  schedulerName: string;
  cache: SchedulerCache;
  queue: SchedulingQueue;
  framework: Framework;
  priorities: PriorityResolver;
  recorder: EventRecorder;
  nominated: NominatedPods;
  view: ClusterView;
  /** Bindings in flight. */
  binds: ConcurrencyLimiter;
  /** Status writes (PodScheduled=False, nominatedNodeName) and victim deletions. */
  writes: ConcurrencyLimiter;
  /** Counters for logs and benchmarks. */
  metrics: { scheduled: number; failed: number; bindErrors: number; preemptions: number };
}

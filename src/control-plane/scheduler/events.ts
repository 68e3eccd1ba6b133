/**
 * core/v1 Events about pods (Scheduled, FailedScheduling, Preempted), as
 * `kubectl describe pod` shows them. Repeats of the same reason and message
 * for a pod bump count and lastTimestamp of one Event instead of creating
 * new ones, as client-go's event correlator does. Events are best effort:
 * they go out with low concurrency behind the bindings, and are dropped
 * (with a log line) when the backlog is full.
 */
import { hostname } from 'node:os';
import type { Clock } from '../../base/clock.ts';
import type { Logger } from '../../base/logger.ts';
import type { KubeClient } from '../../client/types.ts';
import { eventName } from '../../client/event-recorder.ts';
import { ConcurrencyLimiter } from './limiter.ts';
import type { Pod } from './types.ts';

interface Seen { name: string; count: number; first: string }

/** Options of {@link EventRecorder}. */
export interface EventRecorderConfig {
  client: KubeClient;
  logger: Logger;
  clock: Clock;
  /** source.component and reportingComponent. */
  component: string;
  concurrency?: number;
  maxBacklog?: number;
}

/** Emits Events for pods. */
export class EventRecorder {
  private readonly limiter: ConcurrencyLimiter;
  private readonly seen = new Map<string, Seen>();
  private readonly instance: string;
  private dropped = 0;

  constructor(private readonly cfg: EventRecorderConfig) {
    this.limiter = new ConcurrencyLimiter(cfg.concurrency ?? 8, cfg.maxBacklog ?? 20_000);
    this.instance = `${cfg.component}-${hostname()}`;
  }

  /** Record an event about `pod`. */
  event(pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const ns = pod.metadata.namespace ?? 'default';
    const now = new Date(this.cfg.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
    const key = `${ns}/${pod.metadata.name}/${pod.metadata.uid}/${reason}/${message}`;
    const prev = this.seen.get(key);
    const ref = { group: '', version: 'v1', plural: 'events', namespace: ns };
    let task: () => Promise<void>;
    if (prev) {
      prev.count++;
      const body = { count: prev.count, lastTimestamp: now, message };
      task = async () => { await this.cfg.client.patch({ ...ref, name: prev.name }, 'merge', body); };
    } else {
      if (this.seen.size >= 8192) this.seen.clear(); // bounded memory; a lost correlation only means a new Event
      const name = eventName(pod.metadata.name ?? '', this.cfg.clock.now());
      this.seen.set(key, { name, count: 1, first: now });
      const body = {
        apiVersion: 'v1', kind: 'Event',
        metadata: { name, namespace: ns },
        involvedObject: { apiVersion: 'v1', kind: 'Pod', namespace: ns, name: pod.metadata.name, uid: pod.metadata.uid, resourceVersion: pod.metadata.resourceVersion },
        reason, message, type,
        source: { component: this.cfg.component },
        reportingComponent: this.cfg.component, reportingInstance: this.instance,
        firstTimestamp: now, lastTimestamp: now, count: 1,
      };
      task = async () => { await this.cfg.client.create(ref, body); };
    }
    const ok = this.limiter.run(async () => {
      try {
        await task();
      } catch (e) {
        this.cfg.logger.debug('event not recorded', { reason, pod: `${ns}/${pod.metadata.name}`, err: (e as Error).message });
      }
    });
    if (!ok && this.dropped++ % 1000 === 0) this.cfg.logger.warn('event backlog full, dropping events', { dropped: this.dropped });
  }

  /** Wait for queued events (tests, shutdown). */
  flush(): Promise<void> { return this.limiter.idle(); }
}

/**
 * A small core/v1 Event recorder for controllers and the kubelet, so that
 * `kubectl describe` lists what a component did to an object (upstream:
 * client-go's record.EventRecorder). Repeats of the same reason and message
 * about the same object bump count and lastTimestamp of one Event instead
 * of creating another, as client-go's event correlator does. Events are best
 * effort: writes run in the background with bounded concurrency, failures
 * are logged at debug level, and a full backlog drops events.
 */
import { hostname } from 'node:os';
import type { Clock } from '../base/clock.ts';
import type { Logger } from '../base/logger.ts';
import type { KObject } from '../api/types.ts';
import type { KubeClient } from './types.ts';

/** Event types, as upstream. */
export type EventType = 'Normal' | 'Warning';

/** Options of {@link EventRecorder}. */
export interface EventRecorderConfig {
  client: KubeClient;
  logger: Logger;
  clock: Clock;
  /** source.component and reportingComponent, e.g. 'deployment-controller' or 'kubelet'. */
  component: string;
  /** source.host (the kubelet sets its node name). */
  host?: string;
  /** Writes in flight at once (default 4). */
  concurrency?: number;
  /** Queued writes beyond which events are dropped (default 5,000). */
  maxBacklog?: number;
}

/**
 * What the involvedObject needs beyond the object: its apiVersion/kind when
 * unset (objects from lists often lack them) and a fieldPath such as
 * `spec.containers{app}` for events about one container.
 */
export interface InvolvedRef { apiVersion?: string; kind?: string; fieldPath?: string }

let lastNanos = 0n;

/**
 * An Event name as upstream forms it, `<object>.<hex nanoseconds>`, made
 * strictly increasing within this process: `kubectl describe` breaks ties
 * between events of the same second by list (= name) order, so names must
 * sort in the order the events happened. BigInt because nanoseconds since
 * the epoch exceed a double's exact range.
 */
export function eventName(objectName: string, nowMs: number): string {
  let n = BigInt(Math.floor(nowMs)) * 1_000_000n;
  if (n <= lastNanos) n = lastNanos + 1n;
  lastNanos = n;
  return `${objectName}.${n.toString(16)}`;
}

interface Seen { name: string; count: number; done: Promise<void> }

const EVENTS = { group: '', version: 'v1', plural: 'events' };
const MAX_SEEN = 4096;

/** Emits core/v1 Events about objects. */
export class EventRecorder {
  private readonly seen = new Map<string, Seen>();
  private readonly instance: string;
  private inFlight = 0;
  private readonly backlog: Array<() => Promise<void>> = [];
  private idleWaiters: Array<() => void> = [];
  private dropped = 0;

  constructor(private readonly cfg: EventRecorderConfig) {
    this.instance = cfg.host ?? `${cfg.component}-${hostname()}`;
  }

  /** Record an event about `obj`; `ref` fills in apiVersion/kind when the object lacks them. */
  event(obj: KObject, type: EventType, reason: string, message: string, ref?: InvolvedRef): void {
    const ns = obj.metadata.namespace || 'default';
    const now = new Date(this.cfg.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
    const key = `${obj.metadata.uid ?? obj.metadata.name}/${ref?.fieldPath ?? ''}/${type}/${reason}/${message}`;
    const prev = this.seen.get(key);
    if (prev) {
      prev.count++;
      const count = prev.count;
      const after = prev.done;
      prev.done = this.enqueue(reason, async () => {
        await after;
        await this.cfg.client.patch({ ...EVENTS, namespace: ns, name: prev.name }, 'merge', { count, lastTimestamp: now, message });
      });
      return;
    }
    if (this.seen.size >= MAX_SEEN) this.seen.clear(); // bounded memory; a lost correlation only means a new Event
    const name = eventName(obj.metadata.name ?? '', this.cfg.clock.now());
    const body: KObject = {
      apiVersion: 'v1', kind: 'Event',
      metadata: { name, namespace: ns },
      involvedObject: {
        apiVersion: obj.apiVersion ?? ref?.apiVersion, kind: obj.kind ?? ref?.kind,
        namespace: obj.metadata.namespace, name: obj.metadata.name, uid: obj.metadata.uid,
        resourceVersion: obj.metadata.resourceVersion,
        ...(ref?.fieldPath ? { fieldPath: ref.fieldPath } : {}),
      },
      reason, message, type,
      source: this.cfg.host ? { component: this.cfg.component, host: this.cfg.host } : { component: this.cfg.component },
      reportingComponent: this.cfg.component, reportingInstance: this.instance,
      firstTimestamp: now, lastTimestamp: now, count: 1,
    };
    const entry: Seen = { name, count: 1, done: Promise.resolve() };
    this.seen.set(key, entry);
    entry.done = this.enqueue(reason, async () => { await this.cfg.client.create({ ...EVENTS, namespace: ns }, body); });
  }

  /** Wait for queued events (tests, shutdown). */
  flush(): Promise<void> {
    if (this.inFlight === 0 && this.backlog.length === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  /** Queue a write; the promise settles (never rejects) when it ran or was dropped. */
  private enqueue(reason: string, write: () => Promise<void>): Promise<void> {
    return new Promise<void>((resolve) => {
      const task = async (): Promise<void> => {
        try {
          await write();
        } catch (e) {
          this.cfg.logger.debug('event not recorded', { reason, err: (e as Error).message });
        } finally {
          resolve();
        }
      };
      if (this.inFlight < (this.cfg.concurrency ?? 4)) { this.start(task); return; }
      if (this.backlog.length >= (this.cfg.maxBacklog ?? 5000)) {
        if (this.dropped++ % 1000 === 0) this.cfg.logger.warn('event backlog full, dropping events', { dropped: this.dropped });
        resolve();
        return;
      }
      this.backlog.push(task);
    });
  }

  private start(task: () => Promise<void>): void {
    this.inFlight++;
    void task().finally(() => {
      this.inFlight--;
      const next = this.backlog.shift();
      if (next) this.start(next);
      else if (this.inFlight === 0) for (const w of this.idleWaiters.splice(0)) w();
    });
  }
}

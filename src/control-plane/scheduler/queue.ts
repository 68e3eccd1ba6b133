/**
 * The scheduling queue, as upstream's: an active heap (highest priority
 * first, then oldest), a backoff heap of pods that failed recently (1 s
 * doubling to 10 s per pod), and a set of unschedulable pods that wait
 * for a cluster event (node added or changed, pod deleted...) that might
 * make them fit. A pod that failed while such an event happened during
 * its attempt goes to backoff instead, so the event is not lost.
 */
import { realClock, type Clock } from '../../base/clock.ts';
import { realTimers, type TimerScheduler } from '../../base/workqueue.ts';
import { Heap, type HeapItem } from './heap.ts';
import type { Pod } from './types.ts';

/** A pod waiting in the queue. */
export interface QueuedPod extends HeapItem {
  key: string;
  pod: Pod;
  priority: number;
  /** creationTimestamp in ms (ties broken by seq). */
  created: number;
  seq: number;
  /** Failed attempts so far. */
  attempts: number;
  /** When backoff ends (ms). */
  backoffUntil: number;
  /** When it became unschedulable (ms). */
  unschedulableSince: number;
  /** The scheduling cycle in which it was last popped. */
  cycle: number;
}

/** Options of {@link SchedulingQueue}. */
export interface SchedulingQueueOptions {
  clock?: Clock;
  timers?: TimerScheduler;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Unschedulable pods are retried anyway after this long (upstream 5 min). */
  maxUnschedulableMs?: number;
}

/** Priority queue of pods to schedule. */
export class SchedulingQueue {
  private readonly clock: Clock;
  private readonly timers: TimerScheduler;
  private readonly initialBackoff: number;
  private readonly maxBackoff: number;
  private readonly maxUnschedulable: number;
  private readonly active = new Heap<QueuedPod>((a, b) =>
    a.priority !== b.priority ? a.priority > b.priority : a.created !== b.created ? a.created < b.created : a.seq < b.seq);
  private readonly backoff = new Heap<QueuedPod>((a, b) => a.backoffUntil < b.backoffUntil);
  private readonly unschedulable = new Map<string, QueuedPod>();
  /** Every pod known to the queue (in a heap, unschedulable, or being scheduled). */
  private readonly all = new Map<string, QueuedPod>();
  private readonly inFlight = new Set<string>();
  private waiters: Array<(p: QueuedPod | undefined) => void> = [];
  private seq = 0;
  private cycle = 0;
  private moveRequestCycle = -1;
  private timer: unknown;
  private timerAt = Infinity;
  private closed = false;

  constructor(opts: SchedulingQueueOptions = {}) {
    this.clock = opts.clock ?? realClock;
    this.timers = opts.timers ?? realTimers;
    this.initialBackoff = opts.initialBackoffMs ?? 1000;
    this.maxBackoff = opts.maxBackoffMs ?? 10_000;
    this.maxUnschedulable = opts.maxUnschedulableMs ?? 300_000;
  }

  /** A new pending pod, or an update of one: (re)queue it as upstream's Add/Update do. */
  addOrUpdate(key: string, pod: Pod, priority: number): void {
    if (this.closed) return;
    const qp = this.all.get(key);
    if (!qp) {
      const created = Date.parse(pod.metadata.creationTimestamp ?? '') || this.clock.now();
      const n: QueuedPod = { key, pod, priority, created, seq: this.seq++, attempts: 0, backoffUntil: 0, unschedulableSince: 0, cycle: -1, heapIndex: -1 };
      this.all.set(key, n);
      this.pushActive(n);
      return;
    }
    const changed = qp.priority !== priority;
    qp.pod = pod;
    if (this.active.has(qp) && changed) {
      this.active.remove(qp);
      qp.priority = priority;
      this.active.push(qp);
      return;
    }
    qp.priority = priority;
    // An edited unschedulable pod (new tolerations, smaller requests) deserves a new attempt.
    if (this.unschedulable.has(key)) {
      this.unschedulable.delete(key);
      this.requeue(qp);
    }
  }

  /** A status-only change: keep the pod where it is, with the newer object. */
  updatePod(key: string, pod: Pod): void {
    const qp = this.all.get(key);
    if (qp) qp.pod = pod;
  }

  /** The pod is gone or was bound by someone else. */
  delete(key: string): void {
    const qp = this.all.get(key);
    if (!qp) return;
    this.all.delete(key);
    this.active.remove(qp);
    this.backoff.remove(qp);
    this.unschedulable.delete(key);
  }

  /** Whether the queue tracks the pod. */
  has(key: string): boolean { return this.all.has(key); }

  /** Wait for the next pod; undefined once closed. */
  pop(): Promise<QueuedPod | undefined> {
    const qp = this.popNow();
    if (qp || this.closed) return Promise.resolve(qp);
    return new Promise((r) => this.waiters.push(r));
  }

  /** The next active pod, if any, without waiting. */
  popNow(): QueuedPod | undefined {
    this.flushBackoff();
    const qp = this.active.pop();
    if (!qp) return undefined;
    qp.cycle = ++this.cycle;
    this.inFlight.add(qp.key);
    return qp;
  }

  /** The attempt ended successfully (assumed and handed to the binder). */
  done(key: string): void {
    this.inFlight.delete(key);
    const qp = this.all.get(key);
    if (qp && !this.active.has(qp) && !this.backoff.has(qp) && !this.unschedulable.has(key)) this.all.delete(key);
  }

  /**
   * The attempt failed. Unschedulable pods wait for an event, unless one
   * happened during the attempt; errors (API failures) go to backoff.
   */
  requeueFailed(key: string, unschedulable: boolean): void {
    this.inFlight.delete(key);
    const qp = this.all.get(key);
    if (!qp || this.closed) return;
    qp.attempts++;
    qp.backoffUntil = this.clock.now() + this.backoffDuration(qp);
    if (unschedulable && this.moveRequestCycle < qp.cycle) {
      qp.unschedulableSince = this.clock.now();
      this.unschedulable.set(key, qp);
      return;
    }
    this.requeue(qp);
  }

  /** A cluster event that may help unschedulable pods: move them to active (or backoff). */
  moveAllToActiveOrBackoff(): void {
    this.moveRequestCycle = this.cycle;
    if (this.unschedulable.size === 0) return;
    const pods = [...this.unschedulable.values()];
    this.unschedulable.clear();
    for (const qp of pods) this.requeue(qp);
  }

  /** Retry unschedulable pods that waited longer than the maximum (call periodically). */
  flushUnschedulableLeftover(): void {
    const now = this.clock.now();
    for (const [k, qp] of this.unschedulable) {
      if (now - qp.unschedulableSince < this.maxUnschedulable) continue;
      this.unschedulable.delete(k);
      this.requeue(qp);
    }
  }

  /** Counts for logs and tests. */
  stats(): { active: number; backoff: number; unschedulable: number } {
    return { active: this.active.size, backoff: this.backoff.size, unschedulable: this.unschedulable.size };
  }

  /** Wake waiting poppers with undefined and stop accepting pods. */
  close(): void {
    this.closed = true;
    if (this.timer !== undefined) this.timers.clear(this.timer);
    for (const w of this.waiters.splice(0)) w(undefined);
  }

  private backoffDuration(qp: QueuedPod): number {
    return Math.min(this.maxBackoff, this.initialBackoff * 2 ** Math.min(qp.attempts - 1, 30));
  }

  private requeue(qp: QueuedPod): void {
    if (qp.backoffUntil > this.clock.now()) {
      this.backoff.push(qp);
      this.arm();
    } else {
      this.pushActive(qp);
    }
  }

  private pushActive(qp: QueuedPod): void {
    const w = this.waiters.shift();
    if (w) {
      qp.cycle = ++this.cycle;
      this.inFlight.add(qp.key);
      w(qp);
      return;
    }
    this.active.push(qp);
  }

  /** Move pods whose backoff ended to active. Public for fake-clock tests. */
  flushBackoff(): void {
    const now = this.clock.now();
    for (let qp = this.backoff.peek(); qp && qp.backoffUntil <= now; qp = this.backoff.peek()) {
      this.backoff.pop();
      this.pushActive(qp);
    }
    this.arm();
  }

  private arm(): void {
    const first = this.backoff.peek();
    if (!first || this.closed) return;
    if (this.timer !== undefined && this.timerAt <= first.backoffUntil) return;
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timerAt = first.backoffUntil;
    this.timer = this.timers.set(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.flushBackoff();
    }, Math.max(0, first.backoffUntil - this.clock.now()));
  }
}

/**
 * Leader election over a coordination.k8s.io/v1 Lease, with client-go's
 * semantics: a candidate takes the Lease when it is free or its holder has
 * not renewed it for leaseDuration (timed on this process's clock from when
 * the record last changed, so clock skew between machines does not matter),
 * the leader renews every retryPeriod, and steps down when it could not
 * renew for renewDeadline or sees another holder. Writes are
 * compare-and-swap on the Lease's resourceVersion, so two candidates never
 * both win. Stopping a leader releases the Lease for a quick hand-over.
 */
import { realClock, type Clock } from '../base/clock.ts';
import { isK8sError } from '../base/errors.ts';
import { nullLogger, type Logger } from '../base/logger.ts';
import { realTimers, type TimerScheduler } from '../base/workqueue.ts';
import type { KObject } from '../api/types.ts';
import type { KubeClient } from './types.ts';

const LEASES = { group: 'coordination.k8s.io', version: 'v1', plural: 'leases' };

/** Configuration of {@link LeaderElector}. */
export interface LeaderElectionConfig {
  client: KubeClient;
  /** The Lease, e.g. kube-system/kube-controller-manager. */
  namespace: string;
  name: string;
  /** This candidate's unique identity (upstream: hostname_uuid). */
  identity: string;
  /** Default 15 s (--leader-elect-lease-duration). */
  leaseDurationMs?: number;
  /** Default 10 s (--leader-elect-renew-deadline). */
  renewDeadlineMs?: number;
  /** Default 2 s (--leader-elect-retry-period). */
  retryPeriodMs?: number;
  clock?: Clock;
  timers?: TimerScheduler;
  logger?: Logger;
  /** Called once this candidate leads. */
  onStartedLeading(): void | Promise<void>;
  /** Called when it stops leading (lost the Lease or stopped). */
  onStoppedLeading(): void | Promise<void>;
}

/** MicroTime as the API writes it: RFC 3339 with microseconds. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

type Attempt = 'ok' | 'held' | 'error';

/** A candidate for leadership of one Lease. */
export class LeaderElector {
  private leader = false;
  private stopped = false;
  private lastRenew = 0;
  private observed?: { holder: string; renewTime: string; at: number };
  private loop?: Promise<void>;
  private wake?: () => void;
  private readonly clock: Clock;
  private readonly timers: TimerScheduler;
  private readonly logger: Logger;
  private readonly leaseMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryMs: number;

  constructor(private readonly cfg: LeaderElectionConfig) {
    this.clock = cfg.clock ?? realClock;
    this.timers = cfg.timers ?? realTimers;
    this.logger = (cfg.logger ?? nullLogger).child({ lease: `${cfg.namespace}/${cfg.name}` });
    this.leaseMs = cfg.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = cfg.renewDeadlineMs ?? 10_000;
    this.retryMs = cfg.retryPeriodMs ?? 2_000;
  }

  /** True while this candidate leads. */
  isLeader(): boolean { return this.leader; }

  /** Start campaigning; resolves after the first attempt (leading or not). */
  async start(): Promise<void> {
    let first!: () => void;
    const attempted = new Promise<void>((r) => { first = r; });
    this.loop ??= this.run(first);
    await attempted;
  }

  /** Stop campaigning; a leader steps down and releases the Lease. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    if (this.leader) {
      this.leader = false;
      await this.release().catch((e: unknown) => this.logger.info('releasing the lease failed', { err: (e as Error).message }));
      await this.cfg.onStoppedLeading();
    }
  }

  private async run(first: () => void): Promise<void> {
    let notified = false;
    while (!this.stopped) {
      const r = await this.attempt();
      const now = this.clock.now();
      if (r === 'ok') {
        this.lastRenew = now;
        if (!this.leader) {
          this.leader = true;
          this.logger.info('became leader', { identity: this.cfg.identity });
          await this.cfg.onStartedLeading();
        }
      } else if (this.leader && (r === 'held' || now - this.lastRenew >= this.renewDeadlineMs)) {
        this.leader = false;
        this.logger.warn('lost leadership', { identity: this.cfg.identity });
        await this.cfg.onStoppedLeading();
      }
      if (!notified) { notified = true; first(); }
      if (this.stopped) break;
      // Candidates retry with jitter (as client-go's JitterUntil, factor 1.2) so they do not collide.
      await this.sleep(this.leader ? this.retryMs : this.retryMs * (1 + Math.random() * 0.2));
    }
    if (!notified) first();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const h = this.timers.set(() => { this.wake = undefined; resolve(); }, ms);
      this.wake = () => { this.timers.clear(h); this.wake = undefined; resolve(); };
    });
  }

  /** One tryAcquireOrRenew. */
  private async attempt(): Promise<Attempt> {
    const c = this.cfg;
    const now = this.clock.now();
    const ref = { ...LEASES, namespace: c.namespace, name: c.name };
    const spec = (prev: KObject['spec'] | undefined, mine: boolean): Record<string, unknown> => ({
      holderIdentity: c.identity,
      leaseDurationSeconds: Math.ceil(this.leaseMs / 1000),
      acquireTime: mine ? prev?.acquireTime ?? microTime(now) : microTime(now),
      renewTime: microTime(now),
      leaseTransitions: mine ? prev?.leaseTransitions ?? 0 : (prev?.leaseTransitions ?? -1) + 1,
    });
    try {
      let lease: KObject;
      try {
        lease = await c.client.get(ref);
      } catch (e) {
        if (!isK8sError(e, 'NotFound')) throw e;
        await c.client.create({ ...LEASES, namespace: c.namespace }, {
          apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: c.name, namespace: c.namespace }, spec: spec(undefined, false),
        });
        return 'ok';
      }
      const holder = (lease.spec?.holderIdentity ?? '') as string;
      const renewTime = (lease.spec?.renewTime ?? '') as string;
      if (!this.observed || this.observed.holder !== holder || this.observed.renewTime !== renewTime) {
        this.observed = { holder, renewTime, at: now };
      }
      const durationMs = ((lease.spec?.leaseDurationSeconds as number | undefined) ?? this.leaseMs / 1000) * 1000;
      const mine = holder === c.identity;
      if (holder && !mine && this.observed.at + durationMs > now) return 'held';
      await c.client.update(ref, { ...lease, spec: spec(lease.spec, mine) });
      return 'ok';
    } catch (e) {
      if (isK8sError(e, 'Conflict') || isK8sError(e, 'AlreadyExists')) return this.leader ? 'error' : 'held';
      this.logger.info('lease attempt failed', { err: (e as Error).message });
      return 'error';
    }
  }

  /** Give the Lease up (holder cleared, 1 s duration) so the next candidate need not wait. */
  private async release(): Promise<void> {
    const ref = { ...LEASES, namespace: this.cfg.namespace, name: this.cfg.name };
    const lease = await this.cfg.client.get(ref);
    if (lease.spec?.holderIdentity !== this.cfg.identity) return;
    const now = microTime(this.clock.now());
    await this.cfg.client.update(ref, {
      ...lease, spec: { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now },
    });
  }
}

/**
 * The scheduler under leader election (Lease kube-system/kube-scheduler, as
 * upstream's --leader-elect): only the holder runs a scheduler, so two
 * control planes never both bind pods. A leader that loses the Lease stops
 * its scheduler (informers, queue) and campaigns again; a new leader starts
 * one from fresh caches.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../base/logger.ts';
import { runWhileLeader } from '../client/run-while-leader.ts';
import type { KubeClient } from '../client/types.ts';

/** Configuration of {@link startElectedScheduler}. */
export interface ElectedSchedulerConfig {
  client: KubeClient;
  logger: Logger;
  /** Unique per candidate and stable across restarts; default hostname_uuid. */
  identity?: string;
  /** Default kube-system/kube-scheduler. */
  namespace?: string;
  name?: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  /** Start the real scheduler (called each time this candidate becomes leader). */
  start(): Promise<{ stop(): Promise<void> }>;
}

/**
 * Campaign for the Lease; resolves once this candidate either leads and its
 * scheduler runs or knows another holder has the Lease.
 */
export async function startElectedScheduler(cfg: ElectedSchedulerConfig): Promise<{ stop(): Promise<void> }> {
  return runWhileLeader({
    client: cfg.client, namespace: cfg.namespace ?? 'kube-system', name: cfg.name ?? 'kube-scheduler',
    identity: cfg.identity ?? `${hostname()}_${randomUUID()}`,
    leaseDurationMs: cfg.leaseDurationMs, renewDeadlineMs: cfg.renewDeadlineMs, retryPeriodMs: cfg.retryPeriodMs,
    logger: cfg.logger.child({ component: 'scheduler-election' }), what: 'the scheduler', start: cfg.start,
  });
}

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
import { LeaderElector } from '../client/leader-election.ts';
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
  const logger = cfg.logger.child({ component: 'scheduler-election' });
  let running: Promise<{ stop(): Promise<void> } | undefined> = Promise.resolve(undefined);
  const elector = new LeaderElector({
    client: cfg.client, namespace: cfg.namespace ?? 'kube-system', name: cfg.name ?? 'kube-scheduler',
    identity: cfg.identity ?? `${hostname()}_${randomUUID()}`,
    leaseDurationMs: cfg.leaseDurationMs, renewDeadlineMs: cfg.renewDeadlineMs, retryPeriodMs: cfg.retryPeriodMs, logger,
    onStartedLeading: async () => {
      running = cfg.start().catch((e: unknown) => {
        logger.error('starting the scheduler failed', { err: (e as Error).message });
        return undefined;
      });
      await running;
    },
    onStoppedLeading: async () => {
      const r = await running;
      running = Promise.resolve(undefined);
      await r?.stop();
    },
  });
  await elector.start();
  let stopping: Promise<void> | undefined;
  return {
    stop(): Promise<void> {
      stopping ??= elector.stop().then(async () => { await (await running)?.stop(); });
      return stopping;
    },
  };
}

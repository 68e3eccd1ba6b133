/**
 * Run a component only while this candidate holds its Lease, as upstream's
 * --leader-elect components do: on leading, start it; on losing the Lease,
 * stop it (informers, queues) and campaign again, so a new term starts from
 * fresh caches. Shared by the scheduler and the controller manager.
 */
import type { Logger } from '../base/logger.ts';
import { LeaderElector, type LeaderElectionConfig } from './leader-election.ts';

/** Something started that can be stopped. */
export interface Stoppable { stop(): Promise<void> }

/** Configuration of {@link runWhileLeader}. */
export type RunWhileLeaderConfig = Omit<LeaderElectionConfig, 'onStartedLeading' | 'onStoppedLeading' | 'logger'> & {
  logger: Logger;
  /** What runs, for the log ("the scheduler", "controllers"). */
  what: string;
  /** Start it; called at the start of each term. */
  start(): Promise<Stoppable>;
};

/**
 * Campaign for the Lease; resolves once this candidate either leads and the
 * component runs or knows another holder has the Lease. stop() ends the
 * campaign and stops the component if it runs.
 */
export async function runWhileLeader(cfg: RunWhileLeaderConfig): Promise<Stoppable> {
  const { what, start, ...election } = cfg;
  let running: Promise<Stoppable | undefined> = Promise.resolve(undefined);
  const elector = new LeaderElector({
    ...election,
    onStartedLeading: async () => {
      running = start().catch((e: unknown) => {
        cfg.logger.error(`starting ${what} failed`, { err: (e as Error).message });
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

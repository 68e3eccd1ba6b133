/**
 * CronJob controller wiring: CronJob events queue the CronJob; Job events
 * queue the owning CronJob (a Job finishing changes status.active and the
 * history). Each sync asks to be woken at the next activation.
 */
import type { KObject } from '../../../api/types.ts';
import type { Controller, ControllerContext, SyncResult } from '../types.ts';
import { QueuedController } from '../workload-common/queued-controller.ts';
import { CRONJOBS, JOBS } from '../workload-common/resources.ts';
import { syncCronJob, type CronJobDeps } from './sync.ts';

/** The CronJob controller. */
export class CronJobController extends QueuedController {
  private readonly deps: CronJobDeps;

  constructor(ctx: ControllerContext) {
    super('cronjob', ctx);
    const cronjobs = ctx.informers.informerFor(CRONJOBS);
    const jobs = ctx.informers.informerFor(JOBS);
    this.deps = { client: ctx.client, logger: this.logger, clock: ctx.clock, cronjobs: cronjobs.lister, jobs: jobs.lister };
    cronjobs.addEventHandler({ add: (c) => this.enqueue(c), update: (_o, c) => this.enqueue(c) });
    const onJob = (j: KObject): void => {
      const k = this.ownerKey(j, 'CronJob');
      if (k) this.queue.add(k);
    };
    jobs.addEventHandler({ add: onJob, update: (_o, j) => onJob(j), delete: onJob });
  }

  sync(key: string): Promise<SyncResult> { return syncCronJob(this.deps, key); }
}

/** Factory for the controller manager. */
export function newCronJobController(ctx: ControllerContext): Controller {
  return new CronJobController(ctx);
}

/**
 * Job controller wiring: Job events queue the Job; pod events queue the
 * pod's controlling Job and settle expectations. Pods of a Job carry the
 * tracking finalizer, so even a deleted pod is seen before it goes.
 */
import type { KObject } from '../../../api/types.ts';
import { EventRecorder } from '../../../client/event-recorder.ts';
import type { Controller, ControllerContext, SyncResult } from '../types.ts';
import { Expectations } from '../workload-common/expectations.ts';
import { QueuedController } from '../workload-common/queued-controller.ts';
import { JOBS, PODS } from '../workload-common/resources.ts';
import { syncJob, type JobDeps } from './sync.ts';

/** The Job controller. */
export class JobController extends QueuedController {
  private readonly deps: JobDeps;

  constructor(ctx: ControllerContext) {
    super('job', ctx);
    const jobs = ctx.informers.informerFor(JOBS);
    const pods = ctx.informers.informerFor(PODS);
    const expectations = new Expectations(ctx.clock);
    this.deps = { client: ctx.client, logger: this.logger, clock: ctx.clock, jobs: jobs.lister, pods: pods.lister, expectations,
      recorder: new EventRecorder({ client: ctx.client, logger: this.logger, clock: ctx.clock, component: 'job-controller' }) };
    jobs.addEventHandler({ add: (j) => this.enqueue(j), update: (_o, j) => this.enqueue(j), delete: (j) => this.enqueue(j) });
    const onPod = (p: KObject, observed?: 'add' | 'delete'): void => {
      const k = this.ownerKey(p, 'Job');
      if (!k) return;
      if (observed === 'add') expectations.creationObserved(k);
      if (observed === 'delete') expectations.deletionObserved(k);
      this.queue.add(k);
    };
    pods.addEventHandler({
      add: (p) => onPod(p, 'add'),
      update: (o, p) => {
        // The deletion we asked for shows up as a deletionTimestamp (the finalizer holds the pod).
        onPod(p, !o.metadata.deletionTimestamp && p.metadata.deletionTimestamp ? 'delete' : undefined);
      },
      delete: (p) => { if (!p.metadata.deletionTimestamp) onPod(p, 'delete'); else onPod(p); },
    });
  }

  sync(key: string): Promise<SyncResult> { return syncJob(this.deps, key); }
}

/** Factory for the controller manager. */
export function newJobController(ctx: ControllerContext): Controller {
  return new JobController(ctx);
}

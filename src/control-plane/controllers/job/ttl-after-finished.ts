/**
 * The ttl-after-finished controller (its own controller, as upstream):
 * a finished Job with spec.ttlSecondsAfterFinished is deleted, with
 * foreground propagation, once that many seconds passed since it finished.
 * The Job is read fresh from the server before deleting, so a TTL changed
 * meanwhile is honoured.
 */
import { isK8sError } from '../../../base/errors.ts';
import type { Clock } from '../../../base/clock.ts';
import type { KObject } from '../../../api/types.ts';
import type { KubeClient } from '../../../client/types.ts';
import type { Controller, ControllerContext, SyncResult } from '../types.ts';
import type { CacheView } from '../workload-common/cache-view.ts';
import { QueuedController } from '../workload-common/queued-controller.ts';
import { JOBS, at } from '../workload-common/resources.ts';
import { trueCondition } from './conditions.ts';

/** When the Job finished (ms), or undefined while it runs. */
export function finishedAtMs(job: KObject): number | undefined {
  const c = trueCondition(job, 'Complete') ?? trueCondition(job, 'Failed');
  if (!c) return undefined;
  return Date.parse(job.status?.completionTime ?? c.lastTransitionTime ?? '') || undefined;
}

/** Ms until the Job expires (<= 0: now), or undefined when it has no TTL or is not finished. */
export function msUntilExpiry(job: KObject, now: number): number | undefined {
  const ttl = job.spec?.ttlSecondsAfterFinished;
  const done = finishedAtMs(job);
  if (ttl == null || done === undefined || job.metadata.deletionTimestamp) return undefined;
  return done + Number(ttl) * 1000 - now;
}

/** Delete the Job `key` if expired; otherwise come back when it will be. */
export async function syncTTL(d: { client: KubeClient; clock: Clock; jobs: CacheView }, key: string): Promise<SyncResult> {
  const [ns, name] = key.split('/') as [string, string];
  const cached = d.jobs.get(name, ns);
  if (!cached || msUntilExpiry(cached, d.clock.now()) === undefined) return {};
  let fresh: KObject;
  try {
    fresh = await d.client.get(at(JOBS, ns, name));
  } catch (e) {
    if (isK8sError(e, 'NotFound')) return {};
    throw e;
  }
  const left = msUntilExpiry(fresh, d.clock.now());
  if (left === undefined) return {};
  if (left > 0) return { requeueAfterMs: left };
  try {
    await d.client.delete(at(JOBS, ns, name), { propagationPolicy: 'Foreground', preconditions: { uid: fresh.metadata.uid } });
  } catch (e) {
    if (!isK8sError(e, 'NotFound')) throw e;
  }
  return {};
}

/** The controller. */
export class TTLAfterFinishedController extends QueuedController {
  private readonly jobs: CacheView;

  constructor(ctx: ControllerContext) {
    super('ttl-after-finished', ctx);
    const inf = ctx.informers.informerFor(JOBS);
    this.jobs = inf.lister;
    const on = (j: KObject): void => { if (msUntilExpiry(j, ctx.clock.now()) !== undefined) this.enqueue(j); };
    inf.addEventHandler({ add: on, update: (_o, j) => on(j) });
  }

  sync(key: string): Promise<SyncResult> { return syncTTL({ client: this.ctx.client, clock: this.ctx.clock, jobs: this.jobs }, key); }
}

/** Factory for the controller manager. */
export function newTTLAfterFinishedController(ctx: ControllerContext): Controller {
  return new TTLAfterFinishedController(ctx);
}

/**
 * StatefulSet controller wiring: StatefulSet events queue the set; pod
 * events queue the pod's controlling set and settle expectations;
 * ControllerRevision and PVC changes need no reaction of their own.
 */
import type { KObject } from '../../../api/types.ts';
import type { Controller, ControllerContext, SyncResult } from '../types.ts';
import { Expectations } from '../workload-common/expectations.ts';
import { QueuedController } from '../workload-common/queued-controller.ts';
import { CONTROLLER_REVISIONS, PODS, PVCS, STATEFULSETS } from '../workload-common/resources.ts';
import { syncStatefulSet, type StatefulSetDeps } from './sync.ts';

/** The StatefulSet controller. */
export class StatefulSetController extends QueuedController {
  private readonly deps: StatefulSetDeps;

  constructor(ctx: ControllerContext) {
    super('statefulset', ctx);
    const sets = ctx.informers.informerFor(STATEFULSETS);
    const pods = ctx.informers.informerFor(PODS);
    const claims = ctx.informers.informerFor(PVCS);
    const revisions = ctx.informers.informerFor(CONTROLLER_REVISIONS);
    const expectations = new Expectations(ctx.clock);
    this.deps = { client: ctx.client, logger: this.logger, clock: ctx.clock, sets: sets.lister, pods: pods.lister,
      claims: claims.lister, revisions: revisions.lister, expectations };
    sets.addEventHandler({ add: (s) => this.enqueue(s), update: (_o, s) => this.enqueue(s), delete: (s) => this.enqueue(s) });
    const onPod = (p: KObject, observed?: 'add' | 'delete'): void => {
      const k = this.ownerKey(p, 'StatefulSet');
      if (!k) return;
      if (observed === 'add') expectations.creationObserved(k);
      if (observed === 'delete') expectations.deletionObserved(k);
      this.queue.add(k);
    };
    pods.addEventHandler({
      add: (p) => onPod(p, 'add'),
      update: (o, p) => {
        onPod(p);
        // A released pod also wakes its former owner.
        if (this.ownerKey(o, 'StatefulSet') !== this.ownerKey(p, 'StatefulSet')) onPod(o);
      },
      delete: (p) => onPod(p, 'delete'),
    });
  }

  sync(key: string): Promise<SyncResult> { return syncStatefulSet(this.deps, key); }
}

/** Factory for the controller manager. */
export function newStatefulSetController(ctx: ControllerContext): Controller {
  return new StatefulSetController(ctx);
}

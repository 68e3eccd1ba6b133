/**
 * DaemonSet controller wiring: DaemonSet events queue the set; pod events
 * queue the pod's controlling set (settling expectations); node adds,
 * deletes and label/taint changes queue every DaemonSet, since any of them
 * may now want or refuse that node.
 */
import type { KObject } from '../../../api/types.ts';
import type { Controller, ControllerContext, SyncResult } from '../types.ts';
import { Expectations } from '../workload-common/expectations.ts';
import { QueuedController } from '../workload-common/queued-controller.ts';
import { CONTROLLER_REVISIONS, DAEMONSETS, NODES, PODS } from '../workload-common/resources.ts';
import { syncDaemonSet, type DaemonSetDeps } from './sync.ts';

/** The DaemonSet controller. */
export class DaemonSetController extends QueuedController {
  private readonly deps: DaemonSetDeps;

  constructor(ctx: ControllerContext) {
    super('daemonset', ctx);
    const sets = ctx.informers.informerFor(DAEMONSETS);
    const pods = ctx.informers.informerFor(PODS);
    const nodes = ctx.informers.informerFor(NODES);
    const revisions = ctx.informers.informerFor(CONTROLLER_REVISIONS);
    const expectations = new Expectations(ctx.clock);
    this.deps = { client: ctx.client, logger: this.logger, clock: ctx.clock, sets: sets.lister, pods: pods.lister,
      nodes: nodes.lister, revisions: revisions.lister, expectations };
    sets.addEventHandler({ add: (s) => this.enqueue(s), update: (_o, s) => this.enqueue(s), delete: (s) => this.enqueue(s) });
    const onPod = (p: KObject, observed?: 'add' | 'delete'): void => {
      const k = this.ownerKey(p, 'DaemonSet');
      if (!k) return;
      if (observed === 'add') expectations.creationObserved(k);
      if (observed === 'delete') expectations.deletionObserved(k);
      this.queue.add(k);
    };
    pods.addEventHandler({ add: (p) => onPod(p, 'add'), update: (_o, p) => onPod(p), delete: (p) => onPod(p, 'delete') });
    const all = (): void => { for (const s of sets.lister.list()) this.enqueue(s); };
    nodes.addEventHandler({
      add: all,
      delete: all,
      update: (o, n) => {
        const relevant = JSON.stringify([o.metadata.labels, o.spec?.taints, o.spec?.unschedulable])
          !== JSON.stringify([n.metadata.labels, n.spec?.taints, n.spec?.unschedulable]);
        if (relevant) all();
      },
    });
  }

  sync(key: string): Promise<SyncResult> { return syncDaemonSet(this.deps, key); }
}

/** Factory for the controller manager. */
export function newDaemonSetController(ctx: ControllerContext): Controller {
  return new DaemonSetController(ctx);
}

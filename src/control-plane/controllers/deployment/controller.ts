/**
 * Deployment controller wiring: Deployment events, ReplicaSet events
 * (through their controllerRef, or every matching Deployment for orphans)
 * and pod deletions (Recreate waits for old pods) enqueue Deployment keys;
 * workers run {@link syncDeployment}.
 */
import { WorkQueue } from '../../../base/workqueue.ts';
import type { KObject } from '../../../api/types.ts';
import { compileLabelSelectorObject } from '../../../api/selectors/labels.ts';
import { objectKey } from '../../../client/indexer.ts';
import type { Informer } from '../../../client/informer.ts';
import { getControllerOf } from '../common/controller-ref.ts';
import { EventRecorder } from '../../../client/event-recorder.ts';
import type { Controller, ControllerContext } from '../types.ts';
import { runWorkers } from '../run-workers.ts';
import { syncDeployment } from './sync.ts';

/** The Deployment controller. */
export class DeploymentController implements Controller {
  readonly name = 'deployment';
  /** Deployment keys (exposed for tests). */
  readonly queue: WorkQueue<string>;
  private readonly deployments: Informer;
  private readonly replicaSets: Informer;
  private readonly pods: Informer;
  private workers?: Promise<void>;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue<string>({ name: 'deployment', clock: ctx.clock, timers: ctx.timers });
    this.deployments = ctx.informers.informerFor({ group: 'apps', version: 'v1', plural: 'deployments' });
    this.replicaSets = ctx.informers.informerFor({ group: 'apps', version: 'v1', plural: 'replicasets' });
    this.pods = ctx.informers.informerFor({ group: '', version: 'v1', plural: 'pods' });
    const enqueue = (o: KObject): void => this.queue.add(objectKey(o));
    this.deployments.addEventHandler({ add: enqueue, update: (_o, d) => enqueue(d), delete: enqueue });
    this.replicaSets.addEventHandler({
      add: (rs) => this.rsChanged(rs),
      update: (old, rs) => {
        if (old.metadata.resourceVersion === rs.metadata.resourceVersion) return;
        const oldRef = getControllerOf(old);
        if (oldRef && oldRef.uid !== getControllerOf(rs)?.uid) this.rsChanged(old);
        this.rsChanged(rs, JSON.stringify(old.metadata.labels) !== JSON.stringify(rs.metadata.labels));
      },
      delete: (rs) => this.rsChanged(rs, false),
    });
    this.pods.addEventHandler({ delete: (p) => this.podDeleted(p) });
  }

  /** The key of the Deployment controlling `o`, if it is in the cache. */
  private owner(o: KObject): string | undefined {
    const ref = getControllerOf(o);
    if (ref?.kind !== 'Deployment') return undefined;
    const d = this.deployments.lister.get(ref.name, o.metadata.namespace);
    return d?.metadata.uid === ref.uid ? objectKey(d) : undefined;
  }

  private rsChanged(rs: KObject, orphanCheck = true): void {
    if (getControllerOf(rs)) {
      const k = this.owner(rs);
      if (k) this.queue.add(k);
      return;
    }
    if (!orphanCheck) return;
    for (const d of this.deployments.lister.list(rs.metadata.namespace ?? '')) {
      const sel = d.spec?.selector;
      if (!sel || (!sel.matchLabels && !sel.matchExpressions)) continue;
      try {
        if (compileLabelSelectorObject(sel)(rs.metadata.labels)) this.queue.add(objectKey(d));
      } catch { /* an invalid selector selects nothing */ }
    }
  }

  private podDeleted(p: KObject): void {
    const ref = getControllerOf(p);
    if (ref?.kind !== 'ReplicaSet') return;
    const rs = this.replicaSets.lister.get(ref.name, p.metadata.namespace);
    if (!rs || rs.metadata.uid !== ref.uid) return;
    const k = this.owner(rs);
    if (!k) return;
    const d = this.deployments.indexer.get(k);
    if (d?.spec?.strategy?.type === 'Recreate') this.queue.add(k);
  }

  run(workers: number): void {
    const logger = this.ctx.logger.child({ controller: this.name });
    const deps = { client: this.ctx.client, deployments: this.deployments.lister, replicaSets: this.replicaSets.lister,
      pods: this.pods.lister, clock: this.ctx.clock, logger,
      recorder: new EventRecorder({ client: this.ctx.client, logger, clock: this.ctx.clock, component: 'deployment-controller' }) };
    this.workers ??= runWorkers(this.queue, workers, (key) => syncDeployment(deps, key), logger);
  }

  async stop(): Promise<void> {
    this.queue.shutDown();
    await this.workers;
  }
}

/** Factory for the controller manager. */
export function newDeploymentController(ctx: ControllerContext): Controller {
  return new DeploymentController(ctx);
}

/**
 * ReplicaSet / ReplicationController controller wiring: owner events and pod
 * events (resolved to their controller through the controllerRef, or to
 * every matching owner for orphans) enqueue owner keys; pod creates and
 * deletes seen in the cache settle the expectations; workers run
 * {@link syncReplicas}.
 */
import { WorkQueue } from '../../../base/workqueue.ts';
import type { KObject } from '../../../api/types.ts';
import { objectKey } from '../../../client/indexer.ts';
import type { Informer } from '../../../client/informer.ts';
import { Expectations } from '../common/expectations.ts';
import { getControllerOf } from '../common/controller-ref.ts';
import { isPodReady } from '../common/pod-utils.ts';
import { EventRecorder } from '../../../client/event-recorder.ts';
import type { Controller, ControllerContext } from '../types.ts';
import { runWorkers } from '../run-workers.ts';
import { REPLICA_SET, REPLICATION_CONTROLLER, type ReplicaKind } from './kinds.ts';
import { ownerKeyOf, syncReplicas } from './sync.ts';

/** The controller for one replicated kind. */
export class ReplicaController implements Controller {
  readonly name: string;
  /** Owner keys (exposed for tests). */
  readonly queue: WorkQueue<string>;
  readonly expectations: Expectations;
  private readonly owners: Informer;
  private readonly pods: Informer;
  private workers?: Promise<void>;

  constructor(private readonly ctx: ControllerContext, private readonly kind: ReplicaKind) {
    this.name = kind.name;
    this.queue = new WorkQueue<string>({ name: kind.name, clock: ctx.clock, timers: ctx.timers });
    this.expectations = new Expectations(ctx.clock);
    this.owners = ctx.informers.informerFor(kind.resource);
    this.pods = ctx.informers.informerFor({ group: '', version: 'v1', plural: 'pods' });
    const enqueue = (o: KObject): void => this.queue.add(objectKey(o));
    this.owners.addEventHandler({
      add: enqueue,
      update: (_old, o) => enqueue(o),
      delete: (o) => { this.expectations.delete(objectKey(o)); enqueue(o); },
    });
    this.pods.addEventHandler({
      add: (p) => this.podAdded(p),
      update: (old, p) => this.podUpdated(old, p),
      delete: (p) => this.podDeleted(p),
    });
  }

  /** The owner key of a pod's controllerRef if it names a live owner of this kind. */
  private resolve(p: KObject): string | undefined {
    const key = ownerKeyOf(p, this.kind);
    if (!key) return undefined;
    const ref = getControllerOf(p);
    const o = this.owners.indexer.get(key);
    return o && o.metadata.uid === ref?.uid ? key : undefined;
  }

  /** Owners in the pod's namespace whose selector matches it (for orphans). */
  private matchingOwners(p: KObject): string[] {
    return this.owners.lister.list(p.metadata.namespace ?? '')
      .filter((o) => this.kind.matcher(o)(p.metadata.labels)).map(objectKey);
  }

  private podAdded(p: KObject): void {
    if (p.metadata.deletionTimestamp) { this.podDeleted(p); return; }
    if (getControllerOf(p)) {
      const key = this.resolve(p);
      if (key) { this.expectations.creationObserved(key); this.queue.add(key); }
      return;
    }
    for (const k of this.matchingOwners(p)) this.queue.add(k);
  }

  private podUpdated(old: KObject, p: KObject): void {
    if (old.metadata.resourceVersion === p.metadata.resourceVersion) return;
    const labelsChanged = JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(p.metadata.labels ?? {});
    if (p.metadata.deletionTimestamp && !old.metadata.deletionTimestamp) {
      // A graceful delete: count it as observed now, so the replacement starts at once.
      this.podDeleted(p);
      if (labelsChanged) this.podDeleted(old);
      return;
    }
    const oldRef = getControllerOf(old), ref = getControllerOf(p);
    if (oldRef && oldRef.uid !== ref?.uid) {
      const k = this.resolve(old);
      if (k) this.queue.add(k);
    }
    if (ref) {
      const key = this.resolve(p);
      if (!key) return;
      this.queue.add(key);
      // Pods become available minReadySeconds after turning ready.
      const owner = this.owners.indexer.get(key);
      const minReady = Number(owner?.spec?.minReadySeconds ?? 0);
      if (minReady > 0 && !isPodReady(old) && isPodReady(p)) this.queue.addAfter(key, minReady * 1000 + 1);
      return;
    }
    if (labelsChanged || oldRef) for (const k of this.matchingOwners(p)) this.queue.add(k);
  }

  private podDeleted(p: KObject): void {
    const key = this.resolve(p);
    if (!key) return;
    this.expectations.deletionObserved(key, objectKey(p));
    this.queue.add(key);
  }

  run(workers: number): void {
    const logger = this.ctx.logger.child({ controller: this.name });
    const deps = { client: this.ctx.client, kind: this.kind, owners: this.owners.lister, pods: this.pods.lister,
      expectations: this.expectations, clock: this.ctx.clock, logger,
      recorder: new EventRecorder({ client: this.ctx.client, logger, clock: this.ctx.clock, component: `${this.kind.name}-controller` }) };
    this.workers ??= runWorkers(this.queue, workers, (key) => syncReplicas(deps, key), logger);
  }

  async stop(): Promise<void> {
    this.queue.shutDown();
    await this.workers;
  }
}

/** Factory for the controller manager: ReplicaSets. */
export function newReplicaSetController(ctx: ControllerContext): Controller {
  return new ReplicaController(ctx, REPLICA_SET);
}

/** Factory for the controller manager: ReplicationControllers. */
export function newReplicationControllerController(ctx: ControllerContext): Controller {
  return new ReplicaController(ctx, REPLICATION_CONTROLLER);
}

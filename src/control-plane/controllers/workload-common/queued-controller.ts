/**
 * The wiring every workload controller shares: a rate-limited work queue of
 * `namespace/name` keys, workers running the controller's sync, and the
 * helper that maps a child's event (pod, job, revision) to its controller.
 */
import { WorkQueue } from '../../../base/workqueue.ts';
import type { Logger } from '../../../base/logger.ts';
import type { KObject } from '../../../api/types.ts';
import { objectKey } from '../../../client/indexer.ts';
import type { Controller, ControllerContext, SyncResult } from '../types.ts';
import { runWorkers } from '../run-workers.ts';
import { controllerRefOf } from './owner-refs.ts';

/** A controller whose workers sync keys from one queue. */
export abstract class QueuedController implements Controller {
  /** Work queue of owner keys (exposed for tests). */
  readonly queue: WorkQueue<string>;
  protected readonly logger: Logger;
  private workers?: Promise<void>;

  constructor(readonly name: string, protected readonly ctx: ControllerContext) {
    this.queue = new WorkQueue<string>({ name, clock: ctx.clock, timers: ctx.timers });
    this.logger = ctx.logger.child({ controller: name });
  }

  /** Reconcile one key. */
  abstract sync(key: string): Promise<SyncResult | void>;

  run(workers: number): void {
    this.workers ??= runWorkers(this.queue, workers, (k) => this.sync(k), this.logger);
  }

  async stop(): Promise<void> {
    this.queue.shutDown();
    await this.workers;
  }

  /** Queue an object's own key. */
  enqueue(o: KObject): void { this.queue.add(objectKey(o)); }

  /** Key of the controller of kind `kind` of a child, if it has one. */
  ownerKey(child: KObject, kind: string): string | undefined {
    const ref = controllerRefOf(child);
    if (!ref || ref.kind !== kind) return undefined;
    return child.metadata.namespace ? `${child.metadata.namespace}/${ref.name}` : ref.name;
  }
}

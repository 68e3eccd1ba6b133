/**
 * The skeleton most small controllers share: a named work queue of string
 * keys fed by informer handlers, and workers running one `sync(key)`. Each
 * controller supplies only its wiring (which events enqueue which key) and
 * its reconcile, as upstream's simple controllers do.
 */
import { WorkQueue } from '../../base/workqueue.ts';
import type { Controller, ControllerContext, SyncResult } from './types.ts';
import { runWorkers } from './run-workers.ts';

/** A controller over a queue of keys with one reconcile function. */
export class KeyedController implements Controller {
  /** Work queue of keys (exposed for tests). */
  readonly queue: WorkQueue<string>;
  private workers?: Promise<void>;

  constructor(
    readonly name: string,
    private readonly ctx: ControllerContext,
    private readonly sync: (key: string) => Promise<SyncResult | void>,
  ) {
    this.queue = new WorkQueue<string>({ name, clock: ctx.clock, timers: ctx.timers });
  }

  /** Enqueue a key (handlers call this; it de-duplicates). */
  enqueue(key: string): void {
    this.queue.add(key);
  }

  run(workers: number): void {
    this.workers ??= runWorkers(this.queue, workers, this.sync, this.ctx.logger.child({ controller: this.name }));
  }

  async stop(): Promise<void> {
    this.queue.shutDown();
    await this.workers;
  }
}

/** `namespace/name` of an object, or `name` when cluster-scoped. */
export function keyOf(obj: { metadata: { name?: string; namespace?: string } }): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name ?? '';
}

/** Split a `namespace/name` key. */
export function splitKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

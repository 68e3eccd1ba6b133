/**
 * Namespace controller wiring: the shared namespace informer enqueues the
 * names of namespaces marked for deletion; workers run {@link syncNamespace}.
 * While content is still going away (pods terminating gracefully, objects
 * with finalizers) the name is checked again after a delay that grows from
 * 100 ms to 5 s, so short deletions finish fast and long ones (pods with a
 * 30 s grace period) do not hammer the API server.
 */
import { WorkQueue } from '../../../base/workqueue.ts';
import { ItemExponentialRateLimiter } from '../../../base/backoff.ts';
import type { KObject } from '../../../api/types.ts';
import type { DiscoveryResult } from '../../../client/discovery.ts';
import type { KubeClient } from '../../../client/types.ts';
import type { Controller, ControllerContext } from '../types.ts';
import { runWorkers } from '../run-workers.ts';
import { syncNamespace } from './sync.ts';

/** Options beyond the shared context (tests). */
export interface NamespaceControllerOptions {
  discover?: (client: KubeClient) => Promise<DiscoveryResult>;
  /** Delays while content remains: first and maximum, ms. Default 100 and 5000. */
  remainingDelayMs?: [number, number];
}

/** The namespace controller. */
export class NamespaceController implements Controller {
  readonly name = 'namespace';
  /** Work queue of namespace names (exposed for tests). */
  readonly queue: WorkQueue<string>;
  private readonly waitLimiter: ItemExponentialRateLimiter<string>;
  private workers?: Promise<void>;

  constructor(private readonly ctx: ControllerContext, private readonly opts: NamespaceControllerOptions = {}) {
    this.queue = new WorkQueue<string>({ name: 'namespace', clock: ctx.clock, timers: ctx.timers });
    const [first, max] = opts.remainingDelayMs ?? [100, 5000];
    this.waitLimiter = new ItemExponentialRateLimiter<string>(first, max);
    const informer = ctx.informers.informerFor<KObject>({ group: '', version: 'v1', plural: 'namespaces' });
    const enqueue = (ns: KObject): void => {
      if (ns.metadata.deletionTimestamp && ns.metadata.name) this.queue.add(ns.metadata.name);
    };
    informer.addEventHandler({ add: enqueue, update: (_old, ns) => enqueue(ns) });
  }

  run(workers: number): void {
    const logger = this.ctx.logger.child({ controller: this.name });
    const deps = { client: this.ctx.client, logger, clock: this.ctx.clock, discover: this.opts.discover };
    this.workers ??= runWorkers(this.queue, workers, async (name) => {
      const r = await syncNamespace(deps, name);
      if (r.state === 'done') {
        this.waitLimiter.forget(name);
        return {};
      }
      return { requeueAfterMs: this.waitLimiter.when(name) };
    }, logger);
  }

  async stop(): Promise<void> {
    this.queue.shutDown();
    await this.workers;
  }
}

/** Factory for the controller manager. */
export function newNamespaceController(ctx: ControllerContext): Controller {
  return new NamespaceController(ctx);
}

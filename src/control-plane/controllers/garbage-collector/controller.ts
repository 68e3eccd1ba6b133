/**
 * Garbage collector wiring: discovery names every resource that can be
 * listed, watched and deleted (re-checked periodically so CRDs join later);
 * one shared informer each feeds the ownership {@link Graph}. Graph changes
 * enqueue object uids on two queues, attemptToDelete and attemptToOrphan,
 * whose workers run the decisions of attempt.ts.
 */
import { WorkQueue } from '../../../base/workqueue.ts';
import type { KObject } from '../../../api/types.ts';
import { discoverPreferredResources, type DiscoveredResource, type DiscoveryResult } from '../../../client/discovery.ts';
import type { KubeClient } from '../../../client/types.ts';
import type { Controller, ControllerContext } from '../types.ts';
import { runWorkers } from '../run-workers.ts';
import { attemptToDelete, attemptToOrphan, type AttemptDeps } from './attempt.ts';
import { Graph } from './graph.ts';

/** Resources the collector never watches (high churn, never owners), as upstream. */
const IGNORED = new Set(['/events', 'events.k8s.io/events']);

/** Options beyond the shared context (tests). */
export interface GarbageCollectorOptions {
  discover?: (client: KubeClient) => Promise<DiscoveryResult>;
  /** How often to look for new resources; default 30 s. */
  rediscoverMs?: number;
}

/** The garbage collector. */
export class GarbageCollector implements Controller {
  readonly name = 'garbagecollector';
  readonly graph = new Graph();
  readonly deleteQueue: WorkQueue<string>;
  readonly orphanQueue: WorkQueue<string>;
  private readonly monitored = new Set<string>();
  private readonly kinds = new Map<string, DiscoveredResource>();
  private workers?: Promise<unknown>;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly ctx: ControllerContext, private readonly opts: GarbageCollectorOptions = {}) {
    this.deleteQueue = new WorkQueue<string>({ name: 'garbage_collector_attempt_to_delete', clock: ctx.clock, timers: ctx.timers });
    this.orphanQueue = new WorkQueue<string>({ name: 'garbage_collector_attempt_to_orphan', clock: ctx.clock, timers: ctx.timers });
  }

  /** Watch resources not monitored yet; resolves when their caches are synced. */
  async sync(): Promise<void> {
    const found = await (this.opts.discover ?? discoverPreferredResources)(this.ctx.client);
    const added: DiscoveredResource[] = [];
    for (const r of found.resources) {
      const gr = `${r.group}/${r.plural}`;
      this.kinds.set(`${r.group}/${r.kind}`, r);
      if (this.monitored.has(gr) || IGNORED.has(gr) || !['list', 'watch', 'delete'].every((v) => r.verbs.includes(v))) continue;
      this.monitored.add(gr);
      added.push(r);
    }
    if (added.length === 0 || this.stopped) return;
    const informers = added.map((r) => {
      const inf = this.ctx.informers.informerFor(r);
      inf.addEventHandler({
        add: (o) => this.changed(o, r),
        update: (_old, o) => this.changed(o, r),
        delete: (o) => this.deleted(o),
      });
      return inf;
    });
    this.ctx.informers.start();
    await Promise.all(informers.map((i) => i.waitForSync(60_000)));
    // Dependents whose owners were never seen: check them now that the caches are full.
    for (const n of this.graph.all()) if (n.owners.some((r) => !this.graph.get(r.uid))) this.deleteQueue.add(n.uid);
  }

  private changed(o: KObject, r: DiscoveredResource): void {
    const uid = o.metadata.uid;
    if (!uid) return;
    const { node, added, removedOwners } = this.graph.upsert(o, r);
    if (node.beingDeleted && node.orphan) this.orphanQueue.add(uid);
    if (node.deletingDependents) {
      for (const d of this.graph.dependentsOf(uid)) this.deleteQueue.add(d.uid);
      this.deleteQueue.add(uid);
    }
    if (added && node.owners.some((ref) => !this.graph.get(ref.uid) || this.graph.get(ref.uid)?.deletingDependents)) {
      this.deleteQueue.add(uid);
    }
    for (const u of removedOwners) if (this.graph.get(u)?.deletingDependents) this.deleteQueue.add(u);
  }

  private deleted(o: KObject): void {
    const uid = o.metadata.uid;
    if (!uid) return;
    const old = this.graph.remove(uid);
    for (const d of this.graph.dependentsOf(uid)) this.deleteQueue.add(d.uid);
    for (const r of old?.owners ?? []) if (this.graph.get(r.uid)?.deletingDependents) this.deleteQueue.add(r.uid);
  }

  private resourceFor(apiVersion: string, kind: string): ReturnType<AttemptDeps['resourceFor']> {
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
    const r = this.kinds.get(`${group}/${kind}`);
    return r && { ref: { group: r.group, version: r.version, plural: r.plural }, namespaced: r.namespaced };
  }

  run(workers: number): void {
    const logger = this.ctx.logger.child({ controller: this.name });
    const deps: AttemptDeps = {
      client: this.ctx.client, graph: this.graph, logger,
      resourceFor: (v, k) => this.resourceFor(v, k),
      enqueueDelete: (uid) => this.deleteQueue.add(uid),
    };
    const start = async (): Promise<void> => {
      for (;;) {
        try {
          await this.sync();
          break;
        } catch (e) {
          if (this.stopped) return;
          logger.warn('resource discovery failed, retrying', { err: (e as Error).message });
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
      const every = this.opts.rediscoverMs ?? 30_000;
      const again = (): void => {
        this.timer = setTimeout(() => {
          void this.sync().catch((e: Error) => logger.info('resource rediscovery failed', { err: e.message })).finally(() => { if (!this.stopped) again(); });
        }, every);
        this.timer.unref();
      };
      if (!this.stopped) again();
    };
    this.workers ??= Promise.all([
      start(),
      runWorkers(this.deleteQueue, workers, async (uid) => { await attemptToDelete(deps, uid); }, logger),
      runWorkers(this.orphanQueue, workers, async (uid) => { await attemptToOrphan(deps, uid); }, logger),
    ]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.deleteQueue.shutDown();
    this.orphanQueue.shutDown();
    await this.workers;
  }
}

/** Factory for the controller manager. */
export function newGarbageCollector(ctx: ControllerContext): Controller {
  return new GarbageCollector(ctx);
}

/**
 * An informer: a {@link Reflector} feeding a cache ({@link Indexer}) and
 * event handlers. After a re-list it delivers only the differences from the
 * cache (add for new objects, update for changed resourceVersions, delete for
 * objects gone), so handlers see a consistent story and the cache equals the
 * server's state.
 */
import { K8sError } from '../base/errors.ts';
import { nullLogger, type Logger } from '../base/logger.ts';
import type { BackoffOptions } from '../base/backoff.ts';
import type { KObject } from '../api/types.ts';
import type { KubeClient, ResourceRef, WatchEvent } from './types.ts';
import { Indexer, objectKey } from './indexer.ts';
import { Lister } from './lister.ts';
import { Reflector, type ReflectorSink } from './reflector.ts';

/** Callbacks of an informer; they should only enqueue keys. */
export interface EventHandlers<T extends KObject = KObject> {
  add?(obj: T): void;
  update?(oldObj: T, newObj: T): void;
  /** `obj` is the last state known (from the DELETED event, or the cache after a re-list). */
  delete?(obj: T): void;
}

/** Configuration of {@link Informer}. */
export interface InformerConfig {
  client: KubeClient;
  /** The collection: group, version, plural and optionally namespace. */
  resource: Pick<ResourceRef, 'group' | 'version' | 'plural' | 'namespace'>;
  labelSelector?: string;
  fieldSelector?: string;
  logger?: Logger;
  pageSize?: number;
  backoff?: BackoffOptions;
  watchTimeoutSeconds?: [number, number];
}

/** Cache plus handlers for one resource. */
export class Informer<T extends KObject = KObject> implements ReflectorSink {
  /** The cache. */
  readonly indexer = new Indexer<T>();
  /** Read access to the cache for controllers. */
  readonly lister: Lister<T>;
  private readonly handlers: EventHandlers<T>[] = [];
  private readonly reflector: Reflector;
  private readonly logger: Logger;
  private synced = false;
  private readonly syncWaiters: Array<() => void> = [];

  constructor(cfg: InformerConfig) {
    this.lister = new Lister(this.indexer);
    this.logger = (cfg.logger ?? nullLogger).child({ informer: cfg.resource.plural });
    this.reflector = new Reflector({
      client: cfg.client,
      ref: { group: cfg.resource.group, version: cfg.resource.version, plural: cfg.resource.plural, namespace: cfg.resource.namespace },
      labelSelector: cfg.labelSelector,
      fieldSelector: cfg.fieldSelector,
      sink: this,
      logger: this.logger,
      pageSize: cfg.pageSize,
      backoff: cfg.backoff,
      watchTimeoutSeconds: cfg.watchTimeoutSeconds,
    });
  }

  /**
   * Register handlers. Registered after the first sync, they first get an
   * add for every cached object, as if they had been there from the start.
   */
  addEventHandler(h: EventHandlers<T>): void {
    this.handlers.push(h);
    if (this.synced) for (const o of this.indexer.list()) this.call(() => h.add?.(o));
  }

  /** Start listing and watching. */
  start(): void { this.reflector.start(); }

  /** Stop the watch. */
  stop(): Promise<void> { return this.reflector.stop(); }

  /** True once the first complete list is in the cache. */
  hasSynced(): boolean { return this.synced; }

  /** Resolve when synced; reject with K8sError Timeout after `timeoutMs`. */
  waitForSync(timeoutMs = 60_000): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new K8sError('Timeout', 'timed out waiting for caches to sync')), timeoutMs);
      this.syncWaiters.push(() => { clearTimeout(t); resolve(); });
    });
  }

  /** Last resourceVersion seen from the server. */
  get lastSyncResourceVersion(): string { return this.reflector.lastSyncResourceVersion; }

  /** @internal Reflector sink: replace the cache, delivering differences. */
  replace(items: KObject[], _rv: string): void {
    const seen = new Set<string>();
    for (const raw of items) {
      const o = raw as T;
      const k = objectKey(o);
      seen.add(k);
      const old = this.indexer.set(o);
      if (!old) this.emit('add', o);
      else if (old.metadata.resourceVersion !== o.metadata.resourceVersion) this.emit('update', o, old);
    }
    for (const k of this.indexer.keys()) {
      if (seen.has(k)) continue;
      const old = this.indexer.delete(k) as T;
      this.emit('delete', old);
    }
    if (!this.synced) {
      this.synced = true;
      for (const w of this.syncWaiters.splice(0)) w();
    }
  }

  /** @internal Reflector sink: apply one watch event. */
  apply(ev: WatchEvent): void {
    const o = ev.object as T;
    if (ev.type === 'DELETED') {
      const old = this.indexer.delete(objectKey(o));
      // Deliver the server's final state; fall back to ours for a tombstone-less event.
      this.emit('delete', (o.metadata ? o : old) as T);
      return;
    }
    const old = this.indexer.set(o);
    if (old) this.emit('update', o, old);
    else this.emit('add', o);
  }

  private emit(kind: 'add' | 'update' | 'delete', o: T, old?: T): void {
    for (const h of this.handlers) {
      if (kind === 'add') this.call(() => h.add?.(o));
      else if (kind === 'update') this.call(() => h.update?.(old as T, o));
      else this.call(() => h.delete?.(o));
    }
  }

  /** A throwing handler must not break the cache or the other handlers. */
  private call(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.logger.error('event handler failed', { err: e as Error });
    }
  }
}

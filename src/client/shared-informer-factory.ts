/**
 * One informer per resource for all controllers of a process, so the API
 * server sees one list and one watch per resource however many controllers
 * care about it.
 */
import { nullLogger, type Logger } from '../base/logger.ts';
import type { BackoffOptions } from '../base/backoff.ts';
import type { KObject } from '../api/types.ts';
import type { KubeClient, ResourceRef } from './types.ts';
import { Informer } from './informer.ts';

/** Configuration of {@link SharedInformerFactory}. */
export interface SharedInformerFactoryConfig {
  client: KubeClient;
  logger?: Logger;
  pageSize?: number;
  backoff?: BackoffOptions;
}

/** Hands out shared informers and starts/stops them together. */
export class SharedInformerFactory {
  private readonly informers = new Map<string, Informer>();
  private readonly started = new Set<string>();
  private stopped = false;

  constructor(private readonly cfg: SharedInformerFactoryConfig) {}

  /** The informer of a resource (cluster-wide), created on first request. */
  informerFor<T extends KObject = KObject>(res: Pick<ResourceRef, 'group' | 'version' | 'plural'>): Informer<T> {
    const key = `${res.group}/${res.version}/${res.plural}`;
    let inf = this.informers.get(key);
    if (!inf) {
      inf = new Informer({
        client: this.cfg.client,
        resource: { group: res.group, version: res.version, plural: res.plural },
        logger: this.cfg.logger ?? nullLogger,
        pageSize: this.cfg.pageSize,
        backoff: this.cfg.backoff,
      });
      this.informers.set(key, inf);
    }
    return inf as unknown as Informer<T>;
  }

  /** Start every informer requested so far that is not running yet. */
  start(): void {
    if (this.stopped) return;
    for (const [k, inf] of this.informers) {
      if (this.started.has(k)) continue;
      this.started.add(k);
      inf.start();
    }
  }

  /** Wait until every started informer has synced; K8sError Timeout otherwise. */
  async waitForCacheSync(timeoutMs = 60_000): Promise<void> {
    await Promise.all([...this.started].map((k) => (this.informers.get(k) as Informer).waitForSync(timeoutMs)));
  }

  /** Stop all informers. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.informers.values()].map((i) => i.stop()));
  }
}

/**
 * The reflector keeps a sink in step with the server: list (in pages) and
 * replace, then watch from the list's resourceVersion with bookmarks. A watch
 * that ends cleanly (server timeout) is resumed from the last seen
 * resourceVersion; 410 Gone/Expired means our version was compacted, so we
 * re-list at once; any other failure re-lists after a growing backoff. A
 * re-list replaces the cache, and the sink turns that into differences.
 */
import { isK8sError, K8sError } from '../base/errors.ts';
import { Backoff, type BackoffOptions } from '../base/backoff.ts';
import type { Logger } from '../base/logger.ts';
import type { KObject } from '../api/types.ts';
import type { KubeClient, ResourceRef, WatchEvent, WatchStream } from './types.ts';
import { errorFromStatus } from './status-error.ts';

/** Receives the reflector's view of the server. */
export interface ReflectorSink {
  /** The complete current state (after a list). */
  replace(items: KObject[], resourceVersion: string): void;
  /** One watch change (ADDED, MODIFIED or DELETED). */
  apply(event: WatchEvent): void;
}

/** Configuration of {@link Reflector}. */
export interface ReflectorConfig {
  client: KubeClient;
  /** Collection to mirror (name must be unset; namespace limits it). */
  ref: ResourceRef;
  labelSelector?: string;
  fieldSelector?: string;
  sink: ReflectorSink;
  logger: Logger;
  /** Page size of lists; default 500. */
  pageSize?: number;
  /** Retry delays after failures; default 800 ms doubling to 30 s with jitter. */
  backoff?: BackoffOptions;
  /** Server-side watch timeout range in seconds; default [300, 600] so watches do not all end together. */
  watchTimeoutSeconds?: [number, number];
}

/** 410 answers: our resourceVersion (or continue token) is compacted away. */
function isGone(e: unknown): boolean {
  return isK8sError(e, 'Gone') || isK8sError(e, 'Expired');
}

/** List-then-watch loop for one collection. */
export class Reflector {
  private stopped = false;
  private watch?: WatchStream;
  private wakeSleep?: () => void;
  private readonly backoff: Backoff;
  private rv = '';
  private loop?: Promise<void>;

  constructor(private readonly cfg: ReflectorConfig) {
    this.backoff = new Backoff(cfg.backoff ?? { initialMs: 800, maxMs: 30_000, jitter: 1 });
  }

  /** Last resourceVersion delivered to the sink. */
  get lastSyncResourceVersion(): string { return this.rv; }

  /** Start the loop in the background. */
  start(): void {
    this.loop ??= this.run();
  }

  /** Stop watching; resolves when the loop has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.watch?.stop();
    this.wakeSleep?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let retryNow = false;
      try {
        retryNow = await this.listAndWatch();
      } catch (e) {
        if (this.stopped) break;
        this.cfg.logger.warn('list and watch failed', { resource: this.cfg.ref.plural, err: (e as Error).message });
      }
      if (!retryNow) await this.sleep(this.backoff.next());
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wakeSleep = () => { clearTimeout(t); resolve(); };
    });
  }

  /** Paginated list: all pages, one resourceVersion. */
  private async listAll(): Promise<{ items: KObject[]; rv: string }> {
    const items: KObject[] = [];
    let cont: string | undefined;
    let rv = '';
    do {
      const page = await this.cfg.client.list(this.cfg.ref, {
        labelSelector: this.cfg.labelSelector, fieldSelector: this.cfg.fieldSelector,
        limit: this.cfg.pageSize ?? 500, continue: cont,
      });
      for (const o of page.items) items.push(o);
      rv = page.metadata.resourceVersion ?? rv;
      cont = page.metadata.continue || undefined;
    } while (cont && !this.stopped);
    return { items, rv };
  }

  /**
   * One list followed by watches until something breaks. Returns true when
   * the caller should re-list at once (410 after a working watch).
   */
  private async listAndWatch(): Promise<boolean> {
    const { items, rv } = await this.listAll();
    if (this.stopped) return false;
    // List items carry no apiVersion/kind upstream; nothing here depends on them.
    this.rv = rv;
    this.cfg.sink.replace(items, rv);
    this.backoff.reset();
    const [lo, hi] = this.cfg.watchTimeoutSeconds ?? [300, 600];
    while (!this.stopped) {
      let delivered = 0;
      try {
        const w = await this.cfg.client.watch(this.cfg.ref, {
          labelSelector: this.cfg.labelSelector, fieldSelector: this.cfg.fieldSelector,
          resourceVersion: this.rv, allowWatchBookmarks: true,
          timeoutSeconds: Math.floor(lo + Math.random() * (hi - lo + 1)),
        });
        this.watch = w;
        if (this.stopped) w.stop();
        for await (const ev of w) {
          if (ev.type === 'ERROR') throw errorFromStatus(ev.object);
          const evRv = ev.object.metadata?.resourceVersion;
          if (ev.type !== 'BOOKMARK') {
            this.cfg.sink.apply(ev);
            delivered++;
          }
          if (evRv) this.rv = evRv;
        }
      } catch (e) {
        if (this.stopped) return false;
        if (isGone(e)) {
          this.cfg.logger.info('watch resource version too old, re-listing', { resource: this.cfg.ref.plural });
          // Re-list at once unless 410 is all we get (then back off to avoid a hot loop).
          return delivered > 0 || this.rv !== rv;
        }
        throw e instanceof K8sError ? e : new K8sError('InternalError', String(e));
      } finally {
        this.watch = undefined;
      }
    }
    return false;
  }
}

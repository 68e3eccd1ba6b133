/**
 * The etcd driver of {@link Store}: every verb is one etcd request (writes are
 * transactions, see writes.ts), so an etcd v3 cluster (3.4+) gives exactly the
 * semantics the SQLite driver emulates. Opened by `--datastore etcd://host:port[,host:port]`.
 */
import { Etcd3 } from 'etcd3';
import type { Logger } from '../../base/logger.ts';
import { StorageError, type KeyValue, type ListOptions, type ListResult, type Store, type Watcher, type WatchHandlers } from '../types.ts';
import { mapEtcdError } from './convert.ts';
import { etcdCompactRevision, etcdCount, etcdCurrentRevision, etcdGet, etcdList } from './reads.ts';
import { etcdWatch } from './watch.ts';
import { etcdCreate, etcdDelete, etcdUpdate } from './writes.ts';

/** Configuration of {@link openEtcdStore}. */
export interface EtcdStoreConfig {
  /** Client URLs, e.g. ["http://127.0.0.1:2379"]. */
  endpoints: string[];
  logger: Logger;
  /** Events a busy watcher may have queued before it is closed; default 10,000. */
  watchBufferLimit?: number;
}

/** A Store on an etcd v3 cluster. */
export class EtcdStore implements Store {
  readonly driver = 'etcd';
  private closed = false;

  constructor(
    private readonly client: Etcd3,
    private readonly cfg: EtcdStoreConfig,
  ) {}

  /** Run one request, mapping failures to StorageError. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closed) throw new StorageError('Closed', 'store is closed');
    try {
      return await fn();
    } catch (e) {
      throw await mapEtcdError(e, () => etcdCompactRevision(this.client));
    }
  }

  currentRevision(): Promise<number> { return this.call(() => etcdCurrentRevision(this.client)); }
  compactRevision(): Promise<number> { return this.call(() => etcdCompactRevision(this.client)); }
  create(key: string, value: string): Promise<KeyValue> { return this.call(() => etcdCreate(this.client, key, value)); }
  update(key: string, value: string, expected: number): Promise<KeyValue> { return this.call(() => etcdUpdate(this.client, key, value, expected)); }
  delete(key: string, expected?: number): Promise<KeyValue> { return this.call(() => etcdDelete(this.client, key, expected)); }
  get(key: string, revision?: number): Promise<KeyValue | undefined> { return this.call(() => etcdGet(this.client, key, revision)); }
  list(prefix: string, opts?: ListOptions): Promise<ListResult> { return this.call(() => etcdList(this.client, prefix, opts)); }
  count(prefix: string): Promise<number> { return this.call(() => etcdCount(this.client, prefix)); }

  watch(prefix: string, fromRevision: number, handlers: WatchHandlers): Promise<Watcher> {
    return this.call(() => etcdWatch(this.client, prefix, fromRevision, handlers, {
      logger: this.cfg.logger,
      maxBuffer: this.cfg.watchBufferLimit ?? 10_000,
      compactRev: () => etcdCompactRevision(this.client),
    }));
  }

  async compact(revision: number): Promise<void> {
    const current = await this.currentRevision();
    if (revision > current) throw new StorageError('FutureRevision', `cannot compact to ${revision}: current revision is ${current}`);
    try {
      await this.call(() => this.client.kv.compact({ revision, physical: false }));
    } catch (e) {
      // Already compacted past it: nothing to do, as in the SQLite driver.
      if (!(e instanceof StorageError && e.code === 'Compacted')) throw e;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.client.close();
  }
}

/** Connect to etcd and check it answers. */
export async function openEtcdStore(cfg: EtcdStoreConfig): Promise<Store> {
  const client = new Etcd3({ hosts: cfg.endpoints });
  const logger = cfg.logger.child({ component: 'storage', driver: 'etcd' });
  try {
    const rev = await etcdCurrentRevision(client);
    logger.info('store opened', { endpoints: cfg.endpoints, revision: rev });
  } catch (e) {
    client.close();
    throw new StorageError('Internal', `cannot reach etcd at ${cfg.endpoints.join(',')}: ${(e as Error).message}`);
  }
  return new EtcdStore(client, { ...cfg, logger });
}

/**
 * Watches on etcd: one etcd watcher per Store watch, starting at
 * fromRevision + 1 with previous key-values. The client library reconnects
 * and resumes on its own; events at or below the last delivered revision are
 * dropped so a resume never duplicates. Delivery mirrors the SQLite driver: in
 * order, waiting for a handler's promise, closing the watch with Compacted if
 * a busy consumer falls more than `maxBuffer` events behind.
 */
import type { Etcd3 } from 'etcd3';
import type { Logger } from '../../base/logger.ts';
import { keyRange } from '../key-range.ts';
import { StorageError, type KeyValue, type Watcher, type WatchEvent, type WatchHandlers } from '../types.ts';
import { bytes, fromEtcd, mapEtcdError, type EtcdKv } from './convert.ts';

interface EtcdEvent {
  type: 'Put' | 'Delete';
  kv: EtcdKv;
  prev_kv?: EtcdKv | null;
}

function toEvent(e: EtcdEvent): WatchEvent {
  const revision = Number(e.kv.mod_revision);
  const prevKv: KeyValue | undefined = e.prev_kv ? fromEtcd(e.prev_kv) : undefined;
  if (e.type === 'Delete') {
    // etcd's delete event has an empty value; the contract wants the last one.
    const kv: KeyValue = { key: e.kv.key.toString('utf8'), value: prevKv?.value ?? '', createRevision: prevKv?.createRevision ?? 0, modRevision: revision };
    return { type: 'DELETE', kv, prevKv, revision };
  }
  const kv = fromEtcd(e.kv);
  return prevKv ? { type: 'PUT', kv, prevKv, revision } : { type: 'PUT', kv, revision };
}

/** Start a watch; throws Compacted if history after `fromRevision` is gone. */
export async function etcdWatch(
  client: Etcd3,
  prefix: string,
  fromRevision: number,
  handlers: WatchHandlers,
  opts: { logger: Logger; maxBuffer: number; compactRev: () => Promise<number> },
): Promise<Watcher> {
  const { lo, hi } = keyRange(prefix);
  if (fromRevision > 0) {
    // etcd accepts a watch on compacted history and cancels it right after;
    // the contract wants watch() itself to fail, so probe the revision first.
    try {
      await client.kv.range({ key: bytes(lo), count_only: true, revision: fromRevision });
    } catch (e) {
      const err = await mapEtcdError(e, opts.compactRev);
      if (err.code === 'Compacted') throw err;
      // A future revision is fine: etcd waits for it.
    }
  }
  let b = client.watch().inRange({ start: bytes(lo), end: bytes(hi) }).withPreviousKV();
  if (fromRevision > 0) b = b.startRevision(String(fromRevision + 1));
  let w: Awaited<ReturnType<typeof b.create>>;
  try {
    w = await b.create();
  } catch (e) {
    throw await mapEtcdError(e, opts.compactRev);
  }
  let last = fromRevision;
  let closed = false;
  let busy = false;
  const queue: WatchEvent[] = [];

  const stop = (): void => {
    if (closed) return;
    closed = true;
    queue.length = 0;
    w.removeAllListeners();
    w.on('error', () => {}); // late errors after cancel are expected
    void w.cancel().catch(() => {});
  };
  const fail = (err: StorageError): void => {
    if (closed) return;
    stop();
    handlers.onClose?.(err);
  };
  const drain = (): void => {
    while (!busy && !closed && queue.length > 0) {
      const ev = queue.shift()!;
      let ret: unknown;
      try {
        ret = handlers.onEvent(ev);
      } catch (e) {
        opts.logger.warn('watch onEvent handler threw', { err: e as Error, prefix });
        fail(new StorageError('Internal', `watch handler failed: ${(e as Error).message}`));
        return;
      }
      if (ret && typeof (ret as PromiseLike<unknown>).then === 'function') {
        busy = true;
        (ret as PromiseLike<unknown>).then(
          () => { busy = false; drain(); },
          (e: unknown) => fail(new StorageError('Internal', `watch handler failed: ${String(e)}`)),
        );
      }
    }
  };

  w.on('data', (res) => {
    for (const e of (res.events ?? []) as EtcdEvent[]) {
      const ev = toEvent(e);
      if (ev.revision <= last) continue;
      last = ev.revision;
      queue.push(ev);
    }
    if (busy && queue.length > opts.maxBuffer) {
      fail(new StorageError('Compacted', `watcher on ${prefix} fell more than ${opts.maxBuffer} events behind`));
      return;
    }
    drain();
  });
  w.on('error', (e) => {
    // A watch etcd cancels (compaction raced past it) must make the client re-list.
    if (/Watcher canceled/.test((e as Error).message)) {
      void opts.compactRev().catch(() => undefined).then((rev) =>
        fail(new StorageError('Compacted', `etcd canceled the watch: ${(e as Error).message}`, undefined, undefined, rev)));
      return;
    }
    void mapEtcdError(e, opts.compactRev).then(fail);
  });
  return { stop };
}

/**
 * Watch with upstream semantics: initial ADDED events for "from now"
 * watches (resourceVersion unset or 0, or sendInitialEvents=true), then
 * changes after the revision; selectors turn updates that move an object in
 * or out of the selection into ADDED/DELETED; compacted history becomes an
 * ERROR event carrying 410 Gone.
 */
import type { KObject } from '../../../api/types.ts';
import type { ResourceInfo } from '../../../api/resources.ts';
import { K8sError } from '../../../base/errors.ts';
import { StorageError, type KeyValue, type WatchEvent } from '../../../storage/types.ts';
import { decode, resourcePrefix } from './codec.ts';
import { listObjects } from './read.ts';
import type { RegistryContext } from './types.ts';

/** Watch event types as sent to clients. */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** What a registry watch emits: the type and the stored key-value (object decoded only if needed). */
export interface RegistryWatchEvent {
  type: WatchEventType;
  kv: KeyValue;
  /** Decoded object when selectors forced a decode. */
  obj?: KObject;
}

/** Options of {@link watchObjects}. */
export interface WatchQuery {
  namespace?: string;
  match?: (obj: KObject) => boolean;
  resourceVersion?: string;
  resourceVersionMatch?: string;
  sendInitialEvents?: boolean;
}

/** Callbacks from a running watch. */
export interface WatchSink {
  event(ev: RegistryWatchEvent): void;
  /** The initial events are done (only with sendInitialEvents). */
  initialEventsEnd?(revision: number): void;
  /** The store ended the watch (e.g. watcher too slow); the client should re-watch. */
  closed(err?: K8sError): void;
}

/** Handle of a registry watch. */
export interface RegistryWatch {
  stop(): void;
  /** The newest revision this watcher has seen (for bookmarks). */
  revision(): number;
}

// Objects decoded for selector checks are shared by all watchers of one event.
const decoded = new WeakMap<KeyValue, KObject>();
function decodeShared(kv: KeyValue): KObject {
  let o = decoded.get(kv);
  if (!o) {
    o = decode(kv);
    decoded.set(kv, o);
  }
  return o;
}

/** Start a watch; throws K8sError Gone if the start revision was compacted. */
export async function watchObjects(ctx: RegistryContext, r: ResourceInfo, q: WatchQuery, sink: WatchSink): Promise<RegistryWatch> {
  const rvText = q.resourceVersion ?? '';
  let from: number;
  const initial = q.sendInitialEvents ?? (rvText === '' || rvText === '0');
  if (q.sendInitialEvents && q.resourceVersionMatch !== 'NotOlderThan') {
    throw new K8sError('Invalid', 'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan');
  }
  if (initial) {
    const page = await listObjects(ctx, r, { namespace: q.namespace, match: q.match });
    for (const it of page.items) sink.event({ type: 'ADDED', kv: it.kv, obj: it.obj });
    from = page.revision;
    sink.initialEventsEnd?.(from);
  } else {
    if (!/^\d+$/.test(rvText)) throw new K8sError('BadRequest', `invalid resource version: ${rvText}`);
    from = Number(rvText);
  }
  let seen = from;
  const match = q.match;
  const onEvent = (ev: WatchEvent): void => {
    seen = ev.revision;
    if (!match) {
      const type: WatchEventType = ev.type === 'DELETE' ? 'DELETED' : ev.prevKv ? 'MODIFIED' : 'ADDED';
      sink.event({ type, kv: ev.kv });
      return;
    }
    const nowObj = decodeShared(ev.kv);
    const was = ev.prevKv ? match(decodeShared(ev.prevKv)) : false;
    if (ev.type === 'DELETE') {
      if (match(nowObj) || was) sink.event({ type: 'DELETED', kv: ev.kv, obj: nowObj });
      return;
    }
    const is = match(nowObj);
    if (is && was) sink.event({ type: 'MODIFIED', kv: ev.kv, obj: nowObj });
    else if (is) sink.event({ type: 'ADDED', kv: ev.kv, obj: nowObj });
    else if (was) sink.event({ type: 'DELETED', kv: ev.kv, obj: nowObj });
  };
  try {
    const w = await ctx.store.watch(resourcePrefix(r, q.namespace), from, {
      onEvent,
      onClose: (err) => sink.closed(err ? new K8sError('Gone', `watch closed: ${err.message}`) : undefined),
    });
    return { stop: () => w.stop(), revision: () => seen };
  } catch (e) {
    if (e instanceof StorageError && e.code === 'Compacted') {
      throw new K8sError('Gone', `too old resource version: ${from} (${e.revision ?? 0})`);
    }
    if (e instanceof StorageError && e.code === 'FutureRevision') {
      throw new K8sError('Timeout', `Too large resource version: ${from}`, { retryAfterSeconds: 1 });
    }
    throw e;
  }
}

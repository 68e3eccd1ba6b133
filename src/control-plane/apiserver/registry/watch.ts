/**
 * Watch with upstream semantics: initial ADDED events for "from now"
 * watches (resourceVersion unset or 0, or sendInitialEvents=true), then
 * changes after the revision; selectors turn updates that move an object in
 * or out of the selection into ADDED/DELETED; compacted history becomes an
 * ERROR event carrying 410 Expired.
 */
import type { KObject } from '../../../api/types.ts';
import type { ResourceInfo } from '../../../api/resources.ts';
import { K8sError } from '../../../base/errors.ts';
import { StorageError, type KeyValue, type WatchEvent } from '../../../storage/types.ts';
import { decode, resourcePrefix } from './codec.ts';
import { listObjects, tooLargeResourceVersion } from './read.ts';
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

/** Parse a watch's resourceVersion; 504 TooLarge when the store has not reached it. */
async function startRevision(ctx: RegistryContext, rvText: string): Promise<number> {
  const n = Number(rvText);
  if (!/^\d+$/.test(rvText) || !Number.isSafeInteger(n)) throw new K8sError('BadRequest', `invalid resource version: ${rvText}`);
  const cur = await ctx.store.currentRevision();
  if (n > cur) throw tooLargeResourceVersion(n, cur);
  return n;
}

/**
 * Start a watch (parameter combinations were checked by the handler):
 * - sendInitialEvents=true, or unset with resourceVersion ""/"0": ADDED for
 *   every object of a list at least as new as resourceVersion, then changes;
 * - sendInitialEvents=false with ""/"0": changes from the latest revision;
 * - otherwise changes after resourceVersion.
 * Throws K8sError Expired if that revision was compacted, Timeout if it is
 * newer than the store.
 */
export async function watchObjects(ctx: RegistryContext, r: ResourceInfo, q: WatchQuery, sink: WatchSink): Promise<RegistryWatch> {
  const rvText = q.resourceVersion ?? '';
  const unset = rvText === '' || rvText === '0';
  let from: number;
  if (q.sendInitialEvents ?? unset) {
    // NotOlderThan: the latest state is new enough once the store has reached rv.
    if (!unset) await startRevision(ctx, rvText);
    const page = await listObjects(ctx, r, { namespace: q.namespace, match: q.match });
    for (const it of page.items) sink.event({ type: 'ADDED', kv: it.kv, obj: it.obj });
    from = page.revision;
    sink.initialEventsEnd?.(from);
  } else if (unset) {
    from = await ctx.store.currentRevision();
  } else {
    from = await startRevision(ctx, rvText);
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
      // History this watcher needs is gone: the client must re-list. Any
      // other end (store closing) just ends the stream; the client resumes.
      onClose: (err) => sink.closed(err?.code === 'Compacted' ? new K8sError('Expired', `too old resource version: ${from} (${err.revision ?? 0})`) : undefined),
    });
    // A bookmark may carry any revision whose events were all delivered;
    // the store's progress also counts changes to other resources.
    return { stop: () => w.stop(), revision: () => Math.max(seen, w.progress?.() ?? 0) };
  } catch (e) {
    if (e instanceof StorageError && e.code === 'Compacted') {
      throw new K8sError('Expired', `too old resource version: ${from} (${e.revision ?? 0})`);
    }
    if (e instanceof StorageError && e.code === 'FutureRevision') {
      throw tooLargeResourceVersion(from, await ctx.store.currentRevision());
    }
    throw e;
  }
}

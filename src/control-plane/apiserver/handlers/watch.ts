/**
 * Streaming watch: newline-delimited JSON events (`{"type":..,"object":..}`)
 * over a chunked HTTP/1.1 or HTTP/2 response, as Tables when kubectl asks
 * for them, with bookmarks, timeoutSeconds and 410 as an ERROR event.
 */
import type { ServerResponse } from 'node:http';
import { K8sError } from '../../../base/errors.ts';
import { groupVersion } from '../../../api/resources.ts';
import { toStatus } from '../../../api/status.ts';
import type { KeyValue } from '../../../storage/types.ts';
import { decode } from '../registry/codec.ts';
import { watchObjects, type RegistryWatchEvent } from '../registry/watch.ts';
import { listOptionsError, optionalBool } from '../registry/list-options.ts';
import { intParam, requestNamespace, selectorMatcher, type HandlerContext } from './context.ts';
import { outputForm, servedJSON, tableOf, toServed } from './output.ts';

/** How often bookmarks go out when the client allows them (upstream's cacher: every minute). */
const BOOKMARK_INTERVAL_MS = 60_000;
/** A last bookmark goes out this long before the watch's timeout, as upstream does, so the client resumes from it. */
const PRE_TIMEOUT_BOOKMARK_MS = 2_000;

// Serialized event objects shared by all watchers of the same event.
const served = new WeakMap<KeyValue, string>();

/** GET ...?watch=true */
export async function handleWatch(h: HandlerContext): Promise<void> {
  const r = h.resource;
  const table = outputForm(h.req.headers.accept) === 'table';
  const includeObject = h.query.get('includeObject') ?? undefined;
  const bookmarks = h.query.get('allowWatchBookmarks') === 'true';
  const sie = optionalBool(h.query.get('sendInitialEvents'));
  const rv = h.query.get('resourceVersion') ?? '';
  const rvMatch = h.query.get('resourceVersionMatch') ?? '';
  const invalid = listOptionsError({ watch: true, resourceVersion: rv, resourceVersionMatch: rvMatch, sendInitialEvents: sie, continueToken: h.query.get('continue') ?? '' });
  if (invalid) throw invalid;
  const timeoutSec = intParam(h, 'timeoutSeconds') ?? 1800 + Math.floor(Math.random() * 1800);
  const res = h.res as ServerResponse;
  let open = true;
  let headerSent = false;
  const sendHeaders = (): void => {
    if (headerSent) return;
    headerSent = true;
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache, private' });
    // Push the headers now so clients see the watch established before the first event.
    (res as unknown as { flushHeaders?: () => void }).flushHeaders?.();
  };
  const gv = groupVersion(r);
  const write = (line: string): void => {
    if (!open) return;
    sendHeaders();
    res.write(line);
  };
  const objectJSON = (ev: RegistryWatchEvent): string => {
    if (table) {
      const obj = toServed(r, ev.obj ?? decode(ev.kv));
      const t = tableOf(r, [obj], h.reg.clock.now(), includeObject);
      t.metadata = { resourceVersion: obj.metadata.resourceVersion };
      return JSON.stringify(t);
    }
    if (ev.obj) return servedJSON(r, ev.kv, ev.obj);
    let s = served.get(ev.kv);
    if (s === undefined) {
      s = servedJSON(r, ev.kv);
      served.set(ev.kv, s);
    }
    return s;
  };
  const bookmark = (rev: number, annotations?: Record<string, string>): void => {
    const meta: Record<string, unknown> = { resourceVersion: String(rev) };
    if (annotations) meta.annotations = annotations;
    write(`{"type":"BOOKMARK","object":${JSON.stringify({ kind: r.kind, apiVersion: gv, metadata: meta })}}\n`);
  };

  let stopWatch: (() => void) | undefined;
  const finish = (): void => {
    if (!open) return;
    open = false;
    stopWatch?.();
    clearInterval(bmTimer);
    clearTimeout(preTimer);
    clearTimeout(toTimer);
    h.shutdown.removeEventListener('abort', finish);
    h.onWatch?.(-1);
    try { sendHeaders(); res.end(); } catch { /* connection gone */ }
  };
  // Bookmarks start once the initial events are out (w is set after them).
  const periodic = (): void => { if (bookmarks && w) bookmark(w.revision()); };
  const bmTimer = setInterval(periodic, BOOKMARK_INTERVAL_MS);
  const timeoutMs = Math.max(0, timeoutSec) * 1000;
  const preTimer = timeoutMs > PRE_TIMEOUT_BOOKMARK_MS ? setTimeout(periodic, timeoutMs - PRE_TIMEOUT_BOOKMARK_MS) : undefined;
  const toTimer = setTimeout(finish, timeoutMs);
  h.req.on('close', finish);
  h.res.on('close', finish);
  h.shutdown.addEventListener('abort', finish);
  h.onWatch?.(1);

  let w: Awaited<ReturnType<typeof watchObjects>> | undefined;
  try {
    w = await watchObjects(h.reg, r, {
      namespace: requestNamespace(h) || undefined,
      match: selectorMatcher(h),
      resourceVersion: rv,
      resourceVersionMatch: rvMatch || undefined,
      sendInitialEvents: sie,
    }, {
      event: (ev) => write(`{"type":"${ev.type}","object":${objectJSON(ev)}}\n`),
      initialEventsEnd: (rev) => {
        // client-go's WatchList takes this bookmark as the end of its "list".
        if (sie === true && bookmarks) bookmark(rev, { 'k8s.io/initial-events-end': 'true' });
      },
      closed: (err) => {
        if (err) write(`{"type":"ERROR","object":${JSON.stringify(toStatus(err))}}\n`);
        finish();
      },
    });
  } catch (e) {
    if (e instanceof K8sError && (e.code === 'Expired' || e.code === 'Gone')) {
      // Upstream reports an expired start revision inside a 200 stream.
      write(`{"type":"ERROR","object":${JSON.stringify(toStatus(new K8sError('Expired', e.message)))}}\n`);
      finish();
      return;
    }
    open = false;
    clearInterval(bmTimer);
    clearTimeout(preTimer);
    clearTimeout(toTimer);
    h.onWatch?.(-1);
    throw e;
  }
  if (!open) w.stop();
  else {
    stopWatch = () => w!.stop();
    sendHeaders();
  }
}

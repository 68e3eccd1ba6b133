/**
 * GET of one object and LIST of a collection (JSON or Table).
 */
import type { KObject } from '../../../api/types.ts';
import { groupVersion } from '../../../api/resources.ts';
import { getObject } from '../registry/read.ts';
import { listObjects } from '../registry/read.ts';
import { decode } from '../registry/codec.ts';
import { listOptionsError, optionalBool } from '../registry/list-options.ts';
import { sendJSON } from '../http/respond.ts';
import { intParam, requestNamespace, selectorMatcher, type HandlerContext } from './context.ts';
import { outputForm, servedJSON, tableOf, toServed } from './output.ts';

/** GET /.../{resource}/{name} */
export async function handleGet(h: HandlerContext): Promise<void> {
  const r = h.resource;
  const obj = await getObject(h.reg, r, requestNamespace(h), h.info.name);
  const served = toServed(r, obj);
  if (outputForm(h.req.headers.accept) === 'table') {
    const t = tableOf(r, [served], h.reg.clock.now(), h.query.get('includeObject') ?? undefined);
    (t.metadata as Record<string, unknown>) = { resourceVersion: obj.metadata.resourceVersion };
    sendJSON(h.res, 200, t, h.warnings);
    return;
  }
  sendJSON(h.res, 200, served, h.warnings);
}

/** GET /.../{resource} (list). */
export async function handleList(h: HandlerContext): Promise<void> {
  const r = h.resource;
  const limit = intParam(h, 'limit');
  const invalid = listOptionsError({
    watch: false,
    resourceVersion: h.query.get('resourceVersion') ?? '',
    resourceVersionMatch: h.query.get('resourceVersionMatch') ?? '',
    sendInitialEvents: optionalBool(h.query.get('sendInitialEvents')),
    continueToken: h.query.get('continue') ?? '',
  });
  if (invalid) throw invalid;
  const page = await listObjects(h.reg, r, {
    namespace: requestNamespace(h) || undefined,
    match: selectorMatcher(h),
    limit: limit !== undefined && limit > 0 ? limit : undefined,
    continueToken: h.query.get('continue') || undefined,
    resourceVersion: h.query.get('resourceVersion') ?? undefined,
    resourceVersionMatch: h.query.get('resourceVersionMatch') || undefined,
  });
  const meta: Record<string, unknown> = { resourceVersion: String(page.revision) };
  if (page.continueToken) meta.continue = page.continueToken;
  if (page.remainingItemCount !== undefined) meta.remainingItemCount = page.remainingItemCount;

  if (outputForm(h.req.headers.accept) === 'table') {
    const objs: KObject[] = page.items.map((it) => toServed(r, it.obj ?? decode(it.kv)));
    const t = tableOf(r, objs, h.reg.clock.now(), h.query.get('includeObject') ?? undefined);
    t.metadata = meta;
    sendJSON(h.res, 200, t, h.warnings);
    return;
  }
  // Build the body by concatenation: each item is the stored JSON with its resourceVersion spliced in.
  const parts: string[] = new Array(page.items.length);
  for (let i = 0; i < page.items.length; i++) parts[i] = servedJSON(r, page.items[i].kv, page.items[i].obj);
  const body = `{"kind":"${r.kind}List","apiVersion":"${groupVersion(r)}","metadata":${JSON.stringify(meta)},"items":[${parts.join(',')}]}`;
  sendJSON(h.res, 200, body, h.warnings);
}

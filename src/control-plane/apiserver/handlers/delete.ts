/**
 * DELETE of one object and of a collection (deletecollection), with
 * DeleteOptions from the body or the query string.
 */
import { K8sError } from '../../../base/errors.ts';
import { groupVersion } from '../../../api/resources.ts';
import { successStatus } from '../../../api/status.ts';
import { deleteObject } from '../registry/delete.ts';
import { listObjects } from '../registry/read.ts';
import { decode } from '../registry/codec.ts';
import { readBody, decodeBody } from '../http/body.ts';
import { sendJSON } from '../http/respond.ts';
import type { DeleteOptions } from '../registry/types.ts';
import { intParam, isDryRun, requestNamespace, selectorMatcher, type HandlerContext } from './context.ts';
import { toServed } from './output.ts';

const POLICIES = new Set(['Orphan', 'Background', 'Foreground']);

/** DeleteOptions from body (kubectl sends one) merged with query parameters. */
async function deleteOptions(h: HandlerContext): Promise<DeleteOptions> {
  const buf = await readBody(h.req);
  let body: Record<string, unknown> = {};
  if (buf.length > 0 && buf.toString('utf8').trim() !== '') {
    const v = decodeBody(buf, h.req.headers['content-type'] || 'application/json');
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new K8sError('BadRequest', 'DeleteOptions must be an object');
    body = v as Record<string, unknown>;
  }
  const opts: DeleteOptions = {};
  const grace = intParam(h, 'gracePeriodSeconds') ?? (body.gracePeriodSeconds as number | undefined);
  if (grace !== undefined) {
    if (typeof grace !== 'number' || !Number.isInteger(grace)) throw new K8sError('BadRequest', 'gracePeriodSeconds must be an integer');
    opts.gracePeriodSeconds = grace;
  }
  const pp = h.query.get('propagationPolicy') ?? (body.propagationPolicy as string | undefined);
  if (pp !== undefined && pp !== null) {
    if (!POLICIES.has(pp)) {
      throw new K8sError('Invalid', `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${pp}": supported values: "Foreground", "Background", "Orphan", "nil"`);
    }
    opts.propagationPolicy = pp as DeleteOptions['propagationPolicy'];
  }
  const od = h.query.get('orphanDependents') ?? body.orphanDependents;
  if (od !== undefined && od !== null) opts.orphanDependents = od === true || od === 'true';
  if (body.preconditions && typeof body.preconditions === 'object') opts.preconditions = body.preconditions as DeleteOptions['preconditions'];
  const dry = Array.isArray(body.dryRun) && body.dryRun.includes('All');
  opts.dryRun = isDryRun(h) || dry;
  return opts;
}

/** DELETE /.../{resource}/{name} */
export async function handleDelete(h: HandlerContext): Promise<void> {
  const r = h.resource;
  const opts = await deleteOptions(h);
  const { object, deleted } = await deleteObject(h.reg, r, requestNamespace(h), h.info.name, opts);
  if (deleted && !(r.kind === 'Pod' && r.group === '')) {
    sendJSON(h.res, 200, successStatus({ name: object.metadata.name, group: r.group, kind: r.plural, uid: object.metadata.uid }), h.warnings);
    return;
  }
  sendJSON(h.res, 200, toServed(r, object), h.warnings);
}

/** DELETE /.../{resource} (deletecollection) */
export async function handleDeleteCollection(h: HandlerContext): Promise<void> {
  const r = h.resource;
  const opts = await deleteOptions(h);
  const page = await listObjects(h.reg, r, { namespace: requestNamespace(h) || undefined, match: selectorMatcher(h) });
  const items = [];
  for (const it of page.items) {
    const obj = it.obj ?? decode(it.kv);
    try {
      const res = await deleteObject(h.reg, r, obj.metadata.namespace ?? '', obj.metadata.name!, opts);
      items.push(toServed(r, res.object));
    } catch (e) {
      if (!(e instanceof K8sError && e.code === 'NotFound')) throw e;
    }
  }
  sendJSON(h.res, 200, { kind: `${r.kind}List`, apiVersion: groupVersion(r), metadata: {}, items }, h.warnings);
}

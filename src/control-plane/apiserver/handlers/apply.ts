/**
 * PATCH with `application/apply-patch+yaml`: server-side apply. The body is
 * the applier's full intent for the fields it manages; the object is
 * created when missing (201), as upstream does.
 */
import { K8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import { groupVersion } from '../../../api/resources.ts';
import { updateObject } from '../registry/update.ts';
import { rfc3339 } from '../registry/meta.ts';
import { readBody, decodeBody } from '../http/body.ts';
import { sendJSON } from '../http/respond.ts';
import { serverSideApply } from '../apply/apply.ts';
import { isDryRun, requestNamespace, type HandlerContext } from './context.ts';
import { toServed, toStored } from './output.ts';
import { checkFields } from './field-validation.ts';
import { fieldManagerParam } from './field-manager.ts';

/** Parse force=true|false. */
function forceParam(h: HandlerContext): boolean {
  const v = h.query.get('force');
  if (v === null || v === '' || v === 'false') return false;
  if (v === 'true') return true;
  throw new K8sError('BadRequest', `invalid value for force: ${v}`);
}

/** PATCH (apply) /.../{resource}/{name}[/status] */
export async function handleApply(h: HandlerContext): Promise<void> {
  const r = h.resource;
  const sub = h.info.subresource ?? '';
  const manager = fieldManagerParam(h);
  if (!manager) throw new K8sError('BadRequest', 'PATCH request of type apply requires a fieldManager query parameter');
  const force = forceParam(h);
  const body = decodeBody(await readBody(h.req), h.req.headers['content-type']);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new K8sError('BadRequest', 'error decoding YAML: the applied configuration must be an object');
  }
  const config = body as KObject;
  const gv = groupVersion(r);
  if (config.apiVersion !== gv || config.kind !== r.kind) {
    const got = `${String(config.apiVersion ?? '')}, Kind=${String(config.kind ?? '')}`;
    throw new K8sError('BadRequest', `error decoding patch: expected apiVersion/kind ${gv}, Kind=${r.kind}, got ${got}`);
  }
  if (config.metadata === undefined || config.metadata === null) config.metadata = {};
  if (typeof config.metadata !== 'object' || Array.isArray(config.metadata)) throw new K8sError('BadRequest', 'metadata must be an object');
  const name = h.info.name;
  if (config.metadata.name !== undefined && config.metadata.name !== name) {
    throw new K8sError('BadRequest', `the name of the object (${String(config.metadata.name)}) does not match the name on the URL (${name})`);
  }
  const ns = requestNamespace(h);
  if (r.namespaced && config.metadata.namespace !== undefined && config.metadata.namespace !== ns) {
    throw new K8sError('BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
  }
  if (config.metadata.managedFields !== undefined && config.metadata.managedFields !== null) {
    throw new K8sError('BadRequest', 'metadata.managedFields must be nil');
  }
  checkFields(h, r, config);
  config.metadata.name = name;
  if (r.namespaced) config.metadata.namespace = ns;
  else delete config.metadata.namespace;
  const rv = config.metadata.resourceVersion;
  delete config.metadata.resourceVersion;
  const writer = { manager, apiVersion: gv, subresource: sub, time: rfc3339(h.reg.clock.now()) };
  const { object, created } = await updateObject(h.reg, r, ns, name, (cur) => {
    const live = cur ? toServed(r, cur) : undefined;
    const out = serverSideApply({ resource: r, live, config, writer, force });
    out.apiVersion = gv;
    out.kind = r.kind;
    out.metadata.name = name;
    if (r.namespaced) out.metadata.namespace = ns;
    // A resourceVersion in the applied configuration is a precondition, as for any write.
    if (typeof rv === 'string' && rv) out.metadata.resourceVersion = rv;
    else delete out.metadata.resourceVersion;
    return toStored(r, out);
  }, { dryRun: isDryRun(h), subresource: sub, allowCreate: !sub });
  sendJSON(h.res, created ? 201 : 200, toServed(r, object), h.warnings);
}

/**
 * PATCH of an object or its /status: JSON patch, merge patch and strategic
 * merge patch, applied to the current object in the client's version inside
 * the registry's retry loop (so concurrent writers never lose an update).
 */
import { K8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import { applyPatch, patchTypeFromContentType } from '../patch/index.ts';
import { updateObject } from '../registry/update.ts';
import { readBody, decodeBody } from '../http/body.ts';
import { sendJSON } from '../http/respond.ts';
import { isDryRun, requestNamespace, type HandlerContext } from './context.ts';
import { toServed, toStored } from './output.ts';
import { checkFields } from './field-validation.ts';
import { handleApply } from './apply.ts';
import { updateTracker } from './field-manager.ts';

/** PATCH /.../{resource}/{name}[/status] */
export async function handlePatch(h: HandlerContext): Promise<void> {
  const r = h.resource;
  const sub = h.info.subresource;
  if (sub && sub !== 'status') throw new K8sError('MethodNotAllowed', 'the server does not allow this method on the requested resource');
  const ct = h.req.headers['content-type'];
  const type = patchTypeFromContentType(ct ?? '');
  if (!type) {
    throw new K8sError('UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`);
  }
  if (type === 'apply') return handleApply(h);
  if (h.query.get('force')) throw new K8sError('BadRequest', 'Force is only allowed for apply patches');
  const patch = decodeBody(await readBody(h.req), ct);
  if (type === 'json' ? !Array.isArray(patch) : (patch === null || typeof patch !== 'object' || Array.isArray(patch))) {
    throw new K8sError('BadRequest', type === 'json' ? 'json: cannot unmarshal object into Go value of type jsonpatch.Patch' : 'patch body must be a JSON object');
  }
  const name = h.info.name;
  const ns = requestNamespace(h);
  const { object } = await updateObject(h.reg, r, ns, name, (cur) => {
    const served = toServed(r, cur!);
    const patched = applyPatch(type, served, patch, { group: r.group, kind: r.kind }) as KObject;
    if (!patched || typeof patched !== 'object' || Array.isArray(patched)) throw new K8sError('BadRequest', 'patch result is not an object');
    if (!patched.metadata || typeof patched.metadata !== 'object') patched.metadata = {};
    if (patched.metadata.name !== undefined && patched.metadata.name !== name) {
      throw new K8sError('BadRequest', `the name of the object (${String(patched.metadata.name)}) does not match the name on the URL (${name})`);
    }
    // Only a resourceVersion the patch itself sets is a precondition.
    if (patched.metadata.resourceVersion === served.metadata.resourceVersion) delete patched.metadata.resourceVersion;
    checkFields(h, r, patched);
    patched.apiVersion = served.apiVersion;
    patched.kind = served.kind;
    patched.metadata.name = name;
    if (r.namespaced) patched.metadata.namespace = ns;
    return toStored(r, patched);
  }, { dryRun: isDryRun(h), subresource: sub, track: updateTracker(h, sub ?? '') });
  sendJSON(h.res, 200, toServed(r, object), h.warnings);
}

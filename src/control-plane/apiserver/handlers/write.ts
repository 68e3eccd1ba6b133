/**
 * POST (create) and PUT (update of the main resource, /status, and the
 * subresources that replace one part of an object: namespace /finalize and
 * CSR /approval).
 */
import { K8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import { groupVersion, type ResourceInfo } from '../../../api/resources.ts';
import { createObject } from '../registry/create.ts';
import { updateObject } from '../registry/update.ts';
import { readBody, decodeObject } from '../http/body.ts';
import { sendJSON } from '../http/respond.ts';
import { isDryRun, requestNamespace, type HandlerContext } from './context.ts';
import { toServed, toStored } from './output.ts';
import { checkFields } from './field-validation.ts';
import { setCsrRequester } from './csr-requester.ts';
import { updateTracker } from './field-manager.ts';

// Kinds upstream lets a PUT create (AllowCreateOnUpdate).
const CREATE_ON_UPDATE = new Set(['Endpoints', 'Event', 'Lease', 'EndpointSlice']);

/** Read the body as an object of this resource, checking apiVersion/kind against the URL. */
export async function readTypedBody(h: HandlerContext, r: ResourceInfo): Promise<KObject> {
  const body = decodeObject(await readBody(h.req), h.req.headers['content-type']);
  const gv = groupVersion(r);
  if (body.apiVersion !== undefined && body.apiVersion !== gv) {
    throw new K8sError('BadRequest', `the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${gv})`);
  }
  if (body.kind !== undefined && body.kind !== r.kind) {
    throw new K8sError('BadRequest', `the kind in the data (${String(body.kind)}) does not match the expected kind (${r.kind})`);
  }
  if (body.metadata !== undefined && (body.metadata === null || typeof body.metadata !== 'object' || Array.isArray(body.metadata))) {
    throw new K8sError('BadRequest', 'metadata must be an object');
  }
  const obj = body as KObject;
  obj.apiVersion = gv;
  obj.kind = r.kind;
  obj.metadata = (obj.metadata ?? {}) as KObject['metadata'];
  return obj;
}

/** Put the URL's namespace on the object, rejecting a different one (400 as upstream). */
function bindNamespace(h: HandlerContext, obj: KObject): void {
  const r = h.resource;
  if (!r.namespaced) {
    delete obj.metadata.namespace;
    return;
  }
  const ns = requestNamespace(h);
  if (!ns) throw new K8sError('BadRequest', `the server could not find the requested resource: ${r.plural} must be created in a namespace`);
  if (obj.metadata.namespace && obj.metadata.namespace !== ns) {
    throw new K8sError('BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
  }
  obj.metadata.namespace = ns;
}

/** POST to a collection. */
export async function handleCreate(h: HandlerContext): Promise<void> {
  const r = h.resource;
  const obj = await readTypedBody(h, r);
  checkFields(h, r, obj);
  bindNamespace(h, obj);
  if (r.kind === 'CertificateSigningRequest') setCsrRequester(obj, h.user);
  if (!obj.metadata.name && !obj.metadata.generateName) {
    throw new K8sError('Invalid', `${r.kind} "" is invalid: metadata.name: Required value: name or generateName is required`, {
      kind: r.kind, group: r.group, causes: [{ reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' }],
    });
  }
  const created = await createObject(h.reg, r, toStored(r, obj), { dryRun: isDryRun(h), track: updateTracker(h, '') });
  sendJSON(h.res, 201, toServed(r, created), h.warnings);
}

/** PUT of an object or of its status/finalize/approval subresource. */
export async function handleUpdate(h: HandlerContext): Promise<void> {
  const r = h.resource;
  const sub = h.info.subresource;
  if (sub && !['status', 'finalize', 'approval'].includes(sub)) {
    throw new K8sError('MethodNotAllowed', `the server does not allow this method on the requested resource`);
  }
  const obj = await readTypedBody(h, r);
  checkFields(h, r, obj);
  const name = h.info.name;
  if (obj.metadata.name && obj.metadata.name !== name) {
    throw new K8sError('BadRequest', `the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
  }
  obj.metadata.name = name;
  bindNamespace(h, obj);
  const stored = toStored(r, obj);
  const { object, created } = await updateObject(h.reg, r, requestNamespace(h), name, (cur) => {
    if (!cur || !sub || sub === 'status') return stored;
    // finalize replaces spec.finalizers; approval replaces status.conditions; nothing else changes.
    if (sub === 'finalize') return { ...cur, metadata: { ...cur.metadata, resourceVersion: stored.metadata.resourceVersion }, spec: { ...(cur.spec ?? {}), finalizers: stored.spec?.finalizers ?? [] } };
    return { ...cur, metadata: { ...cur.metadata, resourceVersion: stored.metadata.resourceVersion }, status: { ...(cur.status ?? {}), conditions: stored.status?.conditions ?? [] } };
  }, {
    dryRun: isDryRun(h),
    subresource: sub === 'status' ? 'status' : sub ? sub : '',
    allowCreate: !sub && CREATE_ON_UPDATE.has(r.kind),
    // finalize and approval are recorded as upstream does: as writes to the main resource.
    track: updateTracker(h, sub === 'status' ? 'status' : ''),
  });
  sendJSON(h.res, created ? 201 : 200, toServed(r, object), h.warnings);
}

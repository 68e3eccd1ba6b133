/**
 * The scale subresource (autoscaling/v1 Scale) of deployments, replicasets,
 * statefulsets and replicationcontrollers: GET, PUT and PATCH.
 */
import { K8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import type { ResourceInfo } from '../../../api/resources.ts';
import { labelSelectorToString, formatLabels } from '../../../api/selectors/labels.ts';
import { applyPatch, patchTypeFromContentType } from '../patch/index.ts';
import { getObject } from '../registry/read.ts';
import { updateObject } from '../registry/update.ts';
import { readBody, decodeBody, decodeObject } from '../http/body.ts';
import { sendJSON } from '../http/respond.ts';
import { isDryRun, requestNamespace, type HandlerContext } from './context.ts';

const segs = (path: string): string[] => path.split('.').filter(Boolean);

function getAt(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const k of segs(path)) cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined;
  return cur;
}

/** A copy of `obj` with `value` at a `.a.b` path (parents copied, created when missing). */
function setAt(obj: KObject, path: string, value: unknown): KObject {
  const ks = segs(path);
  const root: Record<string, unknown> = { ...obj };
  let cur = root;
  ks.forEach((k, i) => {
    if (i === ks.length - 1) { cur[k] = value; return; }
    const next = cur[k];
    cur[k] = next !== null && typeof next === 'object' && !Array.isArray(next) ? { ...(next as object) } : {};
    cur = cur[k] as Record<string, unknown>;
  });
  return root as KObject;
}

/** Scale of a custom resource, through its CRD's scale paths. */
function customScaleOf(p: NonNullable<NonNullable<ResourceInfo['custom']>['scale']>, obj: KObject): KObject {
  const m = obj.metadata;
  const sel = p.labelSelectorPath ? getAt(obj, p.labelSelectorPath) : undefined;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: Number(getAt(obj, p.specReplicasPath) ?? 0) },
    status: { replicas: Number(getAt(obj, p.statusReplicasPath) ?? 0), selector: typeof sel === 'string' ? sel : '' },
  };
}

/** The Scale view of a scalable object. */
export function scaleOf(r: ResourceInfo, obj: KObject): KObject {
  if (r.custom?.scale) return customScaleOf(r.custom.scale, obj);
  const sel = r.kind === 'ReplicationController'
    ? formatLabels(obj.spec?.selector ?? {})
    : labelSelectorToString(obj.spec?.selector);
  const m = obj.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: obj.spec?.replicas ?? 0 },
    status: { replicas: obj.status?.replicas ?? 0, selector: sel === '<none>' ? '' : sel },
  };
}

function replicasOf(scale: KObject): number {
  const n = scale.spec?.replicas;
  if (n === undefined || n === null) return 0;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new K8sError('BadRequest', 'spec.replicas must be an integer');
  if (n < 0) {
    throw new K8sError('Invalid', `Scale.autoscaling "${scale.metadata?.name ?? ''}" is invalid: spec.replicas: Invalid value: ${n}: must be greater than or equal to 0`, {
      kind: 'Scale', group: 'autoscaling', name: scale.metadata?.name, causes: [{ reason: 'FieldValueInvalid', message: `Invalid value: ${n}: must be greater than or equal to 0`, field: 'spec.replicas' }],
    });
  }
  return n;
}

/** GET/PUT/PATCH .../{name}/scale */
export async function handleScale(h: HandlerContext): Promise<void> {
  const r = h.resource;
  const ns = requestNamespace(h);
  const name = h.info.name;
  if (h.info.verb === 'get') {
    sendJSON(h.res, 200, scaleOf(r, await getObject(h.reg, r, ns, name)));
    return;
  }
  if (h.info.verb !== 'update' && h.info.verb !== 'patch') throw new K8sError('MethodNotAllowed', 'the server does not allow this method on the requested resource');
  const ct = h.req.headers['content-type'];
  const buf = await readBody(h.req);
  const ptype = h.info.verb === 'patch' ? patchTypeFromContentType(ct ?? '') : undefined;
  if (h.info.verb === 'patch' && (!ptype || ptype === 'apply')) throw new K8sError('UnsupportedMediaType', 'unsupported patch type for scale');
  const body = h.info.verb === 'patch' ? decodeBody(buf, ct) : decodeObject(buf, ct);
  const { object } = await updateObject(h.reg, r, ns, name, (cur) => {
    const current = scaleOf(r, cur!);
    const next = ptype ? applyPatch(ptype as 'json' | 'merge' | 'strategic', current, body, { group: 'autoscaling', kind: 'Scale' }) : (body as KObject);
    const rv = next.metadata?.resourceVersion;
    const sp = r.custom?.scale?.specReplicasPath;
    const out: KObject = sp ? setAt(cur!, sp, replicasOf(next)) : { ...cur!, spec: { ...(cur!.spec ?? {}), replicas: replicasOf(next) } };
    out.metadata = { ...cur!.metadata, resourceVersion: rv && rv !== current.metadata.resourceVersion ? rv : undefined };
    if (!out.metadata.resourceVersion) delete out.metadata.resourceVersion;
    return out;
  }, { dryRun: isDryRun(h), subresource: 'scale' });
  sendJSON(h.res, 200, scaleOf(r, object));
}

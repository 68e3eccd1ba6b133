/**
 * The REST operations of every served resource, in a neutral form that the
 * v2 and v3 document builders both render. Write operations declare the
 * `fieldValidation` query parameter: kubectl reads it from the PATCH
 * operation of a kind to decide that the server validates fields itself.
 */
import { RESOURCES, type ResourceInfo } from '../../../api/resources.ts';
import { definitionNameOf, type GVK } from '../../../api/schema/index.ts';
import { subresourceInfo } from '../discovery/subresources.ts';

/** HTTP methods we document. */
export type Method = 'get' | 'put' | 'post' | 'patch' | 'delete';

/** One documented operation. */
export interface Operation {
  method: Method;
  /** x-kubernetes-action: get, list, put, post, patch, delete, deletecollection. */
  action: string;
  operationId: string;
  description: string;
  gvk: GVK;
  /** Query parameter names (see QUERY_PARAMS). */
  query: string[];
  /** Definition name of the request body, if any ('Patch' bodies use PATCH_DEF). */
  body?: string;
  /** Definition name of the 200 response. */
  response: string;
}

/** One documented path with its operations. */
export interface PathEntry {
  path: string;
  /** 'name' and/or 'namespace'. */
  pathParams: string[];
  ops: Operation[];
}

/** Definition names used by operations but not kinds of their own. */
export const STATUS_DEF = 'io.k8s.apimachinery.pkg.apis.meta.v1.Status';
export const DELETE_OPTIONS_DEF = 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions';
export const PATCH_DEF = 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch';

/** Query parameters: name -> [type, description]. Descriptions are ours. */
export const QUERY_PARAMS: Record<string, [string, string]> = {
  pretty: ['string', "If 'true', the output is pretty printed."],
  dryRun: ['string', 'When present, modifications are not persisted. The only valid value is All.'],
  fieldManager: ['string', 'Name of the actor making the change, recorded in managedFields.'],
  fieldValidation: ['string', 'How to treat unknown or duplicate fields in the request: Ignore, Warn (the default) or Strict.'],
  force: ['boolean', 'Force an apply request to take over conflicting fields. Only for apply patches.'],
  gracePeriodSeconds: ['integer', 'Seconds before the object is deleted; zero means immediately.'],
  propagationPolicy: ['string', 'Whether and how dependents are garbage collected: Orphan, Background or Foreground.'],
  labelSelector: ['string', 'Restrict the returned objects to those whose labels match.'],
  fieldSelector: ['string', 'Restrict the returned objects to those whose fields match.'],
  limit: ['integer', 'Maximum number of objects to return in one list response.'],
  continue: ['string', 'Token from a previous list response to fetch the next chunk.'],
  resourceVersion: ['string', 'Which resource version the request is served at.'],
  resourceVersionMatch: ['string', 'How resourceVersion applies to a list: Exact or NotOlderThan.'],
  watch: ['boolean', 'Stream changes instead of returning a list.'],
  allowWatchBookmarks: ['boolean', 'Ask for BOOKMARK events on watches.'],
  sendInitialEvents: ['boolean', 'Start a watch with synthetic events for the current state.'],
  timeoutSeconds: ['integer', 'Time limit of a list or watch call.'],
};

const LIST_Q = ['allowWatchBookmarks', 'continue', 'fieldSelector', 'labelSelector', 'limit', 'resourceVersion',
  'resourceVersionMatch', 'sendInitialEvents', 'timeoutSeconds', 'watch'];
const WRITE_Q = ['dryRun', 'fieldManager', 'fieldValidation'];
const PATCH_Q = [...WRITE_Q, 'force'];
const DELETE_Q = ['dryRun', 'gracePeriodSeconds', 'propagationPolicy'];

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** `CoreV1`, `AppsV1`, `NetworkingV1`: the operationId infix upstream uses. */
function gvId(r: ResourceInfo): string {
  return `${cap(r.group === '' ? 'core' : r.group.split('.')[0]!)}${cap(r.version)}`;
}

/** The documented paths of one resource. */
export function resourcePaths(r: ResourceInfo): PathEntry[] {
  const kindDef = definitionNameOf(r.group, r.version, r.kind);
  if (!kindDef) return [];
  const gvk = { group: r.group, version: r.version, kind: r.kind };
  const prefix = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  const coll = r.namespaced ? `${prefix}/namespaces/{namespace}/${r.plural}` : `${prefix}/${r.plural}`;
  const ns = r.namespaced ? 'Namespaced' : '';
  const id = (verb: string, suffix = '') => `${verb}${gvId(r)}${ns}${r.kind}${suffix}`;
  const has = (v: string) => r.verbs.includes(v);
  const nsParams = r.namespaced ? ['namespace'] : [];
  const out: PathEntry[] = [];

  const collOps: Operation[] = [];
  if (has('list')) collOps.push({ method: 'get', action: 'list', operationId: id('list'), description: `list or watch objects of kind ${r.kind}`, gvk, query: LIST_Q, response: `${kindDef}List` });
  if (has('create')) collOps.push({ method: 'post', action: 'post', operationId: id('create'), description: `create a ${r.kind}`, gvk, query: WRITE_Q, body: kindDef, response: kindDef });
  if (has('deletecollection')) collOps.push({ method: 'delete', action: 'deletecollection', operationId: id('deleteCollection'), description: `delete collection of ${r.kind}`, gvk, query: [...DELETE_Q, ...LIST_Q.filter((q) => q !== 'watch')], body: DELETE_OPTIONS_DEF, response: STATUS_DEF });
  if (collOps.length) out.push({ path: coll, pathParams: nsParams, ops: collOps });

  const itemOps: Operation[] = [];
  if (has('get')) itemOps.push({ method: 'get', action: 'get', operationId: id('read'), description: `read the specified ${r.kind}`, gvk, query: [], response: kindDef });
  if (has('update')) itemOps.push({ method: 'put', action: 'put', operationId: id('replace'), description: `replace the specified ${r.kind}`, gvk, query: WRITE_Q, body: kindDef, response: kindDef });
  if (has('patch')) itemOps.push({ method: 'patch', action: 'patch', operationId: id('patch'), description: `partially update the specified ${r.kind}`, gvk, query: PATCH_Q, body: PATCH_DEF, response: kindDef });
  if (has('delete')) itemOps.push({ method: 'delete', action: 'delete', operationId: id('delete'), description: `delete a ${r.kind}`, gvk, query: DELETE_Q, body: DELETE_OPTIONS_DEF, response: STATUS_DEF });
  if (itemOps.length) out.push({ path: `${coll}/{name}`, pathParams: ['name', ...nsParams], ops: itemOps });

  if (r.namespaced && has('list')) {
    out.push({ path: `${prefix}/${r.plural}`, pathParams: [], ops: [{ method: 'get', action: 'list', operationId: `list${gvId(r)}${r.kind}ForAllNamespaces`, description: `list or watch objects of kind ${r.kind}`, gvk, query: LIST_Q, response: `${kindDef}List` }] });
  }

  for (const sub of r.subresources) {
    const s = subresourceInfo(r, sub);
    const subGvk = { group: s.group ?? r.group, version: s.version ?? r.version, kind: s.kind };
    const subDef = definitionNameOf(subGvk.group, subGvk.version, subGvk.kind);
    if (!subDef) continue;
    const sfx = cap(sub);
    const ops: Operation[] = [];
    for (const verb of s.verbs) {
      if (verb === 'get') ops.push({ method: 'get', action: 'get', operationId: id('read', sfx), description: `read ${sub} of the specified ${r.kind}`, gvk: subGvk, query: [], response: subDef });
      if (verb === 'update') ops.push({ method: 'put', action: 'put', operationId: id('replace', sfx), description: `replace ${sub} of the specified ${r.kind}`, gvk: subGvk, query: WRITE_Q, body: subDef, response: subDef });
      if (verb === 'patch') ops.push({ method: 'patch', action: 'patch', operationId: id('patch', sfx), description: `partially update ${sub} of the specified ${r.kind}`, gvk: subGvk, query: PATCH_Q, body: PATCH_DEF, response: subDef });
      if (verb === 'create') ops.push({ method: 'post', action: 'post', operationId: id('create', sfx), description: `create ${sub} of a ${r.kind}`, gvk: subGvk, query: WRITE_Q, body: subDef, response: subDef });
    }
    if (ops.length) out.push({ path: `${coll}/{name}/${sub}`, pathParams: ['name', ...nsParams], ops });
  }
  return out;
}

/** Served group-versions as OpenAPI v3 index keys ('api/v1', 'apis/apps/v1') with their resources. */
export function groupVersions(): Map<string, ResourceInfo[]> {
  const m = new Map<string, ResourceInfo[]>();
  for (const r of RESOURCES) {
    const key = r.group ? `apis/${r.group}/${r.version}` : `api/${r.version}`;
    let list = m.get(key);
    if (!list) m.set(key, (list = []));
    list.push(r);
  }
  return m;
}

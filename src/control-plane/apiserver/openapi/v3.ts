/**
 * OpenAPI v3 documents: the `/openapi/v3` index and one document per
 * group-version, as kubectl 1.27+ reads them (JSON) for field validation
 * support, client-side apply patch metadata and `kubectl explain`.
 */
import { createHash } from 'node:crypto';
import { findByKind, onResourcesChanged } from '../../../api/resources.ts';
import type { Schema } from '../../../api/schema/index.ts';
import { closure, documentDefinitions } from './extra-definitions.ts';
import { groupVersions, resourcePaths, QUERY_PARAMS, STATUS_DEF, type Operation, type PathEntry } from './operations.ts';

const REF_V2 = '#/definitions/';
const REF_V3 = '#/components/schemas/';
const JSON_YAML = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];
const PATCH_TYPES = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'];

/** A definition rewritten for v3: refs into components, `$ref` with siblings wrapped in allOf as upstream does. */
export function toV3Schema(s: Schema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === '$ref' || k === 'x-kubernetes-int-or-string') continue;
    if (k === 'items' || (k === 'additionalProperties' && typeof v === 'object')) out[k] = toV3Schema(v as Schema);
    else if (k === 'properties') out[k] = Object.fromEntries(Object.entries(v as Record<string, Schema>).map(([p, ps]) => [p, toV3Schema(ps)]));
    else out[k] = v;
  }
  if (s.$ref) {
    const ref = REF_V3 + s.$ref.slice(REF_V2.length);
    if (Object.keys(out).length === 0) return { $ref: ref };
    out.allOf = [{ $ref: ref }];
  }
  return out;
}

const ref = (def: string) => ({ $ref: REF_V3 + def });

function v3Operation(op: Operation, tag: string): Record<string, unknown> {
  const o: Record<string, unknown> = {
    tags: [tag],
    description: op.description,
    operationId: op.operationId,
    parameters: op.query.map((q) => ({ name: q, in: 'query', description: QUERY_PARAMS[q]![1], schema: { type: QUERY_PARAMS[q]![0], uniqueItems: true } })),
    responses: {
      '200': { description: 'OK', content: Object.fromEntries(JSON_YAML.map((t) => [t, { schema: ref(op.response) }])) },
      '401': { description: 'Unauthorized' },
    },
    'x-kubernetes-action': op.action,
    'x-kubernetes-group-version-kind': op.gvk,
  };
  if (op.method === 'post') (o.responses as Record<string, unknown>)['201'] = (o.responses as Record<string, unknown>)['200'];
  if (op.body) {
    // Custom resources take no strategic merge patch; kubectl reads this list to pick the patch type.
    const custom = op.gvk && findByKind(op.gvk.group, op.gvk.kind, op.gvk.version)?.custom;
    const types = op.method === 'patch' ? (custom ? PATCH_TYPES.filter((t) => !t.includes('strategic')) : PATCH_TYPES) : ['*/*'];
    o.requestBody = { content: Object.fromEntries(types.map((t) => [t, { schema: ref(op.body!) }])), required: op.method !== 'delete' };
  }
  return o;
}

function pathItem(p: PathEntry, tag: string): Record<string, unknown> {
  const item: Record<string, unknown> = {
    parameters: [
      ...p.pathParams.map((n) => ({ name: n, in: 'path', description: `${n} of the object`, required: true, schema: { type: 'string', uniqueItems: true } })),
      { name: 'pretty', in: 'query', description: QUERY_PARAMS.pretty![1], schema: { type: 'string', uniqueItems: true } },
    ],
  };
  for (const op of p.ops) item[op.method] = v3Operation(op, tag);
  return item;
}

/** A v3 document ready to send. */
export interface BuiltDoc {
  body: string;
  /** Hex sha of the body; used in the index URL and as ETag. */
  hash: string;
}

let docs: Map<string, BuiltDoc> | undefined;
let index: string | undefined;
onResourcesChanged(() => { docs = undefined; index = undefined; });

function build(): Map<string, BuiltDoc> {
  const defs = documentDefinitions();
  const m = new Map<string, BuiltDoc>();
  for (const [gv, resources] of groupVersions()) {
    const tag = gv === 'api/v1' ? 'core_v1' : gv.replace(/^apis\//, '').replace(/[./]/g, '_');
    const paths: Record<string, unknown> = {};
    const used = new Set<string>([STATUS_DEF]);
    for (const r of resources) {
      for (const p of resourcePaths(r)) {
        paths[p.path] = pathItem(p, tag);
        for (const op of p.ops) { used.add(op.response); if (op.body) used.add(op.body); }
      }
    }
    const schemas = Object.fromEntries(closure(used).map((n) => [n, toV3Schema(defs[n]!)]));
    const doc = { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.0-k8ts' }, paths, components: { schemas } };
    const body = JSON.stringify(doc);
    m.set(gv, { body, hash: createHash('sha512').update(body).digest('hex').slice(0, 128) });
  }
  return m;
}

/** The per-group-version documents, keyed 'api/v1', 'apis/apps/v1'. Built once. */
export function v3Documents(): Map<string, BuiltDoc> {
  return (docs ??= build());
}

/** The `/openapi/v3` index body: every group-version with its hashed URL. */
export function v3Index(): string {
  if (index) return index;
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const [gv, d] of v3Documents()) paths[gv] = { serverRelativeURL: `/openapi/v3/${gv}?hash=${d.hash}` };
  return (index = JSON.stringify({ paths }));
}

/**
 * The OpenAPI v2 (Swagger 2.0) document at `/openapi/v2`, read by older
 * kubectl (1.20 validates, explains and computes apply patches from it)
 * and by tools that still speak Swagger. One document for every group.
 */
import { RESOURCES } from '../../../api/resources.ts';
import type { Schema } from '../../../api/schema/index.ts';
import { documentDefinitions } from './extra-definitions.ts';
import { resourcePaths, QUERY_PARAMS, type Operation, type PathEntry } from './operations.ts';

const PRODUCES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];
const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'];

function strip(s: Schema): Schema {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'x-kubernetes-int-or-string') continue;
    if (k === 'items' || (k === 'additionalProperties' && typeof v === 'object')) out[k] = strip(v as Schema);
    else if (k === 'properties') out[k] = Object.fromEntries(Object.entries(v as Record<string, Schema>).map(([p, ps]) => [p, strip(ps)]));
    else out[k] = v;
  }
  return out as Schema;
}

function v2Operation(op: Operation, tag: string): Record<string, unknown> {
  const parameters: unknown[] = [];
  if (op.body) parameters.push({ name: 'body', in: 'body', required: op.method !== 'delete', schema: { $ref: `#/definitions/${op.body}` } });
  for (const q of op.query) parameters.push({ uniqueItems: true, type: QUERY_PARAMS[q]![0], description: QUERY_PARAMS[q]![1], name: q, in: 'query' });
  const ok = { description: 'OK', schema: { $ref: `#/definitions/${op.response}` } };
  const responses: Record<string, unknown> = { '200': ok, '401': { description: 'Unauthorized' } };
  if (op.method === 'post') responses['201'] = { ...ok, description: 'Created' };
  return {
    description: op.description,
    consumes: op.method === 'patch' ? PATCH_TYPES : ['*/*'],
    produces: PRODUCES,
    schemes: ['https'],
    tags: [tag],
    operationId: op.operationId,
    parameters,
    responses,
    'x-kubernetes-action': op.action,
    'x-kubernetes-group-version-kind': op.gvk,
  };
}

function pathItem(p: PathEntry, tag: string): Record<string, unknown> {
  const item: Record<string, unknown> = {
    parameters: [
      ...p.pathParams.map((n) => ({ uniqueItems: true, type: 'string', description: `${n} of the object`, name: n, in: 'path', required: true })),
      { uniqueItems: true, type: 'string', description: QUERY_PARAMS.pretty![1], name: 'pretty', in: 'query' },
    ],
  };
  for (const op of p.ops) item[op.method] = v2Operation(op, tag);
  return item;
}

let doc: Record<string, unknown> | undefined;

/** The whole v2 document as a plain object. Built once; treat as read-only. */
export function v2Document(): Record<string, unknown> {
  if (doc) return doc;
  const paths: Record<string, unknown> = {};
  for (const r of RESOURCES) {
    const tag = `${r.group ? r.group.split('.')[0] : 'core'}_${r.version}`;
    for (const p of resourcePaths(r)) paths[p.path] = pathItem(p, tag);
  }
  const definitions = Object.fromEntries(Object.entries(documentDefinitions()).map(([k, v]) => [k, strip(v)]));
  doc = { swagger: '2.0', info: { title: 'Kubernetes', version: 'v1.32.0-k8ts' }, paths, definitions };
  return doc;
}

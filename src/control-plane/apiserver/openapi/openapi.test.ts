import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RESOURCES } from '../../../api/resources.ts';
import { openapiResponse, OPENAPI_V2_PROTOBUF } from './index.ts';

const q = new URLSearchParams();
const json = (path: string) => JSON.parse(String(openapiResponse(path, q, 'application/json')!.body));

type Op = { parameters?: { name: string }[]; 'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string } };

test('/openapi/v3 indexes every served group-version with a hashed URL', () => {
  const idx = json('/openapi/v3');
  const gvs = new Set(RESOURCES.map((r) => (r.group ? `apis/${r.group}/${r.version}` : `api/${r.version}`)));
  assert.deepEqual(new Set(Object.keys(idx.paths)), gvs);
  const url = new URL(idx.paths['apis/apps/v1'].serverRelativeURL, 'https://x');
  assert.equal(url.pathname, '/openapi/v3/apis/apps/v1');
  const r = openapiResponse(url.pathname, url.searchParams, 'application/json')!;
  assert.equal(r.status, 200);
  assert.equal(r.cacheControl, 'public, immutable');
});

test('every served kind has a PATCH operation declaring fieldValidation (what kubectl checks)', () => {
  for (const r of RESOURCES) {
    const doc = json(`/openapi/v3/${r.group ? `apis/${r.group}/${r.version}` : `api/${r.version}`}`);
    assert.equal(doc.openapi, '3.0.0');
    const patches = Object.values(doc.paths as Record<string, { patch?: Op }>).map((p) => p.patch)
      .filter((op): op is Op => !!op && op['x-kubernetes-group-version-kind']?.kind === r.kind && op['x-kubernetes-group-version-kind']?.group === r.group);
    assert.ok(patches.length > 0, `${r.kind} has a patch op`);
    for (const op of patches) assert.ok(op.parameters!.some((p) => p.name === 'fieldValidation'), `${r.kind} patch declares fieldValidation`);
  }
});

test('v3 schemas carry the GVK extension, merge keys, and resolvable refs', () => {
  const doc = json('/openapi/v3/api/v1');
  const schemas = doc.components.schemas;
  assert.deepEqual(schemas['io.k8s.api.core.v1.Pod']['x-kubernetes-group-version-kind'], [{ group: '', version: 'v1', kind: 'Pod' }]);
  const containers = schemas['io.k8s.api.core.v1.PodSpec'].properties.containers;
  assert.equal(containers['x-kubernetes-patch-merge-key'], 'name');
  assert.equal(containers.items.$ref, '#/components/schemas/io.k8s.api.core.v1.Container');
  const text = JSON.stringify(doc);
  for (const m of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) assert.ok(schemas[m[1]!], `ref ${m[1]} resolves`);
  assert.ok(!text.includes('#/definitions/'));
});

test('/openapi/v2 JSON has definitions with GVKs and fieldValidation on patches', () => {
  const doc = json('/openapi/v2');
  assert.equal(doc.swagger, '2.0');
  assert.deepEqual(doc.definitions['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind'], [{ group: 'apps', version: 'v1', kind: 'Deployment' }]);
  const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
  assert.ok(patch.parameters.some((p: { name: string }) => p.name === 'fieldValidation'));
  for (const m of JSON.stringify(doc).matchAll(/"\$ref":"#\/definitions\/([^"]+)"/g)) assert.ok(doc.definitions[m[1]!], `ref ${m[1]} resolves`);
});

/** Reads the top-level fields of a protobuf message: field number -> list of raw values. */
function topLevel(b: Buffer): Map<number, Buffer[]> {
  const out = new Map<number, Buffer[]>();
  let i = 0;
  const varint = () => { let n = 0; let s = 1; for (;;) { const x = b[i++]!; n += (x & 0x7f) * s; s *= 128; if (x < 0x80) return n; } };
  while (i < b.length) {
    const tag = varint();
    assert.equal(tag & 7, 2, 'only length-delimited fields at the top level');
    const len = varint();
    const f = Math.floor(tag / 8);
    out.set(f, [...(out.get(f) ?? []), b.subarray(i, i + len)]);
    i += len;
  }
  return out;
}

test('/openapi/v2 protobuf is a gnostic Document that older kubectl can read', () => {
  const r = openapiResponse('/openapi/v2', q, OPENAPI_V2_PROTOBUF)!;
  assert.equal(r.status, 200);
  assert.doesNotMatch(r.contentType, /@/, 'Go mime parsing rejects @ in a Content-Type');
  const fields = topLevel(r.body as Buffer);
  assert.equal(fields.get(1)![0]!.toString(), '2.0');
  const defs = topLevel(fields.get(9)![0]!);
  assert.ok(defs.get(1)!.length > 300, 'definitions encoded');
});

test('unsupported media types get 406; other paths are not ours', () => {
  assert.equal(openapiResponse('/openapi/v3/api/v1', q, 'application/com.github.proto-openapi.spec.v3@v1.0+protobuf')!.status, 406);
  assert.equal(openapiResponse('/openapi/v3/apis/nope/v1', q, 'application/json')!.status, 404);
  assert.equal(openapiResponse('/api/v1', q, undefined), undefined);
});

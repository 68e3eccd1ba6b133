import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RESOURCES } from '../resources.ts';
import { unknownFields, schemaOf, definitionNameOf } from './index.ts';

const pod = () => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default', labels: { app: 'x' }, annotations: { 'a/b': 'c' }, ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'n', uid: 'u' }] },
  spec: {
    containers: [{
      name: 'c', image: 'nginx', ports: [{ containerPort: 80 }], env: [{ name: 'A', value: '1' }],
      resources: { limits: { cpu: '1', memory: '1Gi' } },
      livenessProbe: { httpGet: { path: '/', port: 'http' } },
    }],
    nodeSelector: { disk: 'ssd' },
    volumes: [{ name: 'v', configMap: { name: 'cm' } }],
  },
  status: { phase: 'Running' },
});

test('every served kind has a schema', () => {
  for (const r of RESOURCES) assert.ok(schemaOf(r.group, r.version, r.kind), `${r.group}/${r.version} ${r.kind}`);
  assert.equal(definitionNameOf('apps', 'v1', 'Deployment'), 'io.k8s.api.apps.v1.Deployment');
  assert.equal(definitionNameOf('events.k8s.io', 'v1', 'Event'), 'io.k8s.api.events.v1.Event');
  assert.equal(definitionNameOf('', 'v1', 'Event'), 'io.k8s.api.core.v1.Event');
});

test('a valid pod has no unknown fields', () => {
  assert.deepEqual(unknownFields('', 'v1', 'Pod', pod()), []);
});

test('unknown fields are reported with upstream paths, metadata included', () => {
  const p = pod() as Record<string, any>;
  p.spec.containers[0].foo = 1;
  p.spec.containers[0].ports[0].bogus = true;
  p.metadata.nope = 'x';
  p.extra = {};
  assert.deepEqual(unknownFields('', 'v1', 'Pod', p).sort(), [
    'extra', 'metadata.nope', 'spec.containers[0].foo', 'spec.containers[0].ports[0].bogus',
  ]);
});

test('a valid deployment passes; a misplaced field is caught', () => {
  const d = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' },
    spec: {
      replicas: 2, selector: { matchLabels: { app: 'd' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
    },
  };
  assert.deepEqual(unknownFields('apps', 'v1', 'Deployment', d), []);
  (d.spec.template.metadata as Record<string, unknown>).containers = [];
  assert.deepEqual(unknownFields('apps', 'v1', 'Deployment', d), ['spec.template.metadata.containers']);
});

test('open objects accept anything; unknown kinds are not checked', () => {
  const cr = { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'r' }, revision: 1, data: { any: { thing: 1 } } };
  assert.deepEqual(unknownFields('apps', 'v1', 'ControllerRevision', cr), []);
  const withManaged = { metadata: { name: 'x', managedFields: [{ manager: 'm', fieldsV1: { 'f:spec': {} } }] } };
  assert.deepEqual(unknownFields('', 'v1', 'ConfigMap', withManaged), []);
  assert.deepEqual(unknownFields('example.com', 'v1', 'Widget', { whatever: 1 }), []);
});

test('checking a pod takes microseconds', () => {
  const p = pod();
  unknownFields('', 'v1', 'Pod', p);
  const n = 20_000;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) unknownFields('', 'v1', 'Pod', p);
  const us = Number(process.hrtime.bigint() - t0) / n / 1000;
  assert.ok(us < 50, `unknownFields took ${us.toFixed(2)} µs per pod`);
});

test('patch metadata is applied to the shared definitions', async () => {
  const { definitions, PATCH_META } = await import('./index.ts');
  const d = definitions();
  for (const [name, fields] of Object.entries(PATCH_META)) {
    for (const f of Object.keys(fields)) assert.ok(d[name]?.properties?.[f], `${name}.${f} exists`);
  }
  const c = d['io.k8s.api.core.v1.PodSpec']!.properties!.containers!;
  assert.equal(c['x-kubernetes-patch-merge-key'], 'name');
  assert.equal(c['x-kubernetes-patch-strategy'], 'merge');
});

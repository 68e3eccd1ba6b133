import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findResource } from '../../../api/resources.ts';
import type { KObject } from '../../../api/types.ts';
import { serverSideApply } from './apply.ts';
import { trackWrite } from './track.ts';
import { isK8sError } from '../../../base/errors.ts';

const deploy = findResource('apps', 'v1', 'deployments')!;
const cm = findResource('', 'v1', 'configmaps')!;
const w = (manager: string) => ({ manager, apiVersion: 'apps/v1', subresource: '', time: '2024-01-01T00:00:00Z' });

function dep(replicas: number, containers: Record<string, unknown>[], labels: Record<string, string> = { app: 'x' }): KObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'default', labels },
    spec: { replicas, selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'x' } }, spec: { containers } } },
  };
}

test('apply records the applied fields in FieldsV1', () => {
  const out = serverSideApply({ resource: deploy, live: undefined, config: dep(2, [{ name: 'a', image: 'nginx', ports: [{ containerPort: 80 }] }]), writer: w('m1'), force: false });
  const mf = out.metadata.managedFields as Record<string, unknown>[];
  assert.equal(mf.length, 1);
  assert.equal(mf[0].operation, 'Apply');
  const f = mf[0].fieldsV1 as any;
  assert.deepEqual(f['f:spec']['f:selector'], {});
  assert.deepEqual(f['f:spec']['f:replicas'], {});
  assert.deepEqual(f['f:metadata']['f:labels'], { 'f:app': {} });
  const c = f['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"a"}'];
  assert.deepEqual(c['.'], {});
  assert.deepEqual(c['f:ports']['k:{"containerPort":80,"protocol":"TCP"}'], { '.': {}, 'f:containerPort': {} });
});

test('a second manager conflicts on a changed field, and force takes it over', () => {
  const live = serverSideApply({ resource: deploy, live: undefined, config: dep(2, [{ name: 'a', image: 'nginx' }]), writer: w('m1'), force: false });
  assert.throws(() => serverSideApply({ resource: deploy, live, config: dep(3, [{ name: 'a', image: 'nginx' }]), writer: w('m2'), force: false }), (e) => {
    assert.ok(isK8sError(e, 'Conflict'));
    assert.equal(e.message, 'Apply failed with 1 conflict: conflict with "m1": .spec.replicas');
    assert.deepEqual(e.details?.causes, [{ reason: 'FieldManagerConflict', message: 'conflict with "m1"', field: '.spec.replicas' }]);
    return true;
  });
  // The same value is shared, not a conflict.
  const shared = serverSideApply({ resource: deploy, live, config: dep(2, [{ name: 'a', image: 'nginx' }]), writer: w('m2'), force: false });
  assert.equal((shared.metadata.managedFields as unknown[]).length, 2);
  const forced = serverSideApply({ resource: deploy, live, config: dep(3, [{ name: 'a', image: 'nginx' }]), writer: w('m2'), force: true });
  assert.equal(forced.spec.replicas, 3);
  const m1 = (forced.metadata.managedFields as any[]).find((e) => e.manager === 'm1');
  assert.equal(m1.fieldsV1['f:spec']['f:replicas'], undefined);
});

test('fields an applier drops are removed unless someone else owns them', () => {
  let live = serverSideApply({ resource: deploy, live: undefined, config: dep(2, [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'busybox' }], { app: 'x', tier: 'web' }), writer: w('m1'), force: false });
  live = serverSideApply({ resource: deploy, live, config: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', labels: { owner: 'm2' } } }, writer: w('m2'), force: false });
  live = serverSideApply({ resource: deploy, live, config: dep(2, [{ name: 'a', image: 'nginx' }]), writer: w('m1'), force: false });
  assert.deepEqual(live.metadata.labels, { app: 'x', owner: 'm2' });
  assert.deepEqual(live.spec.template.spec.containers.map((c: any) => c.name), ['a']);
});

test('updates take ownership of what they change', () => {
  const live = serverSideApply({ resource: deploy, live: undefined, config: dep(2, [{ name: 'a', image: 'nginx' }]), writer: w('m1'), force: false });
  const next = structuredClone(live);
  next.spec.replicas = 5;
  trackWrite(deploy, live, next, { ...w('kubectl-scale') });
  const mf = next.metadata.managedFields as any[];
  assert.equal(mf.length, 2);
  assert.equal(mf[1].manager, 'kubectl-scale');
  assert.deepEqual(mf[1].fieldsV1, { 'f:spec': { 'f:replicas': {} } });
  assert.equal(mf[0].fieldsV1['f:spec']['f:replicas'], undefined);
});

test('create records every field, map entries as members', () => {
  const obj: KObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { a: 'b' } }, data: { k: 'v' } };
  trackWrite(cm, undefined, obj, { manager: 'kubectl-create', apiVersion: 'v1', subresource: '', time: 't' });
  assert.deepEqual((obj.metadata.managedFields as any[])[0].fieldsV1, { 'f:data': { 'f:k': {} }, 'f:metadata': { 'f:labels': { 'f:a': {} } } });
});

test('a struct the applier stops applying goes entirely, not as an empty map', () => {
  const ic = findResource('networking.k8s.io', 'v1', 'ingressclasses')!;
  const obj = (spec: Record<string, unknown>): KObject => ({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'i' }, spec });
  const writer = { manager: 'k', apiVersion: 'networking.k8s.io/v1', subresource: '', time: '2024-01-01T00:00:00Z' };
  const live = serverSideApply({ resource: ic, live: undefined, config: obj({ controller: 'c', parameters: { kind: 'K', name: 'p' } }), writer, force: false });
  const out = serverSideApply({ resource: ic, live, config: obj({ controller: 'c' }), writer, force: false });
  assert.deepEqual(out.spec, { controller: 'c' });
});

/**
 * The patch metadata table and its lookups, and Content-Type mapping.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RESOURCES } from '../../../api/resources.ts';
import { listPatchPaths, patchMetaForPath, patchTypeFromContentType, PATCH_TYPES, KIND_PATCH_TYPES } from './index.ts';

test('every built-in kind served has patch metadata (so SMP is accepted)', () => {
  for (const r of RESOURCES) {
    if (r.custom) continue; // custom resources take no strategic merge patch, as upstream
    assert.ok(KIND_PATCH_TYPES[`${r.group}/${r.kind}`], `${r.group}/${r.kind} has no patch metadata row`);
  }
});

test('every type reference in the table resolves', () => {
  const all = [...Object.values(PATCH_TYPES), ...Object.values(KIND_PATCH_TYPES)];
  for (const t of all) for (const [f, m] of Object.entries(t)) {
    if (m.type) assert.ok(PATCH_TYPES[m.type], `field ${f} references unknown type ${m.type}`);
    if (m.mergeKey) assert.match(m.strategy ?? '', /merge/, `field ${f} has a merge key without merge strategy`);
  }
});

test('patchMetaForPath answers per JSON path, through pod templates', () => {
  const containers = { strategy: 'merge', mergeKey: 'name' };
  assert.deepEqual(patchMetaForPath({ group: '', kind: 'Pod' }, ['spec', 'containers']), containers);
  for (const [g, k, path] of [
    ['apps', 'Deployment', 'spec.template.spec.containers'],
    ['apps', 'StatefulSet', 'spec.template.spec.initContainers'],
    ['apps', 'DaemonSet', 'spec.template.spec.ephemeralContainers'],
    ['apps', 'ReplicaSet', 'spec.template.spec.containers'],
    ['batch', 'Job', 'spec.template.spec.containers'],
    ['batch', 'CronJob', 'spec.jobTemplate.spec.template.spec.containers'],
    ['', 'ReplicationController', 'spec.template.spec.containers'],
  ] as const) {
    assert.deepEqual(patchMetaForPath({ group: g, kind: k }, path.split('.')), containers, `${k} ${path}`);
  }
  assert.deepEqual(patchMetaForPath({ group: '', kind: 'Pod' }, ['spec', 'containers', 'ports']), { strategy: 'merge', mergeKey: 'containerPort' });
  assert.deepEqual(patchMetaForPath({ group: '', kind: 'Service' }, ['spec', 'ports']), { strategy: 'merge', mergeKey: 'port' });
  assert.deepEqual(patchMetaForPath({ group: '', kind: 'Pod' }, ['metadata', 'finalizers']), { strategy: 'merge', mergeKey: undefined });
  assert.deepEqual(patchMetaForPath({ group: 'apps', kind: 'Deployment' }, ['spec', 'strategy']), { strategy: 'retainKeys', mergeKey: undefined });
  assert.equal(patchMetaForPath({ group: '', kind: 'Node' }, ['spec', 'taints']), undefined);
  assert.equal(patchMetaForPath({ group: '', kind: 'Pod' }, ['spec', 'tolerations']), undefined);
  assert.equal(patchMetaForPath({ group: 'example.com', kind: 'Widget' }, ['spec']), undefined);
});

test('listPatchPaths flattens the graph for OpenAPI', () => {
  const rows = listPatchPaths({ group: 'apps', kind: 'Deployment' });
  const byPath = new Map(rows.map((r) => [r.path, r]));
  assert.deepEqual(byPath.get('spec.template.spec.volumes'), { path: 'spec.template.spec.volumes', strategy: 'merge,retainKeys', mergeKey: 'name' });
  assert.equal(byPath.get('spec.template.spec.containers.env')?.mergeKey, 'name');
  assert.equal(byPath.get('status.conditions')?.mergeKey, 'type');
  assert.equal(byPath.get('metadata.ownerReferences')?.mergeKey, 'uid');
  assert.deepEqual(listPatchPaths({ group: 'example.com', kind: 'Widget' }), []);
});

test('patchTypeFromContentType', () => {
  assert.equal(patchTypeFromContentType('application/json-patch+json'), 'json');
  assert.equal(patchTypeFromContentType('application/merge-patch+json; charset=utf-8'), 'merge');
  assert.equal(patchTypeFromContentType('application/strategic-merge-patch+json'), 'strategic');
  assert.equal(patchTypeFromContentType('application/apply-patch+yaml'), 'apply');
  assert.equal(patchTypeFromContentType('application/json'), undefined);
  assert.equal(patchTypeFromContentType(''), undefined);
});

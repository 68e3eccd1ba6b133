import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultPrinter, humanDuration, printers, toTable } from './index.ts';
import { RESOURCES } from '../resources.ts';
import { gkKey, type KObject } from '../types.ts';

const NOW = Date.parse('2026-01-01T12:00:00Z');

test('default printer: Name and Created At', () => {
  assert.deepEqual(defaultPrinter.columns.map((c) => [c.name, c.type, c.format]), [['Name', 'string', 'name'], ['Created At', 'date', '']]);
  assert.deepEqual(defaultPrinter.cells({ metadata: { name: 'r', creationTimestamp: '2026-01-01T11:00:00.000Z' } }, NOW), ['r', '2026-01-01T11:00:00Z']);
  assert.deepEqual(defaultPrinter.cells({ metadata: { name: 'r' } }, NOW), ['r', '0001-01-01T00:00:00Z']);
});

test('every served kind has a printer whose first Name column is format name, and cells match columns', () => {
  const withDefault = ['apiextensions.k8s.io/CustomResourceDefinition', '/LimitRange', 'rbac.authorization.k8s.io/Role', 'rbac.authorization.k8s.io/ClusterRole'];
  for (const r of RESOURCES) {
    const key = gkKey(r.group, r.kind);
    const p = printers[key] ?? defaultPrinter;
    if (!printers[key]) assert.ok(withDefault.includes(key), `no printer for ${key}`);
    const name = p.columns.find((c) => c.name === 'Name');
    assert.equal(name?.format, 'name', key);
    for (const c of p.columns) assert.ok(c.description.length > 0 && (c.priority === 0 || c.priority === 1), `${key} ${c.name}`);
    // an almost empty object must print without throwing, one cell per column
    const cells = p.cells({ metadata: { name: 'x' } }, NOW);
    assert.equal(cells.length, p.columns.length, key);
    for (const cell of cells) assert.ok(['string', 'number', 'boolean'].includes(typeof cell), `${key} cell ${String(cell)}`);
  }
});

test('toTable: rows carry PartialObjectMetadata by default, the object, or nothing', () => {
  const cm: KObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'd', creationTimestamp: '2026-01-01T11:00:00Z' }, data: { a: 'b' } };
  const t = toTable([cm], printers['/ConfigMap'], { now: NOW });
  assert.equal(t.apiVersion, 'meta.k8s.io/v1');
  assert.equal(t.kind, 'Table');
  assert.deepEqual(t.columnDefinitions.map((c) => c.name), ['Name', 'Data', 'Age']);
  assert.deepEqual(t.rows, [{ cells: ['c', 1, '60m'], object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: cm.metadata } }]);
  assert.deepEqual(toTable([cm], printers['/ConfigMap'], { now: NOW, includeObject: 'Object' }).rows, [{ cells: ['c', 1, '60m'], object: cm }]);
  assert.deepEqual(toTable([cm], printers['/ConfigMap'], { now: NOW, includeObject: 'None' }).rows, [{ cells: ['c', 1, '60m'] }]);
  const done = toTable([{ metadata: { name: 'p' }, spec: {}, status: { phase: 'Succeeded' } }], printers['/Pod'], { now: NOW, includeObject: 'None' });
  assert.deepEqual((done.rows[0] as any).conditions, [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }]);
  assert.equal(toTable([], printers['/Pod'], { now: NOW }).rows.length, 0);
  assert.equal(humanDuration(0), '0s');
});

test('10k pods print fast', () => {
  const pods: KObject[] = [];
  for (let i = 0; i < 10_000; i++) {
    pods.push({
      metadata: { name: `pod-${i}`, namespace: 'default', creationTimestamp: '2026-01-01T10:00:00Z', uid: `u${i}` },
      spec: { nodeName: 'n1', containers: [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'busybox' }] },
      status: {
        phase: 'Running', podIP: '10.42.0.1', podIPs: [{ ip: '10.42.0.1' }], conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [
          { name: 'a', ready: true, restartCount: 1, state: { running: {} }, lastState: { terminated: { exitCode: 1, finishedAt: '2026-01-01T11:00:00Z' } } },
          { name: 'b', ready: true, restartCount: 0, state: { running: {} } },
        ],
      },
    });
  }
  toTable(pods, printers['/Pod'], { now: NOW }); // warm up
  // best of three runs, so a GC pause on a busy machine does not fail the test
  let ms = Infinity;
  let t = toTable([], printers['/Pod'], { now: NOW });
  for (let run = 0; run < 3; run++) {
    const start = performance.now();
    t = toTable(pods, printers['/Pod'], { now: NOW });
    ms = Math.min(ms, performance.now() - start);
  }
  assert.equal(t.rows.length, 10_000);
  assert.deepEqual((t.rows[0] as any).cells.slice(0, 5), ['pod-0', '2/2', 'Running', '1 (60m ago)', '120m']);
  assert.ok(ms < 100, `10k pods took ${ms.toFixed(1)} ms`);
});

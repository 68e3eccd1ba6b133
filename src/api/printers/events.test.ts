import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventPrinter } from './events.ts';

const NOW = Date.parse('2026-01-01T12:00:00Z');

test('columns: LAST SEEN TYPE REASON OBJECT MESSAGE, wide extras', () => {
  assert.deepEqual(eventPrinter.columns.map((c) => [c.name, c.priority]), [
    ['Last Seen', 0], ['Type', 0], ['Reason', 0], ['Object', 0], ['Subobject', 1], ['Source', 1], ['Message', 0],
    ['First Seen', 1], ['Count', 1], ['Name', 1],
  ]);
});

test('core/v1 event', () => {
  const ev = {
    metadata: { name: 'web-1.17a', namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'web-1', fieldPath: 'spec.containers{nginx}' },
    reason: 'Pulled', message: ' Successfully pulled image \n', type: 'Normal', count: 3,
    source: { component: 'kubelet', host: 'node1' },
    firstTimestamp: '2026-01-01T11:00:00Z', lastTimestamp: '2026-01-01T11:58:00Z',
  };
  assert.deepEqual(eventPrinter.cells(ev, NOW), ['2m', 'Normal', 'Pulled', 'pod/web-1', 'spec.containers{nginx}', 'kubelet, node1', 'Successfully pulled image', '60m', 3, 'web-1.17a']);
});

test('new-style events: eventTime, series, reporting controller, no count', () => {
  const ev = {
    metadata: { name: 'e' }, involvedObject: { kind: 'Node' }, reason: 'Starting', type: 'Normal', message: 'm',
    eventTime: '2026-01-01T11:30:00.000000Z', reportingComponent: 'kube-proxy', reportingInstance: 'n1',
  };
  assert.deepEqual(eventPrinter.cells(ev, NOW), ['30m', 'Normal', 'Starting', 'node', '', 'kube-proxy, n1', 'm', '30m', 1, 'e']);
  const series = { ...ev, series: { count: 7, lastObservedTime: '2026-01-01T11:59:00.000000Z' } };
  const cells = eventPrinter.cells(series, NOW);
  assert.equal(cells[0], '60s');
  assert.equal(cells[8], 7);
});

test('events.k8s.io/v1 shape', () => {
  const ev = {
    apiVersion: 'events.k8s.io/v1', metadata: { name: 'e2' }, regarding: { kind: 'Deployment', name: 'web' }, note: 'Scaled up',
    reason: 'ScalingReplicaSet', type: 'Normal', deprecatedSource: { component: 'deployment-controller' },
    deprecatedFirstTimestamp: '2026-01-01T10:00:00Z', deprecatedLastTimestamp: '2026-01-01T11:00:00Z', deprecatedCount: 2,
  };
  assert.deepEqual(eventPrinter.cells(ev, NOW), ['60m', 'Normal', 'ScalingReplicaSet', 'deployment/web', '', 'deployment-controller', 'Scaled up', '120m', 2, 'e2']);
});

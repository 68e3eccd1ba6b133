import { test } from 'node:test';
import assert from 'node:assert/strict';
import { podCells, podPrinter } from './pod.ts';
import type { KObject } from '../types.ts';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const created = '2026-01-01T11:00:00Z';

function pod(spec: any, status: any, meta: any = {}): KObject {
  return { metadata: { name: 'p', creationTimestamp: created, ...meta }, spec: { containers: [{ name: 'a' }], ...spec }, status };
}
const running = (name = 'a', extra: any = {}) => ({ name, ready: true, restartCount: 0, state: { running: { startedAt: created } }, ...extra });
/** NAME READY STATUS RESTARTS AGE */
const head = (p: KObject) => podCells(p, NOW).slice(0, 5);

test('columns as upstream', () => {
  assert.deepEqual(podPrinter.columns.map((c) => [c.name, c.type, c.priority]), [
    ['Name', 'string', 0], ['Ready', 'string', 0], ['Status', 'string', 0], ['Restarts', 'string', 0], ['Age', 'string', 0],
    ['IP', 'string', 1], ['Node', 'string', 1], ['Nominated Node', 'string', 1], ['Readiness Gates', 'string', 1],
  ]);
  assert.equal(podPrinter.columns[0].format, 'name');
});

test('running and pending pods', () => {
  assert.deepEqual(head(pod({}, { phase: 'Running', containerStatuses: [running()] })), ['p', '1/1', 'Running', '0', '60m']);
  assert.deepEqual(head(pod({}, { phase: 'Pending' })), ['p', '0/1', 'Pending', '0', '60m']);
  assert.deepEqual(head(pod({ containers: [{ name: 'a' }, { name: 'b' }] }, {
    phase: 'Pending', containerStatuses: [
      { name: 'a', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } },
      { name: 'b', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } },
    ],
  })), ['p', '0/2', 'ContainerCreating', '0', '60m']);
  assert.deepEqual(head(pod({ containers: [{ name: 'a' }, { name: 'b' }] }, {
    phase: 'Running', containerStatuses: [running('a'), { name: 'b', ready: false, restartCount: 0, state: { running: {} } }],
  })), ['p', '1/2', 'Running', '0', '60m']);
});

test('crash loops show restarts with the last restart age', () => {
  const p = pod({}, {
    phase: 'Running', containerStatuses: [{
      name: 'a', ready: false, restartCount: 5, state: { waiting: { reason: 'CrashLoopBackOff' } },
      lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2026-01-01T11:55:00Z' } },
    }],
  });
  assert.deepEqual(head(p), ['p', '0/1', 'CrashLoopBackOff', '5 (5m ago)', '60m']);
  // restarts without a known last termination time have no suffix
  const q = pod({}, { phase: 'Running', containerStatuses: [running('a', { restartCount: 2 })] });
  assert.equal(head(q)[3], '2');
});

test('terminated containers: Completed, Error, ExitCode, Signal', () => {
  const term = (t: any) => pod({ restartPolicy: 'Never' }, { phase: 'Succeeded', containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { terminated: t } }] });
  assert.equal(head(term({ exitCode: 0, reason: 'Completed' }))[2], 'Completed');
  assert.equal(head(term({ exitCode: 1, reason: 'Error' }))[2], 'Error');
  assert.equal(head(term({ exitCode: 3 }))[2], 'ExitCode:3');
  assert.equal(head(term({ exitCode: 137, signal: 9 }))[2], 'Signal:9');
  assert.deepEqual(podPrinter.conditions!(term({ exitCode: 0 })), [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }]);
  assert.equal(podPrinter.conditions!(pod({}, { phase: 'Running' })), undefined);
  // a completed container beside a running one: Running when Ready, else NotReady
  const mixed = (ready: string) => pod({ containers: [{ name: 'a' }, { name: 'b' }] }, {
    phase: 'Running', conditions: [{ type: 'Ready', status: ready }],
    containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }, running('b')],
  });
  assert.equal(head(mixed('True'))[2], 'Running');
  assert.equal(head(mixed('False'))[2], 'NotReady');
});

test('init containers', () => {
  const spec = { initContainers: [{ name: 'i1' }, { name: 'i2' }] };
  const waitingInit = pod(spec, { phase: 'Pending', initContainerStatuses: [
    { name: 'i1', restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
    { name: 'i2', restartCount: 0, state: { running: {} } },
  ] });
  assert.deepEqual(head(waitingInit), ['p', '0/1', 'Init:1/2', '0', '60m']);
  const crash = pod(spec, { phase: 'Pending', initContainerStatuses: [
    { name: 'i1', restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, finishedAt: '2026-01-01T11:58:00Z' } } },
    { name: 'i2', restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } },
  ], containerStatuses: [{ name: 'a', restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }] });
  assert.deepEqual(head(crash), ['p', '0/1', 'Init:CrashLoopBackOff', '3 (2m ago)', '60m']);
  const failed = pod(spec, { phase: 'Failed', initContainerStatuses: [{ name: 'i1', restartCount: 0, state: { terminated: { exitCode: 2 } } }] });
  assert.equal(head(failed)[2], 'Init:ExitCode:2');
  const failedReason = pod(spec, { phase: 'Failed', initContainerStatuses: [{ name: 'i1', restartCount: 0, state: { terminated: { exitCode: 1, reason: 'Error' } } }] });
  assert.equal(head(failedReason)[2], 'Init:Error');
  const pendingInit = pod(spec, { phase: 'Pending', initContainerStatuses: [{ name: 'i1', restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }] });
  assert.equal(head(pendingInit)[2], 'Init:0/2');
});

test('sidecar (restartable init) containers count as containers', () => {
  const p = pod({ initContainers: [{ name: 'side', restartPolicy: 'Always' }] }, {
    phase: 'Running', conditions: [{ type: 'Initialized', status: 'True' }],
    initContainerStatuses: [{ name: 'side', ready: true, started: true, restartCount: 1, state: { running: {} } }],
    containerStatuses: [running('a')],
  });
  assert.deepEqual(head(p), ['p', '2/2', 'Running', '1', '60m']);
});

test('terminating, node lost, evicted, scheduling gated', () => {
  const del = { deletionTimestamp: '2026-01-01T11:59:00Z' };
  assert.equal(head(pod({}, { phase: 'Running', containerStatuses: [running()] }, del))[2], 'Terminating');
  assert.equal(head(pod({}, { phase: 'Succeeded' }, del))[2], 'Succeeded');
  assert.equal(head(pod({}, { phase: 'Running', reason: 'NodeLost' }, del))[2], 'Unknown');
  assert.equal(head(pod({}, { phase: 'Running', reason: 'NodeLost' }))[2], 'NodeLost');
  assert.equal(head(pod({}, { phase: 'Failed', reason: 'Evicted' }))[2], 'Evicted');
  assert.equal(head(pod({}, { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }))[2], 'SchedulingGated');
});

test('wide cells: IP, node, nominated node, readiness gates', () => {
  const p = pod({ nodeName: 'n1', readinessGates: [{ conditionType: 'x' }, { conditionType: 'y' }] }, {
    phase: 'Running', podIP: '10.0.0.9', podIPs: [{ ip: '10.0.0.9' }], nominatedNodeName: 'n2',
    conditions: [{ type: 'x', status: 'True' }, { type: 'y', status: 'False' }], containerStatuses: [running()],
  });
  assert.deepEqual(podCells(p, NOW).slice(5), ['10.0.0.9', 'n1', 'n2', '1/2']);
  assert.deepEqual(podCells(pod({}, {}), NOW).slice(5), ['<none>', '<none>', '<none>', '<none>']);
  assert.equal(podCells(pod({}, {}, { creationTimestamp: undefined }), NOW)[4], '<unknown>');
});

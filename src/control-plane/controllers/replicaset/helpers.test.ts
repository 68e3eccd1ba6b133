import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../../base/clock.ts';
import type { KObject } from '../../../api/types.ts';
import { Expectations } from '../common/expectations.ts';
import { REPLICATION_CONTROLLER } from './kinds.ts';
import { podFromTemplate, slowStartBatch } from './manage.ts';
import { podsToDelete } from './pod-ranking.ts';
import { calculateStatus } from './status.ts';

const NOW = Date.UTC(2026, 0, 1);
const iso = (ms: number): string => new Date(ms).toISOString();
function pod(name: string, o: { node?: string; phase?: string; ready?: number; created?: number; restarts?: number } = {}): KObject {
  return {
    metadata: { name, namespace: 'd', creationTimestamp: iso(o.created ?? NOW - 60_000), labels: { app: 'x' } },
    spec: { nodeName: o.node },
    status: {
      phase: o.phase ?? 'Running',
      conditions: o.ready !== undefined ? [{ type: 'Ready', status: 'True', lastTransitionTime: iso(o.ready) }] : [],
      containerStatuses: [{ restartCount: o.restarts ?? 0 }],
    },
  };
}

test('scale-down ranking: unassigned, pending, not ready, then newer ready first', () => {
  const pods = [
    pod('old-ready', { node: 'n1', ready: NOW - 3600_000, created: NOW - 7200_000 }),
    pod('new-ready', { node: 'n1', ready: NOW - 10_000, created: NOW - 20_000 }),
    pod('not-ready', { node: 'n1' }),
    pod('pending', { node: 'n1', phase: 'Pending' }),
    pod('unassigned', { phase: 'Pending' }),
  ];
  const order = podsToDelete(pods, 5, NOW, new Map()).map((p) => p.metadata.name);
  assert.deepEqual(order, ['unassigned', 'pending', 'not-ready', 'new-ready', 'old-ready']);
});

test('slow start creates in batches 1, 2, 4, ... and stops after a failing batch', async () => {
  let calls = 0;
  const ok = await slowStartBatch(10, async () => { calls++; });
  assert.deepEqual([ok.ok, calls], [10, 10]);
  calls = 0;
  const failing = await slowStartBatch(10, async () => { if (++calls > 2) throw new Error('quota'); });
  // Batch 1 succeeds; batch 2 has a failure; no batch of 4 follows.
  assert.equal(calls, 3);
  assert.equal(failing.ok, 2);
  assert.equal(failing.err?.message, 'quota');
});

test('status counts active, fully labeled, ready and available (minReadySeconds) pods; ReplicaFailure follows errors', () => {
  const owner: KObject = { metadata: { name: 'rs', generation: 4 }, spec: { minReadySeconds: 30, template: { metadata: { labels: { app: 'x', tier: 'web' } } } } };
  const a = pod('a', { ready: NOW - 60_000 });
  a.metadata.labels = { app: 'x', tier: 'web' };
  const pods = [a, pod('b', { ready: NOW - 5_000 }), pod('c'), { ...pod('d'), status: { phase: 'Failed' } }];
  const s = calculateStatus(owner, pods, { reason: 'FailedCreate', message: 'no' }, NOW);
  assert.deepEqual([s.replicas, s.fullyLabeledReplicas, s.readyReplicas, s.availableReplicas, s.observedGeneration], [3, 1, 2, 1, 4]);
  assert.equal(s.conditions?.[0].reason, 'FailedCreate');
  const cleared = calculateStatus({ ...owner, status: { conditions: s.conditions } }, pods, undefined, NOW);
  assert.equal(cleared.conditions, undefined);
});

test('pods from a ReplicationController template carry its labels and a controller reference', () => {
  const rc: KObject = { metadata: { name: 'rc', namespace: 'd', uid: 'u1' }, spec: { template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c' }] } } } };
  const p = podFromTemplate(rc, REPLICATION_CONTROLLER);
  assert.equal(p.metadata.generateName, 'rc-');
  assert.deepEqual(p.metadata.labels, { a: 'b' });
  assert.deepEqual(p.metadata.ownerReferences, [{ apiVersion: 'v1', kind: 'ReplicationController', name: 'rc', uid: 'u1', controller: true, blockOwnerDeletion: true }]);
  assert.equal(REPLICATION_CONTROLLER.matcher(rc)({ a: 'b' }), true);
});

test('expectations hold until observed or expired', () => {
  const clock = new FakeClock();
  const e = new Expectations(clock, 1000);
  e.expectCreations('k', 2);
  assert.equal(e.satisfied('k'), false);
  e.creationObserved('k');
  e.creationObserved('k');
  assert.equal(e.satisfied('k'), true);
  e.expectDeletions('k', ['d/p1']);
  assert.equal(e.satisfied('k'), false);
  clock.step(1001);
  assert.equal(e.satisfied('k'), true);
});

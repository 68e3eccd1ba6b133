import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KObject } from '../../../api/types.ts';
import { desiredSlices } from './desired.ts';
import { planSlices } from './plan.ts';

const svc: KObject = { metadata: { name: 's', namespace: 'ns', uid: 'svc' }, spec: { selector: { app: 'a' }, ports: [{ name: 'p', port: 80 }] } };
const pods = (n: number, from = 0): KObject[] => Array.from({ length: n }, (_, i) => ({
  metadata: { name: `p${from + i}`, namespace: 'ns', uid: `u${from + i}`, labels: { app: 'a' } },
  spec: { containers: [{ name: 'c' }] },
  status: { phase: 'Running', podIP: `10.0.${Math.floor((from + i) / 250)}.${((from + i) % 250) + 1}`, conditions: [{ type: 'Ready', status: 'True' }] },
}));
const want = (ps: KObject[]) => desiredSlices(svc, ps, () => 'zone-a')[0]!;

test('250 endpoints make three slices of at most 100', () => {
  const plan = planSlices([], want(pods(250)));
  assert.deepEqual(plan.create.map((c) => c.endpoints.length), [100, 100, 50]);
  assert.deepEqual(plan.create[0]?.ports, [{ name: 'p', port: 80, protocol: 'TCP' }]);
  assert.equal(plan.create[0]?.endpoints[0]?.zone, undefined, 'no node, no zone');
});

test('existing slices keep their endpoints, new ones fill free room, empty slices go', () => {
  const first = planSlices([], want(pods(150))).create.map((c, i) => ({ metadata: { name: `s-${i}` }, ...c }) as KObject);
  // Nothing changed: nothing to do.
  assert.deepEqual(planSlices(first, want(pods(150))), { create: [], update: [], delete: [] });
  // 20 more pods fill the slice with 50 endpoints.
  const more = planSlices(first, want(pods(170)));
  assert.equal(more.create.length, 0);
  assert.deepEqual(more.update.map((u) => [u.slice.metadata.name, u.content.endpoints.length]), [['s-1', 70]]);
  // The pods of the second slice go: it is deleted, the first is untouched.
  const fewer = planSlices(first, want(pods(100)));
  assert.deepEqual(fewer.delete.map((s) => s.metadata.name), ['s-1']);
  assert.equal(fewer.update.length, 0);
});

test('a Service without endpoints keeps one placeholder slice', () => {
  assert.deepEqual(planSlices([], want([])).create, [{ addressType: 'IPv4', ports: null, endpoints: [] }]);
  const two = planSlices([], want(pods(150))).create.map((c, i) => ({ metadata: { name: `s-${i}` }, ...c }) as KObject);
  const plan = planSlices(two, want([]));
  assert.deepEqual(plan.update.map((u) => [u.slice.metadata.name, u.content]), [['s-0', { addressType: 'IPv4', ports: null, endpoints: [] }]]);
  assert.deepEqual(plan.delete.map((s) => s.metadata.name), ['s-1']);
});

test('terminating pods stay as not ready, serving while still ready', () => {
  const [p] = pods(1);
  p!.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
  assert.deepEqual(want([p!]).groups.values().next().value?.endpoints[0]?.conditions, { ready: false, serving: true, terminating: true });
});

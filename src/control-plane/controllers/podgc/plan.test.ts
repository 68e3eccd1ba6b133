import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KObject } from '../../../api/types.ts';
import { orphanCandidates, outOfServiceTerminating, terminatedOverThreshold, unscheduledTerminating } from './plan.ts';
import { SubnetAllocator } from '../nodeipam/cidr.ts';

const pod = (name: string, o: { phase?: string; node?: string; deleting?: boolean; created?: string } = {}): KObject => ({
  metadata: { name, creationTimestamp: o.created ?? '2026-01-01T00:00:00Z', ...(o.deleting ? { deletionTimestamp: '2026-01-02T00:00:00Z' } : {}) },
  spec: o.node ? { nodeName: o.node } : {}, status: { phase: o.phase ?? 'Running' },
});

test('terminated pods past the threshold go oldest first', () => {
  const pods = [
    pod('new', { phase: 'Succeeded', created: '2026-01-03T00:00:00Z' }), pod('old', { phase: 'Failed', created: '2026-01-01T00:00:00Z' }),
    pod('mid', { phase: 'Succeeded', created: '2026-01-02T00:00:00Z' }), pod('running'),
  ];
  assert.deepEqual(terminatedOverThreshold(pods, 1).map((p) => p.metadata.name), ['old', 'mid']);
  assert.deepEqual(terminatedOverThreshold(pods, 3), []);
  assert.deepEqual(terminatedOverThreshold(pods, 0), []);
});

test('orphaned, unscheduled terminating and out-of-service terminating pods', () => {
  const pods = [pod('a', { node: 'gone' }), pod('b', { node: 'here' }), pod('c', { deleting: true }), pod('d', { node: 'oos', deleting: true })];
  assert.deepEqual(orphanCandidates(pods, (n) => n !== 'gone').map((p) => p.metadata.name), ['a']);
  assert.deepEqual(unscheduledTerminating(pods).map((p) => p.metadata.name), ['c']);
  const nodes: Record<string, KObject> = {
    oos: { metadata: { name: 'oos' }, spec: { taints: [{ key: 'node.kubernetes.io/out-of-service', effect: 'NoExecute' }] }, status: { conditions: [{ type: 'Ready', status: 'False' }] } },
  };
  assert.deepEqual(outOfServiceTerminating(pods, (n) => nodes[n]).map((p) => p.metadata.name), ['d']);
});

test('node IPAM subnets: /24s of the cluster CIDR, first free', () => {
  const a = new SubnetAllocator('10.42.0.0/16', 24);
  assert.equal(a.count, 256);
  assert.equal(a.firstFree(new Set()), '10.42.0.0/24');
  assert.equal(a.firstFree(new Set(['10.42.0.0/24', '10.42.1.0/24'])), '10.42.2.0/24');
  assert.equal(new SubnetAllocator('10.0.0.0/30', 31).firstFree(new Set(['10.0.0.0/31', '10.0.0.2/31'])), undefined);
  assert.throws(() => new SubnetAllocator('10.0.0.0/24', 16));
});

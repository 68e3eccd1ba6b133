import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Graph } from './graph.ts';

const PODS = { group: '', version: 'v1', plural: 'pods' };

test('the graph indexes dependents by owner uid, follows owner changes and removal', () => {
  const g = new Graph();
  const ref = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'rs1', blockOwnerDeletion: true };
  const up = g.upsert({ metadata: { uid: 'p1', name: 'p1', namespace: 'd', ownerReferences: [ref] } }, PODS);
  assert.equal(up.added, true);
  assert.deepEqual(g.dependentsOf('rs1').map((n) => n.uid), ['p1']);
  const again = g.upsert({ metadata: { uid: 'p1', name: 'p1', namespace: 'd', deletionTimestamp: 'x', finalizers: ['foregroundDeletion', 'orphan'] } }, PODS);
  assert.deepEqual(again.removedOwners, ['rs1']);
  assert.equal(again.node.deletingDependents, true);
  assert.equal(again.node.orphan, true);
  assert.deepEqual(g.dependentsOf('rs1'), []);
  g.remove('p1');
  assert.equal(g.size, 0);
});

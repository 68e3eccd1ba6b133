import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KObject } from '../../../api/types.ts';
import { computeHash } from './hash.ts';
import { setCondition } from './conditions.ts';
import { deploymentTimedOut, rolloutStatus } from './status.ts';
import { equalIgnoreHash, fenceposts, newRSNewReplicas, setNewReplicaSetAnnotations } from './util.ts';

const NOW = Date.UTC(2026, 0, 1);
const dep = (spec: Record<string, unknown>): KObject => ({ metadata: { name: 'web', generation: 1, annotations: {} }, spec: { replicas: 10, ...spec } });

test('pod-template-hash is stable, key-order independent and changes with the collision count', () => {
  const a = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'i' }] } };
  const b = { spec: { containers: [{ image: 'i', name: 'c' }] }, metadata: { labels: { app: 'x' } } };
  assert.equal(computeHash(a), computeHash(b));
  assert.match(computeHash(a), /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
  assert.notEqual(computeHash(a, 1), computeHash(a));
  assert.ok(equalIgnoreHash({ metadata: { labels: { app: 'x', 'pod-template-hash': 'z' } } }, { metadata: { labels: { app: 'x' } } }));
});

test('maxSurge rounds up, maxUnavailable down; both zero means one unavailable', () => {
  assert.deepEqual(fenceposts(dep({})), [3, 2]);
  assert.deepEqual(fenceposts(dep({ strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: '5%' } } })), [0, 1]);
});

test('the new ReplicaSet grows only up to replicas + maxSurge', () => {
  const d = dep({});
  const old = { metadata: { name: 'o' }, spec: { replicas: 10 } };
  const nrs = { metadata: { name: 'n' }, spec: { replicas: 0 } };
  assert.equal(newRSNewReplicas(d, [old, nrs], nrs), 3);
  assert.equal(newRSNewReplicas(dep({ strategy: { type: 'Recreate' } }), [old, nrs], nrs), 10);
});

test('revision annotations: copied annotations, revision raised, history kept', () => {
  const d = dep({});
  d.metadata.annotations = { 'kubernetes.io/change-cause': 'v2', 'kubectl.kubernetes.io/last-applied-configuration': '{}' };
  const rs: KObject = { metadata: { annotations: { 'deployment.kubernetes.io/revision': '1' } } };
  assert.equal(setNewReplicaSetAnnotations(d, rs, 3, true), true);
  assert.deepEqual(rs.metadata.annotations, {
    'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1', 'kubernetes.io/change-cause': 'v2',
  });
  assert.equal(setNewReplicaSetAnnotations(d, rs, 3, true), false);
});

test('a rollout without progress past progressDeadlineSeconds is ProgressDeadlineExceeded', () => {
  const d = dep({ progressDeadlineSeconds: 600 });
  const status: Record<string, unknown> = { replicas: 10, updatedReplicas: 3 };
  setCondition(status, { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', lastUpdateTime: new Date(NOW - 601_000).toISOString() });
  d.status = status;
  assert.equal(deploymentTimedOut(d, status, NOW), true);
  const s = rolloutStatus(d, [{ metadata: { name: 'n', uid: 'n' }, spec: { replicas: 3 }, status: { replicas: 3 } }, { metadata: { name: 'o', uid: 'o' }, spec: { replicas: 7 }, status: { replicas: 7 } }],
    { metadata: { name: 'n', uid: 'n' }, spec: { replicas: 3 }, status: { replicas: 3 } }, NOW);
  const c = (s.conditions as Array<{ type: string; status: string; reason: string }>).find((x) => x.type === 'Progressing');
  assert.deepEqual([c?.status, c?.reason], ['False', 'ProgressDeadlineExceeded']);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONDITION_TYPES, failedConditions, mergeConditions, rfc3339, type DeletionProgress } from './conditions.ts';

const empty = (): DeletionProgress => ({ discoveryFailures: new Map(), contentErrors: [], remaining: new Map(), finalizers: new Map() });

test('a clean pass gives the five healthy conditions with upstream reasons', () => {
  const { conditions, changed } = mergeConditions(undefined, failedConditions(empty()), '2026-01-01T00:00:00Z');
  assert.equal(changed, true);
  assert.deepEqual(conditions.map((c) => c.type), [...CONDITION_TYPES]);
  assert.ok(conditions.every((c) => c.status === 'False'));
  assert.deepEqual(conditions.map((c) => c.reason),
    ['ResourcesDiscovered', 'ParsedGroupVersions', 'ContentDeleted', 'ContentRemoved', 'ContentHasNoFinalizers']);
  assert.equal(conditions[3]?.message, 'All content successfully removed');
});

test('remaining content and finalizers are reported sorted with counts', () => {
  const p = empty();
  p.remaining.set('pods.', 2);
  p.remaining.set('configmaps.', 1);
  p.finalizers.set('example.com/hold', 1);
  p.discoveryFailures.set('metrics.k8s.io/v1beta1', 'the server is currently unable to handle the request');
  p.contentErrors.push('services.: boom');
  const byType = Object.fromEntries(failedConditions(p).map((c) => [c.type, c]));
  assert.equal(byType.NamespaceContentRemaining?.message,
    'Some resources are remaining: configmaps. has 1 resource instances, pods. has 2 resource instances');
  assert.equal(byType.NamespaceContentRemaining?.reason, 'SomeResourcesRemain');
  assert.equal(byType.NamespaceFinalizersRemaining?.message,
    'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances');
  assert.equal(byType.NamespaceDeletionDiscoveryFailure?.reason, 'DiscoveryFailed');
  assert.match(byType.NamespaceDeletionDiscoveryFailure?.message ?? '', /^Discovery failed for some groups, 1 failing: .*metrics\.k8s\.io\/v1beta1/);
  assert.equal(byType.NamespaceDeletionContentFailure?.message, 'Failed to delete all resource types, 1 remaining: services.: boom');
});

test('transition time changes only when the status flips; other types are kept', () => {
  const p = empty();
  p.remaining.set('pods.', 2);
  const t0 = '2026-01-01T00:00:00Z';
  const first = mergeConditions([{ type: 'Other', status: 'True' }], failedConditions(p), t0).conditions;
  assert.equal(first[0]?.type, 'Other');
  p.remaining.set('pods.', 1);
  const second = mergeConditions(first, failedConditions(p), '2026-01-01T00:01:00Z');
  assert.equal(second.changed, true);
  const rem = second.conditions.find((c) => c.type === 'NamespaceContentRemaining');
  assert.equal(rem?.lastTransitionTime, t0, 'same status keeps its time');
  assert.match(rem?.message ?? '', /1 resource instances/);
  const third = mergeConditions(second.conditions, failedConditions(empty()), '2026-01-01T00:02:00Z');
  const done = third.conditions.find((c) => c.type === 'NamespaceContentRemaining');
  assert.equal(done?.status, 'False');
  assert.equal(done?.lastTransitionTime, '2026-01-01T00:02:00Z');
  assert.equal(mergeConditions(third.conditions, failedConditions(empty()), 'later').changed, false);
});

test('rfc3339 drops milliseconds', () => {
  assert.equal(rfc3339(Date.UTC(2026, 0, 1, 12, 0, 0, 999)), '2026-01-01T12:00:00Z');
});

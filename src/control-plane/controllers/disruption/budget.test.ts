import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KObject } from '../../../api/types.ts';
import { budgetStatus, DELETION_TIMEOUT_MS, scaledValue } from './budget.ts';

const NOW = Date.UTC(2026, 0, 1);
const pod = (name: string, ready = true): KObject => ({ metadata: { name }, status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] } });
const pdb = (spec: Record<string, unknown>, status: Record<string, unknown> = {}): KObject => ({ metadata: { name: 'b', generation: 2 }, spec, status });

test('minAvailable as a number counts the selected pods', () => {
  const { status } = budgetStatus(pdb({ minAvailable: 2 }), [pod('a'), pod('b'), pod('c', false)], undefined, NOW);
  assert.equal(status.expectedPods, 3);
  assert.equal(status.desiredHealthy, 2);
  assert.equal(status.currentHealthy, 2);
  assert.equal(status.disruptionsAllowed, 0);
  assert.equal(status.observedGeneration, 2);
  assert.equal(status.conditions[0].reason, 'InsufficientPods');
});

test('maxUnavailable and percentages use the controllers\' scale', () => {
  assert.equal(scaledValue('50%', 5), 3);
  const { status } = budgetStatus(pdb({ maxUnavailable: '25%' }), [pod('a'), pod('b'), pod('c'), pod('d')], 4, NOW);
  assert.deepEqual([status.expectedPods, status.desiredHealthy, status.disruptionsAllowed], [4, 3, 1]);
  assert.deepEqual([status.conditions[0].status, status.conditions[0].reason], ['True', 'SufficientPods']);
  const failed = budgetStatus(pdb({ maxUnavailable: 1 }), [pod('a')], undefined, NOW).status;
  assert.equal(failed.conditions[0].reason, 'SyncFailed');
  assert.equal(failed.disruptionsAllowed, 0);
});

test('recently evicted pods do not count as healthy until the record expires', () => {
  const evicted = new Date(NOW - 1000).toISOString();
  const b = pdb({ minAvailable: 1 }, { disruptedPods: { a: evicted } });
  const r = budgetStatus(b, [pod('a'), pod('b')], undefined, NOW);
  assert.equal(r.status.currentHealthy, 1);
  assert.deepEqual(r.status.disruptedPods, { a: evicted });
  assert.equal(r.nextExpiry, NOW - 1000 + DELETION_TIMEOUT_MS);
  const later = budgetStatus(b, [pod('a'), pod('b')], undefined, NOW + DELETION_TIMEOUT_MS);
  assert.equal(later.status.currentHealthy, 2);
  assert.equal(later.status.disruptedPods, undefined);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProbeState, probeTiming } from './probe-state.ts';

test('probe timing defaults are upstream\'s', () => {
  assert.deepEqual(probeTiming({}), { initialDelayMs: 0, periodMs: 10_000, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 });
  assert.equal(probeTiming({ periodSeconds: 0 }).periodMs, 1000);
});

test('readiness starts failed and needs successThreshold successes; failureThreshold failures flip it back', () => {
  const s = new ProbeState('readiness', probeTiming({ successThreshold: 2, failureThreshold: 2 }));
  s.reset('c1');
  assert.equal(s.result, 'failure');
  assert.equal(s.record(true), false);
  assert.equal(s.record(true), true);
  assert.equal(s.result, 'success');
  s.record(false);
  assert.equal(s.result, 'success');
  s.record(false);
  assert.equal(s.result, 'failure');
});

test('liveness starts successful; a new container instance resets the counters', () => {
  const s = new ProbeState('liveness', probeTiming({ failureThreshold: 2 }));
  s.reset('c1');
  assert.equal(s.result, 'success');
  s.record(false);
  s.reset('c2');
  s.record(false);
  assert.equal(s.result, 'success', 'one failure of the new instance is under the threshold');
  s.record(false);
  assert.equal(s.result, 'failure');
});

test('startup is unknown until its first success', () => {
  const s = new ProbeState('startup', probeTiming({}));
  assert.equal(s.result, 'unknown');
  s.record(true);
  assert.equal(s.result, 'success');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../base/clock.ts';
import type { TimerScheduler } from '../../base/workqueue.ts';
import { SchedulingQueue } from './queue.ts';
import { numFeasibleNodesToFind } from './framework.ts';

const manualTimers: TimerScheduler = { set: () => 1, clear: () => {} };
const pod = (name: string, created: string) => ({ metadata: { name, namespace: 'd', creationTimestamp: created } });

test('active queue: higher priority first, then older', () => {
  const q = new SchedulingQueue({ timers: manualTimers });
  q.addOrUpdate('d/b', pod('b', '2026-01-01T00:00:02Z'), 0);
  q.addOrUpdate('d/a', pod('a', '2026-01-01T00:00:01Z'), 0);
  q.addOrUpdate('d/vip', pod('vip', '2026-01-01T00:00:09Z'), 100);
  assert.deepEqual([q.popNow()?.key, q.popNow()?.key, q.popNow()?.key], ['d/vip', 'd/a', 'd/b']);
});

test('unschedulable pods wait for an event, then back off 1s doubling to 10s', () => {
  const clock = new FakeClock();
  const q = new SchedulingQueue({ clock, timers: manualTimers });
  q.addOrUpdate('d/p', pod('p', '2026-01-01T00:00:00Z'), 0);
  assert.equal(q.popNow()?.key, 'd/p');
  const delays: number[] = [];
  for (let i = 0; i < 5; i++) {
    q.requeueFailed('d/p', true);
    assert.deepEqual(q.stats(), { active: 0, backoff: 0, unschedulable: 1 });
    q.moveAllToActiveOrBackoff();
    let waited = 0;
    while (!q.popNow()) { clock.step(100); waited += 100; q.flushBackoff(); }
    delays.push(waited);
  }
  assert.deepEqual(delays, [1000, 2000, 4000, 8000, 10_000]);
});

test('an event during the attempt sends the pod to backoff, not to wait', () => {
  const clock = new FakeClock();
  const q = new SchedulingQueue({ clock, timers: manualTimers });
  q.addOrUpdate('d/p', pod('p', '2026-01-01T00:00:00Z'), 0);
  q.popNow();
  q.moveAllToActiveOrBackoff(); // e.g. a node was added while the pod was being scheduled
  q.requeueFailed('d/p', true);
  assert.deepEqual(q.stats(), { active: 0, backoff: 1, unschedulable: 0 });
  clock.step(1000);
  assert.equal(q.popNow()?.key, 'd/p');
});

test('deleted pods leave the queue; spec updates retry unschedulable pods', () => {
  const q = new SchedulingQueue({ timers: manualTimers, initialBackoffMs: 0 });
  q.addOrUpdate('d/a', pod('a', '2026-01-01T00:00:00Z'), 0);
  q.delete('d/a');
  assert.equal(q.popNow(), undefined);
  q.addOrUpdate('d/b', pod('b', '2026-01-01T00:00:00Z'), 0);
  q.popNow();
  q.requeueFailed('d/b', true);
  q.addOrUpdate('d/b', pod('b', '2026-01-01T00:00:00Z'), 0);
  assert.equal(q.popNow()?.key, 'd/b');
});

test('percentage of nodes to score is adaptive with a floor of 100 nodes', () => {
  assert.equal(numFeasibleNodesToFind(50), 50);
  assert.equal(numFeasibleNodesToFind(500), 230);
  assert.equal(numFeasibleNodesToFind(5000), 500);
  assert.equal(numFeasibleNodesToFind(50_000), 2500);
  assert.equal(numFeasibleNodesToFind(150, 10), 100);
});

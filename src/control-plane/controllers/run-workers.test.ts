import { test } from 'node:test';
import assert from 'node:assert/strict';
import { K8sError } from '../../base/errors.ts';
import { nullLogger } from '../../base/logger.ts';
import { WorkQueue } from '../../base/workqueue.ts';
import { ItemExponentialRateLimiter } from '../../base/backoff.ts';
import { runWorkers } from './run-workers.ts';

test('failed syncs are retried with backoff, successes are forgotten, requeueAfter re-checks', async () => {
  const q = new WorkQueue<string>({ rateLimiter: new ItemExponentialRateLimiter(2, 50) });
  const calls: string[] = [];
  let failures = 2;
  let waits = 1;
  const done = runWorkers(q, 3, async (key) => {
    calls.push(key);
    if (key === 'flaky' && failures-- > 0) throw new K8sError('Conflict', 'try again');
    if (key === 'slow' && waits-- > 0) return { requeueAfterMs: 5 };
    return {};
  }, nullLogger);
  q.add('flaky');
  q.add('slow');
  q.add('ok');
  const end = Date.now() + 2000;
  while (calls.length < 6 && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(calls.filter((k) => k === 'flaky').length, 3);
  assert.deepEqual(calls.filter((k) => k === 'slow').length, 2);
  assert.deepEqual(calls.filter((k) => k === 'ok').length, 1);
  assert.equal(q.numRequeues('flaky'), 0, 'forgotten after the success');
  q.shutDown();
  await done;
});

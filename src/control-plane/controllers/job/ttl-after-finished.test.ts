import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../../base/clock.ts';
import { MemoryClient } from '../workload-common/testing/memory-client.ts';
import { JOBS } from '../workload-common/resources.ts';
import { syncTTL } from './ttl-after-finished.ts';

test('a finished Job is deleted ttlSecondsAfterFinished after it finished, not before', async () => {
  const clock = new FakeClock(Date.parse('2026-01-01T00:00:00Z'));
  const c = new MemoryClient(clock);
  const d = { client: c, clock, jobs: c.view(JOBS) };
  c.put(JOBS, { metadata: { name: 'done', namespace: 'ns' }, spec: { ttlSecondsAfterFinished: 60 },
    status: { completionTime: '2026-01-01T00:00:00Z', conditions: [{ type: 'Complete', status: 'True' }] } });
  c.put(JOBS, { metadata: { name: 'running', namespace: 'ns' }, spec: { ttlSecondsAfterFinished: 0 }, status: {} });
  assert.deepEqual(await syncTTL(d, 'ns/done'), { requeueAfterMs: 60_000 });
  assert.deepEqual(await syncTTL(d, 'ns/running'), {});
  clock.step(60_000);
  assert.deepEqual(await syncTTL(d, 'ns/done'), {});
  assert.deepEqual(c.objects(JOBS, 'ns').map((j) => j.metadata.name), ['running']);
});

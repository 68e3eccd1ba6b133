import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../../base/clock.ts';
import { nullLogger } from '../../../base/logger.ts';
import type { KObject } from '../../../api/types.ts';
import { MemoryClient } from '../workload-common/testing/memory-client.ts';
import { CRONJOBS, JOBS } from '../workload-common/resources.ts';
import { syncCronJob, type CronJobDeps } from './sync.ts';

function setup(spec: Record<string, unknown> = {}) {
  const clock = new FakeClock(Date.parse('2026-01-01T00:00:10Z'));
  const c = new MemoryClient(clock);
  const d: CronJobDeps = { client: c, logger: nullLogger, clock, cronjobs: c.view(CRONJOBS), jobs: c.view(JOBS) };
  c.put(CRONJOBS, { metadata: { name: 'hello', namespace: 'ns' }, spec: { schedule: '* * * * *', concurrencyPolicy: 'Allow',
    suspend: false, successfulJobsHistoryLimit: 2, failedJobsHistoryLimit: 1,
    jobTemplate: { metadata: { labels: { team: 'a' } }, spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } } } }, ...spec } });
  const sync = () => syncCronJob(d, 'ns/hello');
  const jobs = () => c.objects(JOBS, 'ns').map((j) => j.metadata.name);
  const finish = (name: string, type: 'Complete' | 'Failed') => {
    const j = c.view(JOBS).get(name, 'ns') as KObject;
    const t = new Date(clock.now()).toISOString();
    c.put(JOBS, { ...j, status: { startTime: t, completionTime: type === 'Complete' ? t : undefined, conditions: [{ type, status: 'True' }] } });
  };
  const cj = () => c.view(CRONJOBS).get('hello', 'ns') as KObject;
  return { c, clock, sync, jobs, finish, cj };
}

test('every minute: one Job per activation named by the scheduled minute; history limits kept', async () => {
  const t = setup();
  const r = await t.sync();
  assert.deepEqual(t.jobs(), [], 'nothing due before the first activation');
  assert.equal(r.requeueAfterMs, 50_100);
  const names: string[] = [];
  for (let i = 0; i < 5; i++) {
    t.clock.step(60_000);
    await t.sync();
    const minute = Math.floor(Date.parse(`2026-01-01T00:0${i + 1}:00Z`) / 60_000);
    names.push(`hello-${minute}`);
    assert.ok(t.jobs().includes(`hello-${minute}`));
    assert.equal(t.cj().status.lastScheduleTime, `2026-01-01T00:0${i + 1}:00Z`);
    assert.equal(t.cj().status.active.length, 1);
    t.finish(`hello-${minute}`, i === 1 || i === 2 ? 'Failed' : 'Complete');
  }
  await t.sync();
  // Successful: 0, 3, 4 -> keep the newest 2; failed: 1, 2 -> keep 1.
  assert.deepEqual(t.jobs().sort(), [names[2], names[3], names[4]].sort());
  assert.equal(t.cj().status.active, undefined);
  assert.ok(t.cj().status.lastSuccessfulTime);
  const j = t.c.view(JOBS).get(names[4] as string, 'ns') as KObject;
  assert.equal(j.metadata.ownerReferences?.[0]?.kind, 'CronJob');
  assert.equal(j.metadata.labels?.team, 'a');
  assert.equal(j.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'], '2026-01-01T00:05:00Z');
});

test('concurrencyPolicy Forbid skips while a Job runs; Replace swaps it', async () => {
  const f = setup({ concurrencyPolicy: 'Forbid' });
  f.clock.step(60_000);
  await f.sync();
  f.clock.step(60_000);
  await f.sync();
  assert.equal(f.jobs().length, 1);
  const r = setup({ concurrencyPolicy: 'Replace' });
  r.clock.step(60_000);
  await r.sync();
  const first = r.jobs()[0];
  r.clock.step(60_000);
  await r.sync();
  assert.equal(r.jobs().length, 1);
  assert.notEqual(r.jobs()[0], first);
});

test('suspend, startingDeadlineSeconds and catching up after downtime run only the latest activation', async () => {
  const t = setup({ suspend: true });
  t.clock.step(60_000);
  await t.sync();
  assert.deepEqual(t.jobs(), []);
  const late = setup({ startingDeadlineSeconds: 10 });
  late.clock.step(50_000 + 20_000);
  await late.sync();
  assert.deepEqual(late.jobs(), [], 'the 00:01 activation is 20 s old, past the 10 s deadline');
  const down = setup();
  down.clock.step(3 * 3_600_000);
  await down.sync();
  assert.equal(down.jobs().length, 1);
  assert.equal(down.cj().status.lastScheduleTime, '2026-01-01T03:00:00Z');
  const tz = setup({ schedule: '0 9 * * *', timeZone: 'Asia/Tokyo' });
  tz.clock.step(24 * 3_600_000);
  await tz.sync();
  const j = tz.c.objects(JOBS, 'ns')[0] as KObject;
  assert.equal(j.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'], '2026-01-02T09:00:00+09:00');
});

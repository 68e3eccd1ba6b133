import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../../base/clock.ts';
import { nullLogger } from '../../../base/logger.ts';
import type { KObject } from '../../../api/types.ts';
import { Expectations } from '../workload-common/expectations.ts';
import { MemoryClient } from '../workload-common/testing/memory-client.ts';
import { JOBS, PODS } from '../workload-common/resources.ts';
import { isPodActive } from '../workload-common/pod-state.ts';
import { syncJob, type JobDeps } from './sync.ts';

function setup(spec: Record<string, unknown> = {}) {
  const clock = new FakeClock();
  const c = new MemoryClient(clock);
  const exp = new Expectations(clock);
  const d: JobDeps = { client: c, logger: nullLogger, clock, jobs: c.view(JOBS), pods: c.view(PODS), expectations: exp };
  c.put(JOBS, { metadata: { name: 'pi', namespace: 'ns', uid: 'job-uid' }, spec: {
    completions: 5, parallelism: 2, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false,
    selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'job-uid' } },
    template: { metadata: { labels: { 'batch.kubernetes.io/controller-uid': 'job-uid' } },
      spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'perl' }] } }, ...spec } });
  const sync = async () => { const r = await syncJob(d, 'ns/pi'); exp.delete('ns/pi'); return r; };
  const active = () => c.objects(PODS, 'ns').filter(isPodActive);
  const finish = (p: KObject, phase: 'Succeeded' | 'Failed', exitCode = phase === 'Failed' ? 1 : 0) => c.put(PODS, { ...p, status: { phase,
    containerStatuses: [{ name: 'c', state: { terminated: { exitCode, finishedAt: new Date(clock.now()).toISOString() } } }] } });
  const job = () => c.view(JOBS).get('pi', 'ns') as KObject;
  const cond = (type: string) => (job().status?.conditions ?? []).find((x: { type: string }) => x.type === type);
  return { c, clock, sync, active, finish, job, cond };
}

test('completions 5 / parallelism 2 runs two at a time, counts each pod once and completes', async () => {
  const t = setup();
  await t.sync();
  assert.equal(t.active().length, 2);
  const p = t.active()[0] as KObject;
  assert.deepEqual(p.metadata.finalizers, ['batch.kubernetes.io/job-tracking']);
  assert.equal(p.metadata.ownerReferences?.[0]?.kind, 'Job');
  assert.ok(t.job().status.startTime);
  for (let round = 0; round < 5; round++) {
    const a = t.active()[0];
    if (a) t.finish(a, 'Succeeded');
    await t.sync();
    await t.sync();
  }
  assert.equal(t.job().status.succeeded, 5);
  assert.equal(t.active().length, 0);
  assert.equal(t.cond('Complete')?.status, 'True');
  assert.equal(t.cond('SuccessCriteriaMet')?.status, 'True');
  assert.ok(t.job().status.completionTime);
  assert.deepEqual(t.job().status.uncountedTerminatedPods, {});
  assert.ok(t.c.objects(PODS, 'ns').every((x) => !x.metadata.finalizers?.length), 'finalizers released');
  assert.equal(t.c.objects(PODS, 'ns').length, 5);
});

test('failed pods are retried with exponential backoff and the Job fails past backoffLimit', async () => {
  const t = setup({ completions: 1, parallelism: 1, backoffLimit: 1 });
  await t.sync();
  t.finish(t.active()[0] as KObject, 'Failed');
  const r = await t.sync();
  assert.equal(t.job().status.failed, 1);
  assert.equal(t.active().length, 0, 'waits out the 10 s backoff');
  assert.ok(r.requeueAfterMs !== undefined && r.requeueAfterMs <= 10_000 && r.requeueAfterMs > 9_000);
  t.clock.step(10_000);
  await t.sync();
  assert.equal(t.active().length, 1);
  t.finish(t.active()[0] as KObject, 'Failed');
  await t.sync();
  await t.sync();
  assert.equal(t.job().status.failed, 2);
  assert.equal(t.cond('Failed')?.reason, 'BackoffLimitExceeded');
  assert.equal(t.cond('FailureTarget')?.status, 'True');
  assert.equal(t.active().length, 0);
});

test('podFailurePolicy: Ignore does not count, FailJob fails at once', async () => {
  const t = setup({ completions: 1, parallelism: 1, podFailurePolicy: { rules: [
    { action: 'Ignore', onExitCodes: { operator: 'In', values: [137] } },
    { action: 'FailJob', onExitCodes: { containerName: 'c', operator: 'In', values: [42] } }] } });
  await t.sync();
  t.finish(t.active()[0] as KObject, 'Failed', 137);
  await t.sync();
  assert.equal(t.job().status.failed, undefined);
  assert.equal(t.active().length, 1, 'replaced without backoff');
  t.finish(t.active()[0] as KObject, 'Failed', 42);
  await t.sync();
  await t.sync();
  assert.equal(t.cond('Failed')?.reason, 'PodFailurePolicy');
  assert.match(t.cond('Failed')?.message, /failed with exit code 42 matching FailJob rule at index 1/);
});

test('activeDeadlineSeconds fails the Job and removes its pods', async () => {
  const t = setup({ activeDeadlineSeconds: 30 });
  const r = await t.sync();
  assert.equal(r.requeueAfterMs, 30_000);
  t.clock.step(30_000);
  await t.sync();
  await t.sync();
  assert.equal(t.cond('Failed')?.reason, 'DeadlineExceeded');
  assert.equal(t.active().length, 0);
});

test('Indexed: one pod per index with annotation, env and hostname; completedIndexes', async () => {
  const t = setup({ completionMode: 'Indexed', completions: 3, parallelism: 3 });
  await t.sync();
  const idx = t.active().map((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index']).sort();
  assert.deepEqual(idx, ['0', '1', '2']);
  const p1 = t.active().find((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'] === '1') as KObject;
  assert.equal(p1.spec.hostname, 'pi-1');
  assert.equal(p1.spec.containers[0].env[0].name, 'JOB_COMPLETION_INDEX');
  t.finish(p1, 'Succeeded');
  await t.sync();
  assert.equal(t.job().status.completedIndexes, '1');
  for (const p of t.active()) t.finish(p, 'Succeeded');
  await t.sync();
  await t.sync();
  assert.equal(t.job().status.completedIndexes, '0-2');
  assert.equal(t.cond('Complete')?.status, 'True');
});

test('suspend removes active pods and resuming starts them again', async () => {
  const t = setup();
  await t.sync();
  t.c.put(JOBS, { ...t.job(), spec: { ...t.job().spec, suspend: true } });
  await t.sync();
  assert.equal(t.active().length, 0);
  assert.equal(t.cond('Suspended')?.status, 'True');
  assert.equal(t.job().status.failed, undefined, 'suspension is not failure');
  t.c.put(JOBS, { ...t.job(), spec: { ...t.job().spec, suspend: false } });
  await t.sync();
  assert.equal(t.active().length, 2);
  assert.equal(t.cond('Suspended')?.reason, 'JobResumed');
});

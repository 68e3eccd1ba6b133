/**
 * Issue 5 "Done when" (Job and CronJob) with the real kubectl: a Job with
 * completions 5 / parallelism 2 completes as this test plays the kubelet
 * and marks pods Succeeded; a Job whose pods fail stops at backoffLimit;
 * a CronJob every minute creates its due Job and trims finished Jobs to
 * the history limits. The e2e moves the CronJob's clock by writing an
 * earlier lastScheduleTime; minute-by-minute runs are covered with a
 * FakeClock in src/control-plane/controllers/cronjob/sync.test.ts.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { KObject } from '../../src/api/types.ts';
import { RestClient } from '../../src/client/rest-client.ts';
import { startCluster, type Cluster } from './helpers/cluster.ts';
import { kubectlSession } from './helpers/kubectl-session.ts';

let cluster: Cluster;
let client: RestClient;
before(async () => {
  cluster = await startCluster();
  const c = cluster.conn;
  client = new RestClient({ server: c.server, ca: c.ca, cert: c.cert, key: c.key });
});
after(async () => { client?.close(); await cluster?.dispose(); });

const PODS = { group: '', version: 'v1', plural: 'pods', namespace: 'default' };
const JOBS = { group: 'batch', version: 'v1', plural: 'jobs', namespace: 'default' };
const { ok, k, json, until } = kubectlSession(() => cluster, 30_000);

/** Write an object's status, retrying when a controller changed the object meanwhile. */
async function putStatus(res: typeof PODS, name: string, status: (o: KObject) => unknown): Promise<void> {
  for (let i = 0; ; i++) {
    const o = await client.get<KObject>({ ...res, name });
    try {
      await client.update({ ...res, name, subresource: 'status' }, { ...o, status: status(o) });
      return;
    } catch (e) {
      if (i > 10 || (e as { code?: string }).code !== 'Conflict') throw e;
    }
  }
}

/** Play the kubelet: the pod's container exited with `code`. */
async function finish(p: KObject, code: number): Promise<void> {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  await putStatus(PODS, p.metadata.name ?? '', () => ({
    phase: code === 0 ? 'Succeeded' : 'Failed',
    containerStatuses: [{ name: 'c', ready: false, restartCount: 0, image: 'busybox', imageID: '',
      state: { terminated: { exitCode: code, reason: code === 0 ? 'Completed' : 'Error', startedAt: now, finishedAt: now } } }],
  }));
}

const running = async (job: string): Promise<KObject[]> => (await json(['get', 'pods', '-l', `job-name=${job}`])).items
  .filter((p: KObject) => !p.metadata.deletionTimestamp && !['Succeeded', 'Failed'].includes(p.status?.phase));
const condition = (j: KObject, type: string) => (j.status?.conditions ?? []).find((c: { type: string }) => c.type === type);

const job = (name: string, extra: string) => `apiVersion: batch/v1
kind: Job
metadata: {name: ${name}}
spec:
${extra}
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox, command: [sh, -c, 'exit 0']}]
`;

test('Job completions 5 / parallelism 2 completes; pods carry the tracking finalizer until counted', async () => {
  await k(['apply', '-f', '-'], job('five', '  completions: 5\n  parallelism: 2'));
  let done = 0;
  while (done < 5) {
    const pods = await until(async () => { const r = await running('five'); return r.length > 0 ? r : undefined; }, `a running pod (${done} done)`);
    assert.ok(pods.length <= 2, `parallelism 2, saw ${pods.length}`);
    assert.ok(pods[0]?.metadata.finalizers?.includes('batch.kubernetes.io/job-tracking'));
    await finish(pods[0] as KObject, 0);
    done++;
    await until(async () => ((await json(['get', 'job', 'five'])).status.succeeded ?? 0) >= done || undefined, `${done} succeeded`);
  }
  ok(await cluster.kubectl(['wait', '--for=condition=complete', 'job/five', '--timeout=30s']), 'wait complete');
  const j = await json(['get', 'job', 'five']);
  assert.equal(j.status.succeeded, 5);
  assert.ok(j.status.completionTime);
  assert.match(await k(['get', 'job', 'five']), /five\s+Complete\s+5\/5/);
  const pods = (await json(['get', 'pods', '-l', 'job-name=five'])).items;
  assert.equal(pods.length, 5);
  assert.ok(pods.every((p: KObject) => !(p.metadata.finalizers ?? []).length), 'finalizers released');
});

test('a Job whose pods fail stops at backoffLimit with BackoffLimitExceeded', async () => {
  await k(['apply', '-f', '-'], job('failing', '  backoffLimit: 1'));
  const first = await until(async () => (await running('failing'))[0], 'first pod');
  await finish(first, 1);
  // The replacement waits out the 10 s backoff.
  const second = await until(async () => (await running('failing'))[0], 'second pod', 30_000);
  await finish(second, 1);
  const j = await until(async () => { const x = await json(['get', 'job', 'failing']); return condition(x, 'Failed') ? x : undefined; }, 'Failed');
  assert.equal(condition(j, 'Failed').reason, 'BackoffLimitExceeded');
  assert.equal(j.status.failed, 2);
  assert.equal((await running('failing')).length, 0);
  assert.match(await k(['get', 'job', 'failing']), /failing\s+Failed\s+0\/1/);
});

test('CronJob: creates the due Job and keeps the history limits', async () => {
  await k(['create', 'cronjob', 'tick', '--image=busybox', '--schedule=* * * * *']);
  await k(['patch', 'cronjob', 'tick', '--type=merge', '-p', '{"spec":{"successfulJobsHistoryLimit":1,"failedJobsHistoryLimit":1}}']);
  const cj = await json(['get', 'cronjob', 'tick']);
  // Finished Jobs of earlier runs, as if the CronJob had been running for a while.
  const now = Date.now();
  for (const [i, type] of [[5, 'Complete'], [4, 'Complete'], [3, 'Failed'], [2, 'Failed']] as const) {
    const minute = Math.floor(now / 60_000) - i;
    const name = `tick-${minute}`;
    await client.create(JOBS, { apiVersion: 'batch/v1', kind: 'Job', metadata: { name, ownerReferences: [{ apiVersion: 'batch/v1',
      kind: 'CronJob', name: 'tick', uid: cj.metadata.uid, controller: true, blockOwnerDeletion: true }] },
    spec: { suspend: true, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } });
    const t = new Date(minute * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
    await putStatus(JOBS, name, () => ({ startTime: t, completionTime: type === 'Complete' ? t : undefined,
      conditions: [{ type, status: 'True', lastProbeTime: t, lastTransitionTime: t, reason: 'Test', message: 'test' }] }));
  }
  const names = async (): Promise<string[]> => (await json(['get', 'jobs'])).items
    .filter((j: KObject) => j.metadata.name?.startsWith('tick-') && !j.metadata.deletionTimestamp).map((j: KObject) => j.metadata.name).sort();
  const minute = Math.floor(now / 60_000);
  await until(async () => { const n = await names(); return n.includes(`tick-${minute - 4}`) && n.includes(`tick-${minute - 2}`) && n.length <= 3 ? n : undefined; },
    'history trimmed to one successful and one failed Job');
  // As if the last run was two minutes ago: the activation of this minute is due now.
  const last = new Date((minute - 2) * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
  await k(['patch', 'cronjob', 'tick', '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { lastScheduleTime: last } })]);
  const created = await until(async () => (await names()).find((n) => Number(n.slice(5)) > minute - 2), 'the scheduled Job');
  const s = await until(async () => { const c = await json(['get', 'cronjob', 'tick']); return c.status?.lastScheduleTime ? c : undefined; }, 'status');
  assert.equal(`tick-${Date.parse(s.status.lastScheduleTime) / 60_000}`, created);
  assert.ok(s.status.active.some((a: { name: string }) => a.name === created));
  assert.equal((await json(['get', 'job', created])).metadata.ownerReferences[0].kind, 'CronJob');
});

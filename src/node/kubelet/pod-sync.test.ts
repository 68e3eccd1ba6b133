import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nullLogger } from '../../base/logger.ts';
import type { KObject } from '../../api/types.ts';
import { FakeRuntime } from '../runtime/fake/fake-runtime.ts';
import { FakeTimers } from '../testing/fake-timers.ts';
import { MemoryClient } from '../testing/memory-client.ts';
import { PodSyncer } from './pod-sync.ts';
import { PodWorkers } from './pod-workers.ts';

const POD_REF = { group: '', version: 'v1', plural: 'pods', namespace: 'default' };

function setup(opts: { startDelayMs?: number } = {}) {
  const timers = new FakeTimers();
  const client = new MemoryClient();
  const runtime = new FakeRuntime({ podCIDR: '10.42.3.0/24', clock: timers.clock, timers, startDelayMs: opts.startDelayMs });
  let workers!: PodWorkers;
  const syncer = new PodSyncer({
    client, runtime, clock: timers.clock, logger: nullLogger, containerIdPrefix: 'fake://',
    getPod: (key) => client.objects.get(`pods/${key}`),
    hostIP: () => '192.168.0.10',
    ready: (pod) => !FakeRuntime.neverReady(pod.metadata.annotations),
    onGone: (key) => workers.forget(key),
  });
  workers = new PodWorkers({ sync: (k) => syncer.sync(k), timers, logger: nullLogger });
  runtime.onContainerEvent((ev) => { if (ev.type === 'CONTAINER_STOPPED_EVENT') workers.update(`default/${ev.podSandboxMetadata.name}`); });
  const pod = () => client.objects.get('pods/default/p') as KObject;
  return { timers, client, runtime, workers, pod };
}

async function createPod(c: MemoryClient, spec: Record<string, unknown>, annotations: Record<string, string> = {}) {
  await c.create(POD_REF, {
    metadata: { name: 'p', namespace: 'default', uid: 'u1', annotations },
    spec: { nodeName: 'n1', restartPolicy: 'Always', containers: [{ name: 'app', image: 'nginx' }], ...spec },
    status: { phase: 'Pending', qosClass: 'BestEffort', conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:00Z' }] },
  });
}

test('a pod starts: ContainerCreating first, then Running and Ready with an IP of the node range', async () => {
  const s = setup({ startDelayMs: 2000 });
  await createPod(s.client, {});
  s.workers.update('default/p');
  await s.timers.advance(10);
  assert.equal(s.pod().status.containerStatuses[0].state.waiting.reason, 'ContainerCreating');
  await s.timers.advance(2000);
  const st = s.pod().status;
  assert.equal(st.phase, 'Running');
  assert.equal(st.podIP, '10.42.3.2');
  assert.deepEqual(st.podIPs, [{ ip: '10.42.3.2' }]);
  assert.equal(st.hostIP, '192.168.0.10');
  assert.equal(st.containerStatuses[0].ready, true);
  assert.equal(st.containerStatuses[0].started, true);
  assert.match(st.containerStatuses[0].containerID, /^fake:\/\//);
  assert.deepEqual(st.conditions.map((c: { type: string; status: string }) => `${c.type}=${c.status}`),
    ['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True']);
  assert.equal(s.client.writes.filter((w) => w.verb === 'patch/status').length, 2);
});

test('init containers run in order before the containers', async () => {
  const s = setup();
  await createPod(s.client, { initContainers: [{ name: 'i1', image: 'busybox' }, { name: 'i2', image: 'busybox' }] }, { 'k8ts.io/sim-init-duration': '1s' });
  s.workers.update('default/p');
  await s.timers.advance(10);
  assert.equal(s.pod().status.phase, 'Pending');
  assert.ok(s.pod().status.initContainerStatuses[0].state.running);
  assert.equal(s.pod().status.initContainerStatuses[1].state.waiting.reason, 'PodInitializing');
  assert.match(s.pod().status.conditions[1].message, /incomplete status: \[i1 i2\]/);
  await s.timers.advance(1000);
  assert.equal(s.pod().status.initContainerStatuses[0].state.terminated.reason, 'Completed');
  assert.ok(s.pod().status.initContainerStatuses[1].state.running);
  await s.timers.advance(1000);
  assert.equal(s.pod().status.phase, 'Running');
});

test('a failing container goes into CrashLoopBackOff with growing back-off', async () => {
  const s = setup();
  await createPod(s.client, {}, { 'k8ts.io/sim-fail-after': '1s', 'k8ts.io/sim-exit-code': '3' });
  s.workers.update('default/p');
  await s.timers.advance(1000); // exits, restarted at once
  assert.equal(s.pod().status.containerStatuses[0].restartCount, 1);
  await s.timers.advance(1000); // exits again: 10 s back-off
  const cs = s.pod().status.containerStatuses[0];
  assert.equal(cs.state.waiting.reason, 'CrashLoopBackOff');
  assert.match(cs.state.waiting.message, /^back-off 10s restarting failed container=app pod=p_default\(u1\)$/);
  assert.equal(cs.lastState.terminated.exitCode, 3);
  assert.equal(s.pod().status.phase, 'Running');
  await s.timers.advance(10_000);
  assert.equal(s.pod().status.containerStatuses[0].restartCount, 2);
  await s.timers.advance(1000);
  assert.match(s.pod().status.containerStatuses[0].state.waiting.message, /back-off 20s/);
});

test('restartPolicy Never: a failed container fails the pod; sim-complete-after succeeds it', async () => {
  const s = setup();
  await createPod(s.client, { restartPolicy: 'Never' }, { 'k8ts.io/sim-fail-after': '1s' });
  s.workers.update('default/p');
  await s.timers.advance(1000);
  assert.equal(s.pod().status.phase, 'Failed');
  assert.equal(s.pod().status.containerStatuses[0].state.terminated.exitCode, 1);
  const t = setup();
  await createPod(t.client, { restartPolicy: 'OnFailure' }, { 'k8ts.io/sim-complete-after': '1s' });
  t.workers.update('default/p');
  await t.timers.advance(1000);
  assert.equal(t.pod().status.phase, 'Succeeded');
  assert.equal(t.pod().status.conditions.find((c: { type: string }) => c.type === 'Ready').reason, 'PodCompleted');
});

test('sim-never-ready keeps the pod Running but not Ready', async () => {
  const s = setup();
  await createPod(s.client, {}, { 'k8ts.io/sim-never-ready': 'true' });
  s.workers.update('default/p');
  await s.timers.advance(10);
  assert.equal(s.pod().status.phase, 'Running');
  assert.equal(s.pod().status.containerStatuses[0].ready, false);
  assert.match(s.pod().status.conditions[2].message, /unready status: \[app\]/);
});

test('graceful deletion stops the containers and deletes with grace 0 and a uid precondition', async () => {
  const s = setup();
  await createPod(s.client, {});
  s.workers.update('default/p');
  await s.timers.advance(10);
  const p = s.pod();
  p.metadata.deletionTimestamp = '2026-01-01T00:00:30Z';
  p.metadata.deletionGracePeriodSeconds = 30;
  s.workers.update('default/p');
  await s.timers.advance(10);
  assert.equal(s.client.objects.has('pods/default/p'), false);
  const del = s.client.writes.find((w) => w.verb === 'delete');
  assert.deepEqual(del?.opts, { gracePeriodSeconds: 0, preconditions: { uid: 'u1' } });
  const final = s.client.writes.filter((w) => w.verb === 'patch/status').at(-1)?.body as { status: { phase: string } };
  assert.equal(final.status.phase, 'Failed');
  assert.equal((await s.runtime.listPodSandbox()).length, 0);
  assert.equal(s.workers.size, 0);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nullLogger } from '../../../base/logger.ts';
import type { KObject } from '../../../api/types.ts';
import { EventRecorder } from '../../../client/event-recorder.ts';
import { HookRuntime, type ExecScript } from '../testing/hook-runtime.ts';
import { FakeTimers } from '../../testing/fake-timers.ts';
import { MemoryClient } from '../../testing/memory-client.ts';
import { PodSyncer } from '../pod-sync.ts';
import { PodWorkers } from '../pod-workers.ts';
import { PodEvictor } from './pod-evictor.ts';

const MSG = 'Usage of EmptyDir volume "data" exceeds the limit "1Mi". ';

type Obj = Record<string, unknown>;

async function setup(container: Obj = {}, script?: ExecScript, spec: Obj = {}) {
  const timers = new FakeTimers();
  const client = new MemoryClient();
  const runtime = new HookRuntime({ podCIDR: '10.42.3.0/24', clock: timers.clock, timers }, script);
  const recorder = new EventRecorder({ client, logger: nullLogger, clock: timers.clock, component: 'kubelet', host: 'n1' });
  const tornDown: string[] = [];
  const volumes = { setUp: async () => {}, mounts: () => [], tearDown: async (uid: string) => { tornDown.push(uid); } };
  const getPod = (key: string) => client.objects.get(`pods/${key}`);
  let workers!: PodWorkers;
  const syncer = new PodSyncer({
    client, runtime, clock: timers.clock, logger: nullLogger, containerIdPrefix: 'fake://', getPod, hostIP: () => '192.168.0.10',
    onGone: (key) => workers.forget(key), volumes,
  });
  const evictor = new PodEvictor({
    client, runtime, clock: timers.clock, logger: nullLogger, recorder, getPod, next: (k) => syncer.sync(k),
    hostIP: () => '192.168.0.10', containerIdPrefix: 'fake://', volumes, timers,
  });
  workers = new PodWorkers({ sync: (k) => evictor.sync(k), timers, logger: nullLogger });
  runtime.onContainerEvent((ev) => { if (ev.type === 'CONTAINER_STOPPED_EVENT') workers.update(`default/${ev.podSandboxMetadata.name}`); });
  await client.create({ group: '', version: 'v1', plural: 'pods', namespace: 'default' }, {
    metadata: { name: 'p', namespace: 'default', uid: 'u1' },
    spec: { nodeName: 'n1', restartPolicy: 'Always', containers: [{ name: 'app', image: 'busybox', ...container }], volumes: [{ name: 'data', emptyDir: { sizeLimit: '1Mi' } }], ...spec },
    status: { phase: 'Pending', qosClass: 'BestEffort' },
  });
  const pod = () => client.objects.get('pods/default/p') as KObject;
  workers.update('default/p');
  await timers.advance(10);
  assert.equal(pod().status.phase, 'Running');
  return { timers, client, runtime, recorder, workers, evictor, pod, tornDown };
}

test('an evicted pod is killed, reported Failed/Evicted with the message, and never restarted', async () => {
  const s = await setup();
  const key = s.evictor.request(s.pod(), MSG);
  assert.equal(key, 'default/p');
  assert.equal(s.evictor.request(s.pod(), MSG), undefined, 'one eviction at a time');
  s.workers.update(key);
  await s.timers.advance(10);
  const st = s.pod().status;
  assert.equal(st.phase, 'Failed');
  assert.equal(st.reason, 'Evicted');
  assert.equal(st.message, MSG);
  assert.ok(st.containerStatuses[0].state.terminated, JSON.stringify(st.containerStatuses[0].state));
  assert.equal(st.containerStatuses[0].restartCount, 0);
  assert.equal(st.conditions.find((c: { type: string }) => c.type === 'Ready').status, 'False');
  assert.deepEqual(s.tornDown, ['u1']);
  // The container's exit and later syncs go to the ordinary sync, which leaves a terminal pod alone.
  await s.timers.advance(60_000);
  s.workers.update('default/p');
  await s.timers.advance(10);
  const all = await s.runtime.listContainers({});
  assert.equal(all.length, 1);
  assert.equal(all[0]!.state, 'CONTAINER_EXITED');
  assert.equal(s.pod().status.reason, 'Evicted');
  assert.equal(s.evictor.evicting('default/p'), false);
  await s.recorder.flush();
  const events = [...s.client.objects.values()].filter((o) => o.kind === 'Event').map((e) => `${e.type} ${e.reason} ${e.message}`);
  assert.deepEqual(events.slice(-2), [`Warning Evicted ${MSG}`, 'Normal Killing Stopping container app'], 'after Pulled, Created, Started');
  assert.deepEqual(s.runtime.calls, [{ op: 'stop', containerId: all[0]!.id, timeoutSeconds: 2 }], 'no preStop: SIGTERM, SIGKILL after the 2 s minimum');
});

test('an eviction runs the preStop hook, cut short by the 1 s override (not the pod\'s 30 s), then stops with the 2 s minimum', async () => {
  const preStop = { lifecycle: { preStop: { exec: { command: ['sh', '-c', 'sleep 60'] } } } };
  const s = await setup(preStop, () => new Promise(() => undefined), { terminationGracePeriodSeconds: 30 });
  const key = s.evictor.request(s.pod(), MSG) as string;
  s.workers.update(key);
  await s.timers.advance(999);
  const [c] = await s.runtime.listContainers({});
  assert.deepEqual(s.runtime.calls, [{ op: 'exec', containerId: c!.id, cmd: ['sh', '-c', 'sleep 60'] }], 'preStop runs first');
  assert.equal(s.pod().status.phase, 'Running', 'still within the override');
  await s.timers.advance(1);
  await s.timers.advance(10);
  assert.deepEqual(s.runtime.calls.at(-1), { op: 'stop', containerId: c!.id, timeoutSeconds: 2 });
  assert.equal(s.pod().status.phase, 'Failed');
  assert.equal(s.pod().status.reason, 'Evicted');
  assert.deepEqual(s.tornDown, ['u1']);
});

test('a failing preStop during an eviction is a Warning FailedPreStopHook; the pod is still evicted', async () => {
  const preStop = { lifecycle: { preStop: { exec: { command: ['false'] } } } };
  const s = await setup(preStop, () => ({ exitCode: 1 }));
  const key = s.evictor.request(s.pod(), MSG) as string;
  s.workers.update(key);
  await s.timers.advance(10);
  assert.deepEqual(s.runtime.calls.map((c) => c.op), ['exec', 'stop']);
  assert.equal(s.pod().status.reason, 'Evicted');
  await s.recorder.flush();
  const events = [...s.client.objects.values()].filter((o) => o.kind === 'Event').map((e) => `${e.type} ${e.reason} ${e.message}`);
  assert.deepEqual(events.slice(-3), [`Warning Evicted ${MSG}`, 'Normal Killing Stopping container app', 'Warning FailedPreStopHook PreStopHook failed']);
});

test('a pod deleted before the eviction ran goes the ordinary way; terminal pods are not evicted', async () => {
  const s = await setup();
  const key = s.evictor.request(s.pod(), MSG) as string;
  s.client.objects.set('pods/default/p', { ...s.pod(), metadata: { ...s.pod().metadata, deletionTimestamp: '2026-01-01T00:00:00Z', deletionGracePeriodSeconds: 0 } });
  s.workers.update(key);
  await s.timers.advance(10);
  assert.equal(s.client.objects.get('pods/default/p'), undefined, 'the ordinary sync finished the deletion');
  assert.equal(s.evictor.evicting(key), false);
  assert.equal(s.evictor.request({ metadata: { name: 'q', namespace: 'default', uid: 'u2' }, status: { phase: 'Succeeded' } }, MSG), undefined);
});

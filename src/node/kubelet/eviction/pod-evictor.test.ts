import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nullLogger } from '../../../base/logger.ts';
import type { KObject } from '../../../api/types.ts';
import { EventRecorder } from '../../../client/event-recorder.ts';
import { FakeRuntime } from '../../runtime/fake/fake-runtime.ts';
import { FakeTimers } from '../../testing/fake-timers.ts';
import { MemoryClient } from '../../testing/memory-client.ts';
import { PodSyncer } from '../pod-sync.ts';
import { PodWorkers } from '../pod-workers.ts';
import { PodEvictor } from './pod-evictor.ts';

const MSG = 'Usage of EmptyDir volume "data" exceeds the limit "1Mi". ';

async function setup() {
  const timers = new FakeTimers();
  const client = new MemoryClient();
  const runtime = new FakeRuntime({ podCIDR: '10.42.3.0/24', clock: timers.clock, timers });
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
    hostIP: () => '192.168.0.10', containerIdPrefix: 'fake://', volumes,
  });
  workers = new PodWorkers({ sync: (k) => evictor.sync(k), timers, logger: nullLogger });
  runtime.onContainerEvent((ev) => { if (ev.type === 'CONTAINER_STOPPED_EVENT') workers.update(`default/${ev.podSandboxMetadata.name}`); });
  await client.create({ group: '', version: 'v1', plural: 'pods', namespace: 'default' }, {
    metadata: { name: 'p', namespace: 'default', uid: 'u1' },
    spec: { nodeName: 'n1', restartPolicy: 'Always', containers: [{ name: 'app', image: 'busybox' }], volumes: [{ name: 'data', emptyDir: { sizeLimit: '1Mi' } }] },
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

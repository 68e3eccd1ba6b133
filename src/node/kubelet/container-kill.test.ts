import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KObject } from '../../api/types.ts';
import { FakeTimers } from '../testing/fake-timers.ts';
import { killContainer, killGracePeriod } from './container-kill.ts';
import { HookRuntime, type ExecScript } from './testing/hook-runtime.ts';

type Obj = Record<string, unknown>;

function podWith(container: Obj, spec: Obj = {}, meta: Obj = {}): KObject {
  return { metadata: { name: 'p', namespace: 'default', uid: 'u1', ...meta }, spec: { terminationGracePeriodSeconds: 30, containers: [{ name: 'app', image: 'busybox', ...container }], ...spec } } as KObject;
}

async function running(script?: ExecScript) {
  const timers = new FakeTimers();
  const runtime = new HookRuntime({ podCIDR: '10.42.0.0/24', clock: timers.clock, timers }, script);
  const sandboxId = await runtime.runPodSandbox({ metadata: { name: 'p', namespace: 'default', uid: 'u1', attempt: 0 }, labels: {}, annotations: {} });
  const containerId = await runtime.createContainer(sandboxId, { metadata: { name: 'app', attempt: 0 }, image: { image: 'busybox' }, labels: {}, annotations: {} });
  await runtime.startContainer(containerId);
  const events: string[] = [];
  const event = (type: string, reason: string, message: string) => { events.push(`${type} ${reason} ${message}`); };
  return { timers, runtime, sandboxId, containerId, events, event };
}

const PRE_STOP = { lifecycle: { preStop: { exec: { command: ['sh', '-c', 'echo bye > /shared/marker'] } } } };

test('the grace period of a kill follows upstream setTerminationGracePeriod', () => {
  const probeGrace = { livenessProbe: { terminationGracePeriodSeconds: 3 }, startupProbe: { terminationGracePeriodSeconds: 4 } };
  const pod = podWith(probeGrace);
  const spec = (pod.spec!.containers as Obj[])[0];
  assert.equal(killGracePeriod(pod, spec, 'livenessProbe'), 3);
  assert.equal(killGracePeriod(pod, spec, 'startupProbe'), 4);
  assert.equal(killGracePeriod(pod, spec, 'postStartHook'), 30);
  assert.equal(killGracePeriod(pod, spec, 'deletion'), 30);
  assert.equal(killGracePeriod(podWith({}), {}, 'livenessProbe'), 30, 'no probe grace: the pod\'s');
  const deleted = podWith(probeGrace, {}, { deletionGracePeriodSeconds: 7 });
  assert.equal(killGracePeriod(deleted, spec, 'livenessProbe'), 7, 'a deleted pod\'s grace wins');
  const unset = podWith({}, { terminationGracePeriodSeconds: undefined });
  assert.equal(killGracePeriod(unset, {}, 'deletion'), 30, 'the API default');
});

test('preStop runs before the stop signal, which gets the rest of the grace period; Killing carries the message', async () => {
  const s = await running();
  const pod = podWith(PRE_STOP);
  await killContainer({ runtime: s.runtime, pod, containerId: s.containerId, name: 'app', sandboxId: s.sandboxId, reason: 'livenessProbe',
    message: 'Container app failed liveness probe, will be restarted', event: s.event, clock: s.timers.clock, timers: s.timers });
  assert.deepEqual(s.runtime.calls, [
    { op: 'exec', containerId: s.containerId, cmd: ['sh', '-c', 'echo bye > /shared/marker'] },
    { op: 'stop', containerId: s.containerId, timeoutSeconds: 30 },
  ]);
  assert.deepEqual(s.events, ['Normal Killing Container app failed liveness probe, will be restarted']);
  assert.equal((await s.runtime.containerStatus(s.containerId)).state, 'CONTAINER_EXITED');
});

test('a failing preStop is a Warning FailedPreStopHook without the handler output, and the container still stops', async () => {
  const s = await running(() => ({ exitCode: 3, stderr: 'secret-token' }));
  await killContainer({ runtime: s.runtime, pod: podWith(PRE_STOP), containerId: s.containerId, name: 'app', sandboxId: s.sandboxId, reason: 'deletion',
    event: s.event, clock: s.timers.clock, timers: s.timers });
  assert.deepEqual(s.events, ['Normal Killing Stopping container app', 'Warning FailedPreStopHook PreStopHook failed']);
  assert.deepEqual(s.runtime.calls.map((c) => c.op), ['exec', 'stop']);
});

test('a preStop that outlasts the grace period is cut short: SIGTERM then SIGKILL after the 2 s minimum', async () => {
  const s = await running(() => new Promise(() => undefined));
  const pod = podWith({ ...PRE_STOP, livenessProbe: { terminationGracePeriodSeconds: 5 } });
  let done = false;
  const kill = killContainer({ runtime: s.runtime, pod, containerId: s.containerId, name: 'app', sandboxId: s.sandboxId, reason: 'livenessProbe',
    event: s.event, clock: s.timers.clock, timers: s.timers }).then(() => { done = true; });
  await s.timers.advance(4999);
  assert.equal(done, false, 'still within the grace period');
  assert.deepEqual(s.runtime.calls.map((c) => c.op), ['exec']);
  await s.timers.advance(1);
  await kill;
  assert.deepEqual(s.runtime.calls.at(-1), { op: 'stop', containerId: s.containerId, timeoutSeconds: 2 });
});

test('without a preStop hook the stop gets the whole grace period, at least 2 s; an override replaces it', async () => {
  const s = await running();
  await killContainer({ runtime: s.runtime, pod: podWith({}, { terminationGracePeriodSeconds: 0 }), containerId: s.containerId, name: 'app', sandboxId: s.sandboxId, reason: 'deletion' });
  assert.deepEqual(s.runtime.calls, [{ op: 'stop', containerId: s.containerId, timeoutSeconds: 2 }]);
  const t = await running();
  await killContainer({ runtime: t.runtime, pod: podWith(PRE_STOP), containerId: t.containerId, name: 'app', sandboxId: t.sandboxId, reason: 'deletion', gracePeriodOverride: 0 });
  assert.deepEqual(t.runtime.calls.map((c) => c.op), ['stop'], 'no time left for preStop');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeTimers } from '../../testing/fake-timers.ts';
import { FakeRuntime } from './fake-runtime.ts';
import { parseDuration, parseSimStages } from './stages.ts';
import { derivedPodCIDR, IpPool } from './ip-pool.ts';

const sbConfig = (annotations: Record<string, string> = {}) => ({
  metadata: { name: 'p', namespace: 'default', uid: 'u', attempt: 0 }, labels: {}, annotations,
});
const cConfig = { metadata: { name: 'c', attempt: 0 }, image: { image: 'nginx' }, labels: {}, annotations: {} };

test('durations and stages parse; malformed values are ignored', () => {
  assert.equal(parseDuration('1m30s'), 90_000);
  assert.equal(parseDuration('500ms'), 500);
  assert.throws(() => parseDuration('5 s'));
  const s = parseSimStages({ 'k8ts.io/sim-fail-after': '5s', 'k8ts.io/sim-exit-code': '2', 'k8ts.io/sim-never-ready': 'true', 'k8ts.io/sim-start-delay': 'x' });
  assert.deepEqual(s, { startDelayMs: undefined, exitAfterMs: 5000, exitCode: 2, neverReady: true, initDurationMs: undefined, initExitCode: 0 });
});

test('IP pool hands out the node range and reuses released addresses; derived CIDRs differ per index', () => {
  const pool = new IpPool('10.42.1.0/30');
  assert.equal(pool.allocate(), '10.42.1.2');
  assert.throws(() => pool.allocate());
  pool.release('10.42.1.2');
  assert.equal(pool.allocate(), '10.42.1.2');
  assert.equal(derivedPodCIDR('x', 0), '10.64.0.0/24');
  assert.equal(derivedPodCIDR('x', 257), '10.65.1.0/24');
  assert.match(derivedPodCIDR('node-a'), /^10\.\d+\.\d+\.0\/24$/);
});

test('containers start after the delay, exit on schedule, and emit events', async () => {
  const timers = new FakeTimers();
  const rt = new FakeRuntime({ podCIDR: '10.42.0.0/24', clock: timers.clock, timers, startDelayMs: 1000 });
  const events: string[] = [];
  rt.onContainerEvent((e) => events.push(e.type));
  const sb = await rt.runPodSandbox(sbConfig({ 'k8ts.io/sim-fail-after': '2s' }));
  assert.deepEqual((await rt.podSandboxStatus(sb)).ips, ['10.42.0.2']);
  const id = await rt.createContainer(sb, cConfig);
  let started = false;
  void rt.startContainer(id).then(() => { started = true; });
  await timers.advance(999);
  assert.equal(started, false);
  await timers.advance(1);
  assert.equal((await rt.containerStatus(id)).state, 'CONTAINER_RUNNING');
  await timers.advance(2000);
  const st = await rt.containerStatus(id);
  assert.equal(st.state, 'CONTAINER_EXITED');
  assert.equal(st.exitCode, 1);
  assert.deepEqual(events, ['CONTAINER_CREATED_EVENT', 'CONTAINER_STARTED_EVENT', 'CONTAINER_STOPPED_EVENT']);
  await rt.removePodSandbox(sb);
  assert.deepEqual(await rt.listContainers(), []);
  assert.deepEqual((await rt.listImages()).map((i) => i.repoTags[0]), ['nginx']);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KObject } from '../../api/types.ts';
import type { EventRecorder } from '../../client/event-recorder.ts';
import { FakeTimers } from '../testing/fake-timers.ts';
import { MemoryClient } from '../testing/memory-client.ts';
import { ContainerStarter } from './container-start.ts';
import { HookRuntime, type ExecScript } from './testing/hook-runtime.ts';

type Obj = Record<string, unknown>;

function setup(script: ExecScript) {
  const timers = new FakeTimers();
  const runtime = new HookRuntime({ podCIDR: '10.42.0.0/24', clock: timers.clock, timers }, script);
  const events: string[] = [];
  const recorder = { event: (_o: KObject, type: string, reason: string, message: string, ref?: { fieldPath?: string }) => {
    events.push(`${type} ${reason} ${ref?.fieldPath ?? ''} ${message}`);
  } } as unknown as EventRecorder;
  const starter = new ContainerStarter({ client: new MemoryClient(), runtime, clock: timers.clock, hostIP: () => '192.168.0.10', node: {}, recorder });
  return { runtime, starter, events };
}

const pod = (container: Obj): KObject => ({
  metadata: { name: 'p', namespace: 'default', uid: 'u1' },
  spec: { terminationGracePeriodSeconds: 5, restartPolicy: 'Always', containers: [{ name: 'app', image: 'busybox', imagePullPolicy: 'IfNotPresent', ...container }] },
} as KObject);

test('a failed postStart hook: Warning FailedPostStartHook, Killing (preStop runs), PostStartHookError with upstream\'s message, no Failed event', async () => {
  const s = setup((cmd) => (cmd.includes('exit 7') ? { exitCode: 7, stdout: 'out', stderr: 'err' } : { exitCode: 0 }));
  const p = pod({ lifecycle: { postStart: { exec: { command: ['sh', '-c', 'exit 7'] } }, preStop: { exec: { command: ['touch', '/x'] } } } });
  const sandboxId = await s.runtime.runPodSandbox(s.starter.sandboxConfig(p));
  const spec = (p.spec!.containers as Obj[])[0]!;
  const why = await s.starter.start(p, spec, 0, false, sandboxId);
  assert.deepEqual(why, {
    reason: 'PostStartHookError',
    message: 'Exec lifecycle hook ([sh -c exit 7]) for Container "app" in Pod "p_default(u1)" failed - error: command \'sh -c exit 7\' exited with 7: err, message: "outerr"',
  });
  const f = 'spec.containers{app}';
  assert.deepEqual(s.events.filter((e) => !/Pull/.test(e)), [
    `Normal Created ${f} Created container: app`,
    `Normal Started ${f} Started container app`,
    `Warning FailedPostStartHook ${f} PostStartHook failed`,
    `Normal Killing ${f} FailedPostStartHook`,
  ]);
  assert.deepEqual(s.runtime.calls.map((c) => (c.op === 'exec' ? c.cmd.join(' ') : `stop ${c.timeoutSeconds}`)), ['sh -c exit 7', 'touch /x', 'stop 5']);
  const [c] = await s.runtime.listContainers();
  assert.equal(c!.state, 'CONTAINER_EXITED');
});

test('a postStart hook that succeeds leaves the container running and records nothing more', async () => {
  const s = setup(() => ({ exitCode: 0 }));
  const p = pod({ lifecycle: { postStart: { exec: { command: ['true'] } } } });
  const sandboxId = await s.runtime.runPodSandbox(s.starter.sandboxConfig(p));
  assert.equal(await s.starter.start(p, (p.spec!.containers as Obj[])[0]!, 0, false, sandboxId), undefined);
  assert.deepEqual(s.events.filter((e) => / (FailedPostStartHook|Killing|Failed) /.test(e)), []);
  assert.equal((await s.runtime.listContainers())[0]!.state, 'CONTAINER_RUNNING');
});

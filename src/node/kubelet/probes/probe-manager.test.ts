import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nullLogger } from '../../../base/logger.ts';
import type { KObject } from '../../../api/types.ts';
import { LABEL_CONTAINER_NAME, LABEL_POD_UID } from '../../runtime/types.ts';
import { HookRuntime } from '../testing/hook-runtime.ts';
import { ProbeManager } from './probe-manager.ts';

test('a liveness failure kills as a deletion does: Killing, the preStop hook, then the stop with the probe\'s grace period', { timeout: 10_000 }, async () => {
  // The probe fails, the preStop hook succeeds.
  const runtime = new HookRuntime({ podCIDR: '10.42.0.0/24' }, (cmd) => ({ exitCode: cmd[0] === 'cat' ? 1 : 0, stderr: cmd[0] === 'cat' ? 'no such file' : '' }));
  const meta = { name: 'p', namespace: 'default', uid: 'u1', attempt: 0 };
  const sandboxId = await runtime.runPodSandbox({ metadata: meta, labels: { [LABEL_POD_UID]: 'u1' }, annotations: {} });
  const containerId = await runtime.createContainer(sandboxId, { metadata: { name: 'app', attempt: 0 }, image: { image: 'busybox' },
    labels: { [LABEL_POD_UID]: 'u1', [LABEL_CONTAINER_NAME]: 'app' }, annotations: {} });
  await runtime.startContainer(containerId);
  const pod = { metadata: { name: 'p', namespace: 'default', uid: 'u1' }, spec: { terminationGracePeriodSeconds: 30, restartPolicy: 'Always', containers: [{
    name: 'app', image: 'busybox',
    livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 1, failureThreshold: 1, terminationGracePeriodSeconds: 4 },
    lifecycle: { preStop: { exec: { command: ['sh', '-c', 'echo stopped >> /data/marker'] } } },
  }] } } as KObject;
  const events: string[] = [];
  const stopped = new Promise<void>((resolve) => runtime.onContainerEvent((ev) => { if (ev.type === 'CONTAINER_STOPPED_EVENT') resolve(); }));
  const prober = new ProbeManager({ runtime, clock: { now: () => Date.now() }, logger: nullLogger, onChange: () => undefined,
    event: (_p, container, type, reason, message) => events.push(`${container} ${type} ${reason} ${message}`) });
  // The prober's timers are unref'd: keep the loop alive until the kill.
  const keepAlive = setInterval(() => undefined, 100);
  prober.addPod(pod);
  await stopped;
  clearInterval(keepAlive);
  prober.stop();
  assert.deepEqual(runtime.calls.map((c) => (c.op === 'exec' ? c.cmd.join(' ') : `stop ${c.timeoutSeconds}`)),
    ['cat /tmp/healthy', 'sh -c echo stopped >> /data/marker', 'stop 4']);
  assert.deepEqual(events, ['app Warning Unhealthy Liveness probe failed: no such file', 'app Normal Killing Container app failed liveness probe, will be restarted']);
});

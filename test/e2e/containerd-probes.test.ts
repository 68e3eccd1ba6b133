/**
 * Issue 6 item 4: liveness, readiness and startup probes on real
 * containerd, checked with the real kubectl; a liveness restart runs the
 * preStop hook before SIGTERM, as upstream's killContainer does. Runs in its own network
 * namespace (containerd-node.ts); probes reach pod IPs only inside it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUSYBOX, eventually, startNetnsNode, unsupported, type NetnsNode } from './containerd-node.ts';

const skip = unsupported();
let node: NetnsNode;

before(async () => { if (!skip) node = await startNetnsNode(); });
after(async () => { await node?.dispose(); });

type Pod = { metadata: { name: string }; status: { phase?: string; conditions?: Array<{ type: string; status: string }>; containerStatuses?: Array<Record<string, any>> } };

async function pod(name: string): Promise<Pod> {
  const r = await node.kubectl(['get', 'pod', name, '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Pod;
}
const cond = (p: Pod, type: string) => p.status.conditions?.find((c) => c.type === type)?.status;
const apply = async (o: unknown) => { const r = await node.kubectl(['apply', '-f', '-'], JSON.stringify(o)); assert.equal(r.code, 0, r.stderr); };

test('a failing liveness probe restarts the container: RESTARTS increments and CrashLoopBackOff is shown', { skip, timeout: 110_000 }, async () => {
  await apply({
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'liveness' },
    spec: {
      terminationGracePeriodSeconds: 1,
      containers: [{ name: 'main', image: BUSYBOX, command: ['sleep', '3600'],
        livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 1, failureThreshold: 2 } }],
    },
  });
  const p = await eventually('two restarts', async () => {
    const p = await pod('liveness');
    return (p.status.containerStatuses?.[0]?.restartCount ?? 0) >= 2 ? p : undefined;
  }, 60_000);
  assert.equal(p.status.containerStatuses![0]!.lastState.terminated.exitCode, 137);
  const shown = await eventually('CrashLoopBackOff in kubectl get', async () => {
    const r = await node.kubectl(['get', 'pod', 'liveness']);
    return /liveness\s+0\/1\s+CrashLoopBackOff\s+[2-9]/.test(r.stdout) ? r.stdout : undefined;
  }, 40_000);
  assert.match(shown, /CrashLoopBackOff/);
  const events = await node.kubectl(['get', 'events', '--field-selector', 'involvedObject.name=liveness']);
  assert.match(events.stdout, /Unhealthy\s+pod\/liveness\s+Liveness probe failed: cat: can't open '\/tmp\/healthy'/);
  assert.equal((await node.kubectl(['delete', 'pod', 'liveness', '--wait=true'])).code, 0);
});

test('a readiness probe (httpGet) gates Ready; tcpSocket and startup probes pass; a passing liveness probe never restarts', { skip, timeout: 110_000 }, async () => {
  await apply({
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'ready' },
    spec: {
      terminationGracePeriodSeconds: 1,
      containers: [{
        name: 'web', image: BUSYBOX, ports: [{ name: 'http', containerPort: 8080 }],
        command: ['sh', '-c', 'mkdir -p /www && echo ok > /www/index.html && httpd -f -p 8080 -h /www'],
        startupProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1, failureThreshold: 30 },
        readinessProbe: { httpGet: { path: '/ready', port: 'http' }, periodSeconds: 1 },
        livenessProbe: { httpGet: { path: '/', port: 8080 }, periodSeconds: 1 },
      }],
    },
  });
  const running = await eventually('ready Running', async () => { const p = await pod('ready'); return p.status.phase === 'Running' ? p : undefined; });
  await new Promise((r) => setTimeout(r, 3000));
  const unready = await pod('ready');
  assert.equal(cond(unready, 'Ready'), 'False', 'no /ready yet');
  assert.equal(cond(unready, 'ContainersReady'), 'False');
  assert.equal(unready.status.containerStatuses![0]!.ready, false);
  assert.match((await node.kubectl(['get', 'pod', 'ready'])).stdout, /ready\s+0\/1\s+Running\s+0/);
  // Make the readiness endpoint exist from inside the container.
  const ex = await node.kubectl(['exec', 'ready', '--', 'sh', '-c', 'echo yes > /www/ready']);
  assert.equal(ex.code, 0, ex.stderr);
  await eventually('Ready', async () => (cond(await pod('ready'), 'Ready') === 'True' ? true : undefined), 20_000);
  assert.match((await node.kubectl(['get', 'pod', 'ready'])).stdout, /ready\s+1\/1\s+Running\s+0/);
  assert.equal(running.status.containerStatuses![0]!.containerID, (await pod('ready')).status.containerStatuses![0]!.containerID);
  // And readiness drops again when the endpoint goes away (failureThreshold 3 at 1 s).
  assert.equal((await node.kubectl(['exec', 'ready', '--', 'rm', '/www/ready'])).code, 0);
  await eventually('not Ready again', async () => (cond(await pod('ready'), 'Ready') === 'False' ? true : undefined), 20_000);
  assert.equal((await pod('ready')).status.containerStatuses![0]!.restartCount, 0);
  assert.equal((await node.kubectl(['delete', 'pod', 'ready', '--wait=true'])).code, 0);
});

test('a liveness restart runs the preStop hook first, then SIGTERM (marker file on a hostPath)', { skip, timeout: 90_000 }, async () => {
  // The node's data dir is the test's temp dir and k8ts shares the test's mount namespace: the hostPath is readable here.
  const dir = join(node.dir, 'prestop-marker');
  const marker = join(dir, 'log');
  await apply({
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'prestop-liveness' },
    spec: {
      terminationGracePeriodSeconds: 30,
      volumes: [{ name: 'marker', hostPath: { path: dir, type: 'DirectoryOrCreate' } }],
      containers: [{
        name: 'main', image: BUSYBOX, volumeMounts: [{ name: 'marker', mountPath: '/marker' }],
        command: ['sh', '-c', 'trap "echo term >> /marker/log; exit 0" TERM; echo start >> /marker/log; while true; do sleep 1; done'],
        // The probe's own grace period applies to its kills (upstream setTerminationGracePeriod).
        livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 1, failureThreshold: 1, terminationGracePeriodSeconds: 5 },
        lifecycle: { preStop: { exec: { command: ['sh', '-c', 'echo prestop >> /marker/log'] } } },
      }],
    },
  });
  const p = await eventually('a liveness restart', async () => {
    const p = await pod('prestop-liveness');
    return (p.status.containerStatuses?.[0]?.restartCount ?? 0) >= 1 ? p : undefined;
  }, 60_000);
  assert.ok(existsSync(marker), 'the hostPath marker exists');
  const lines = readFileSync(marker, 'utf8').trim().split('\n');
  assert.deepEqual(lines.slice(0, 3), ['start', 'prestop', 'term'], `preStop ran before SIGTERM: ${lines.join(',')}`);
  // The trap exits 0: SIGTERM, not SIGKILL after the grace period, ended it.
  assert.equal(p.status.containerStatuses![0]!.lastState.terminated.exitCode, 0);
  const events = (await node.kubectl(['get', 'events', '--field-selector', 'involvedObject.name=prestop-liveness'])).stdout;
  assert.match(events, /Killing\s+pod\/prestop-liveness\s+Container main failed liveness probe, will be restarted/);
  assert.doesNotMatch(events, /FailedPreStopHook/);
  assert.equal((await node.kubectl(['delete', 'pod', 'prestop-liveness', '--wait=true'])).code, 0);
});

/**
 * Issue 3: events and waiting, on `init --runtime fake` so pods really run
 * on a simulated node: `kubectl describe` shows an object's events (the
 * scheduler's), `kubectl get events --sort-by=.lastTimestamp` and
 * `kubectl events` list them, and `kubectl wait` works with
 * --for=condition=Available, --for=jsonpath='{.status.phase}'=Running and
 * --for=delete.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type Cluster } from './helpers/cluster.ts';

let c: Cluster;
before(async () => { c = await startCluster({ runtime: 'fake' }); });
after(async () => { await c?.dispose(); });

async function ok(args: string[], input?: string): Promise<string> {
  const r = await c.kubectl(args, { input, timeoutMs: 90_000 });
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ev}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx:1.25}]}
`;

test('kubectl wait --for=condition=Available and --for=jsonpath={.status.phase}=Running', { timeout: 120_000 }, async () => {
  await ok(['create', 'namespace', 'ev']);
  await ok(['apply', '-f', '-'], deployment);
  const out = await ok(['wait', '-n', 'ev', '--for=condition=Available', 'deploy/web', '--timeout=60s']);
  assert.equal(out.trim(), 'deployment.apps/web condition met');
  const pods = (await ok(['get', 'pods', '-n', 'ev', '-l', 'app=web', '-o', 'name'])).trim().split('\n');
  assert.equal(pods.length, 2);
  const running = await ok(['wait', '-n', 'ev', "--for=jsonpath={.status.phase}=Running", ...pods, '--timeout=60s']);
  assert.deepEqual(running.trim().split('\n').sort(), pods.map((p) => `${p} condition met`).sort());
  const ready = await ok(['wait', '-n', 'ev', '--for=condition=Ready', 'pod', '-l', 'app=web', '--timeout=60s']);
  assert.equal(ready.trim().split('\n').length, 2);
});

test('kubectl describe shows a pod\'s events; get events --sort-by and kubectl events list them', { timeout: 120_000 }, async () => {
  const pod = (await ok(['get', 'pods', '-n', 'ev', '-l', 'app=web', '-o', 'name'])).trim().split('\n')[0]!;
  const name = pod.slice('pod/'.length);
  const describe = await ok(['describe', '-n', 'ev', pod]);
  const events = describe.slice(describe.indexOf('\nEvents:'));
  assert.match(events, /Type\s+Reason\s+Age\s+From\s+Message/);
  assert.match(events, new RegExp(`Normal\\s+Scheduled\\s+\\S+\\s+default-scheduler\\s+Successfully assigned ev/${name} to \\S+`));

  const sorted = await ok(['get', 'events', '-n', 'ev', '--sort-by=.lastTimestamp']);
  assert.match(sorted, /^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/m);
  assert.match(sorted, new RegExp(`Normal\\s+Scheduled\\s+pod/${name}\\s+Successfully assigned`));
  const stamps = (await ok(['get', 'events', '-n', 'ev', '--sort-by=.lastTimestamp', '-o', 'jsonpath={range .items[*]}{.lastTimestamp}{"\\n"}{end}'])).trim().split('\n');
  assert.ok(stamps.length >= 2);
  assert.deepEqual([...stamps].sort(), stamps, 'ascending lastTimestamp');

  const ev = await ok(['events', '-n', 'ev']);
  assert.match(ev, /^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/m);
  assert.match(ev, new RegExp(`Scheduled\\s+Pod/${name}\\s+Successfully assigned`));
  const forPod = await ok(['events', '-n', 'ev', '--for', pod]);
  assert.match(forPod, new RegExp(`Pod/${name}`));
  const others = forPod.split('\n').slice(1).filter((l) => l.trim() && !l.includes(`Pod/${name}`));
  assert.deepEqual(others, [], 'only this pod\'s events');
  const json = JSON.parse(await ok(['events', '-n', 'ev', '-o', 'json']));
  assert.equal(json.kind, 'EventList');
  assert.ok(json.items.some((e: { reason: string; involvedObject: { name: string } }) => e.reason === 'Scheduled' && e.involvedObject.name === name));
});

test('kubectl wait --for=delete returns once the object is gone', { timeout: 120_000 }, async () => {
  const pods = (await ok(['get', 'pods', '-n', 'ev', '-l', 'app=web', '-o', 'name'])).trim().split('\n');
  await ok(['delete', '-n', 'ev', 'deployment', 'web', '--wait=false']);
  const r = await c.kubectl(['wait', '-n', 'ev', '--for=delete', ...pods, '--timeout=60s'], { timeoutMs: 90_000 });
  assert.equal(r.code, 0, r.stderr);
  const left = await ok(['get', 'pods', '-n', 'ev', '-o', 'name']);
  assert.equal(left.trim(), '');
  await ok(['create', 'configmap', '-n', 'ev', 'gone-soon']);
  const waiting = c.kubectl(['wait', '-n', 'ev', '--for=delete', 'configmap/gone-soon', '--timeout=30s']);
  await new Promise((res) => setTimeout(res, 1000));
  await ok(['delete', '-n', 'ev', 'configmap', 'gone-soon']);
  const w = await waiting;
  assert.equal(w.code, 0, w.stderr);
  assert.match(w.stdout, /configmap\/gone-soon condition met/);
});

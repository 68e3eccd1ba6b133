/**
 * Issue 3: events from controllers and the kubelet, as `kubectl describe`
 * shows them upstream, on `init --runtime fake`: the deployment controller's
 * ScalingReplicaSet, the replicaset controller's SuccessfulCreate, the
 * scheduler's Scheduled and the kubelet's Pulled/Created/Started on the
 * pod, the job controller's SuccessfulCreate and Completed, and the
 * kubelet's Killing when a pod is deleted.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type Cluster } from './helpers/cluster.ts';

let c: Cluster;
before(async () => {
  c = await startCluster({ runtime: 'fake' });
  await ok(['create', 'namespace', 'evc']);
});
after(async () => { await c?.dispose(); });

async function ok(args: string[], input?: string): Promise<string> {
  const r = await c.kubectl(args, { input, timeoutMs: 90_000 });
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** The Events section of `kubectl describe`, retried until `want` matches (events are written in the background). */
async function describeEvents(args: string[], want: RegExp[]): Promise<string> {
  let events = '';
  for (let i = 0; i < 50; i++) {
    const out = await ok(['describe', ...args]);
    events = out.slice(out.indexOf('\nEvents:'));
    if (want.every((w) => w.test(events))) return events;
    await new Promise((r) => setTimeout(r, 200));
  }
  return events;
}

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: evc}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx:1.25}]}
`;

test('describe deployment, replicaset and pod show the controllers\' and kubelet\'s events', { timeout: 120_000 }, async () => {
  await ok(['apply', '-f', '-'], deployment);
  await ok(['wait', '-n', 'evc', '--for=condition=Available', 'deploy/web', '--timeout=60s']);
  const rs = (await ok(['get', 'rs', '-n', 'evc', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}'])).trim();
  const scaled = new RegExp(`Normal\\s+ScalingReplicaSet\\s+\\S+\\s+deployment-controller\\s+Scaled up replica set ${rs} from 0 to 3`);
  const dep = await describeEvents(['-n', 'evc', 'deployment', 'web'], [scaled]);
  assert.match(dep, /Type\s+Reason\s+Age\s+From\s+Message/);
  assert.match(dep, scaled);

  const pods = (await ok(['get', 'pods', '-n', 'evc', '-l', 'app=web', '-o', 'jsonpath={.items[*].metadata.name}'])).trim().split(' ');
  assert.equal(pods.length, 3);
  const created = pods.map((p) => new RegExp(`Normal\\s+SuccessfulCreate\\s+\\S+\\s+replicaset-controller\\s+Created pod: ${p}`));
  const rsEvents = await describeEvents(['-n', 'evc', 'rs', rs], created);
  for (const w of created) assert.match(rsEvents, w);

  const podWant = [
    new RegExp(`Normal\\s+Scheduled\\s+\\S+\\s+default-scheduler\\s+Successfully assigned evc/${pods[0]} to \\S+`),
    /Normal\s+Pulled\s+\S+\s+kubelet\s+(Container image "nginx:1\.25" already present on machine|Successfully pulled image "nginx:1\.25")/,
    /Normal\s+Created\s+\S+\s+kubelet\s+Created container: c/,
    /Normal\s+Started\s+\S+\s+kubelet\s+Started container c/,
  ];
  const podEvents = await describeEvents(['-n', 'evc', 'pod', pods[0]!], podWant);
  for (const w of podWant) assert.match(podEvents, w);
  // In order, as upstream: Scheduled, Pulled, Created, Started.
  const at = podWant.map((w) => podEvents.search(w));
  assert.deepEqual([...at].sort((a, b) => a - b), at, `event order:\n${podEvents}`);
  const json = JSON.parse(await ok(['get', 'events', '-n', 'evc', '--field-selector', `involvedObject.name=${pods[0]},reason=Started`, '-o', 'json']));
  const started = json.items[0];
  assert.equal(started.involvedObject.kind, 'Pod');
  assert.equal(started.involvedObject.fieldPath, 'spec.containers{c}');
  assert.equal(started.source.component, 'kubelet');
  assert.equal(started.reportingComponent, 'kubelet');
  assert.equal(started.count, 1);
  assert.ok(started.firstTimestamp && started.lastTimestamp);

  await ok(['scale', '-n', 'evc', 'deployment', 'web', '--replicas=1']);
  const down = new RegExp(`Normal\\s+ScalingReplicaSet\\s+\\S+\\s+deployment-controller\\s+Scaled down replica set ${rs} from 3 to 1`);
  assert.match(await describeEvents(['-n', 'evc', 'deployment', 'web'], [down]), down);
  const deleted = /Normal\s+SuccessfulDelete\s+\S+\s+replicaset-controller\s+Deleted pod: /;
  assert.match(await describeEvents(['-n', 'evc', 'rs', rs], [deleted]), deleted);
});

test('describe job shows SuccessfulCreate and Completed; a deleted pod shows Killing', { timeout: 120_000 }, async () => {
  // The fake runtime ends containers as the pod's sim annotations ask: here at once, with code 0.
  await ok(['apply', '-f', '-'], `apiVersion: batch/v1
kind: Job
metadata: {name: once, namespace: evc}
spec:
  template:
    metadata: {annotations: {k8ts.io/sim-fail-after: 1s, k8ts.io/sim-exit-code: "0"}}
    spec: {restartPolicy: Never, containers: [{name: c, image: busybox:1.36}]}
`);
  await ok(['wait', '-n', 'evc', '--for=condition=Complete', 'job/once', '--timeout=60s']);
  const want = [/Normal\s+SuccessfulCreate\s+\S+\s+job-controller\s+Created pod: once-\S+/, /Normal\s+Completed\s+\S+\s+job-controller\s+Job completed/];
  const job = await describeEvents(['-n', 'evc', 'job', 'once'], want);
  for (const w of want) assert.match(job, w);
  assert.doesNotMatch(job, /Completed\s+\S+ \(x\d+ over/, 'Completed once');

  await ok(['run', '-n', 'evc', 'victim', '--image=nginx:1.25']);
  await ok(['wait', '-n', 'evc', '--for=condition=Ready', 'pod/victim', '--timeout=60s']);
  await ok(['delete', '-n', 'evc', 'pod', 'victim', '--wait=false']);
  const killing = /Normal\s+Killing\s+\S+\s+kubelet\s+Stopping container victim/;
  let text = '';
  for (let i = 0; i < 50 && !killing.test(text); i++) {
    text = await ok(['get', 'events', '-n', 'evc', '--field-selector', 'involvedObject.name=victim']);
    if (!killing.test(text)) await new Promise((r) => setTimeout(r, 200));
  }
  assert.match(text, /Normal\s+Killing\s+pod\/victim\s+Stopping container victim/);
});

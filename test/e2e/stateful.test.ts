/**
 * Issue 5 "Done when" (StatefulSet and DaemonSet) with the real kubectl:
 * a StatefulSet creates web-0, web-1, web-2 in order, each with its PVC,
 * the next only after the previous is Running and Ready (this test plays
 * the kubelet and marks each pod ready itself); a DaemonSet follows Node
 * objects joining, being relabelled and leaving.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { KObject } from '../../src/api/types.ts';
import { RestClient } from '../../src/client/rest-client.ts';
import { startCluster, type Cluster } from './helpers/cluster.ts';
import { kubectlSession } from './helpers/kubectl-session.ts';

let cluster: Cluster;
let client: RestClient;
before(async () => {
  cluster = await startCluster();
  const c = cluster.conn;
  client = new RestClient({ server: c.server, ca: c.ca, cert: c.cert, key: c.key });
});
after(async () => { client?.close(); await cluster?.dispose(); });

const PODS = { group: '', version: 'v1', plural: 'pods' };
const { ok, k, json, until } = kubectlSession(() => cluster, 20_000);

/** Play the kubelet: the pod runs and is ready. */
async function markReady(name: string, ns = 'default'): Promise<void> {
  const p = await client.get<KObject>({ ...PODS, namespace: ns, name });
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  await client.update({ ...PODS, namespace: ns, name, subresource: 'status' }, { ...p, status: { ...p.status, phase: 'Running',
    conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }, { type: 'ContainersReady', status: 'True', lastTransitionTime: now }] } });
}

const live = async (selector: string): Promise<string[]> => (await json(['get', 'pods', '-l', selector])).items
  .filter((p: KObject) => !p.metadata.deletionTimestamp).map((p: KObject) => p.metadata.name).sort();

const STS = `
apiVersion: v1
kind: Service
metadata: {name: nginx}
spec: {clusterIP: None, selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: nginx
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: nginx, image: nginx:1.25}]}
  volumeClaimTemplates:
  - metadata: {name: www}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
`;

test('StatefulSet: web-0, web-1, web-2 in order with their PVCs; rollout status; scale down in reverse', async () => {
  await k(['apply', '-f', '-'], STS);
  for (const [i, name] of ['web-0', 'web-1', 'web-2'].entries()) {
    await until(async () => (await live('app=web')).includes(name), name);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await live('app=web')).length, i + 1, `only ${name} is added before it is ready`);
    const pod = await json(['get', 'pod', name]);
    assert.equal(pod.spec.hostname, name);
    assert.equal(pod.spec.subdomain, 'nginx');
    assert.equal(pod.metadata.labels['statefulset.kubernetes.io/pod-name'], name);
    assert.equal(pod.metadata.labels['apps.kubernetes.io/pod-index'], String(i));
    assert.deepEqual(pod.spec.volumes.find((v: { name: string }) => v.name === 'www').persistentVolumeClaim, { claimName: `www-${name}` });
    await markReady(name);
  }
  const pvcs = await json(['get', 'pvc', '-l', 'app=web']);
  assert.deepEqual(pvcs.items.map((p: KObject) => p.metadata.name).sort(), ['www-web-0', 'www-web-1', 'www-web-2']);
  ok(await cluster.kubectl(['rollout', 'status', 'statefulset/web', '--timeout=30s']), 'rollout status');
  const sts = await json(['get', 'sts', 'web']);
  assert.equal(sts.status.readyReplicas, 3);
  assert.equal(sts.status.currentRevision, sts.status.updateRevision);
  assert.match(await k(['get', 'controllerrevisions']), new RegExp(sts.status.updateRevision));
  assert.match(await k(['get', 'sts', 'web']), /web\s+3\/3/);
  await k(['scale', 'sts/web', '--replicas=1']);
  await until(async () => (await live('app=web')).join() === 'web-0', 'web-2 and web-1 removed');
  assert.equal((await json(['get', 'pvc', '-l', 'app=web'])).items.length, 3, 'claims are retained');
});

const DS = `
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      nodeSelector: {role: worker}
      containers: [{name: agent, image: busybox}]
`;
const node = (name: string, role: string) => `apiVersion: v1\nkind: Node\nmetadata: {name: ${name}, labels: {role: ${role}}}\n`;
const nodesOf = async (): Promise<string[]> => (await json(['get', 'pods', '-l', 'app=agent'])).items
  .filter((p: KObject) => !p.metadata.deletionTimestamp)
  .map((p: KObject) => p.spec.nodeName ?? p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0])
  .sort();

test('DaemonSet: one pod per matching node, following nodes joining, relabelled and leaving', async () => {
  await k(['apply', '-f', '-'], node('n1', 'worker') + '---\n' + node('n2', 'worker') + '---\n' + node('n3', 'infra'));
  await k(['apply', '-f', '-'], DS);
  await until(async () => (await nodesOf()).join() === 'n1,n2', 'pods on n1 and n2');
  const pod = (await json(['get', 'pods', '-l', 'app=agent'])).items[0];
  const tolerations = pod.spec.tolerations.map((t: { key: string }) => t.key);
  assert.ok(tolerations.includes('node.kubernetes.io/unreachable'));
  await k(['apply', '-f', '-'], node('n4', 'worker'));
  await until(async () => (await nodesOf()).join() === 'n1,n2,n4', 'a pod on the joining node n4');
  await k(['label', 'node', 'n3', 'role=worker', '--overwrite']);
  await until(async () => (await nodesOf()).join() === 'n1,n2,n3,n4', 'a pod on relabelled n3');
  await k(['delete', 'node', 'n1']);
  await until(async () => (await nodesOf()).join() === 'n2,n3,n4', 'the pod of the removed node n1 goes');
  const ds = await until(async () => {
    const d = await json(['get', 'ds', 'agent']);
    return d.status.desiredNumberScheduled === 3 && d.status.currentNumberScheduled === 3 ? d : undefined;
  }, 'DaemonSet status');
  assert.equal(ds.status.numberMisscheduled, 0);
  assert.equal(ds.status.updatedNumberScheduled, 3);
});

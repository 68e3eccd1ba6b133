/**
 * Node lifecycle with simulated nodes and the real kubectl (issue 5): a
 * node whose heartbeats stop (its sim process is killed) turns
 * Unknown/NotReady after the 40 s grace period, gets the unreachable
 * taints, and its pods are recreated on the other nodes by their
 * ReplicaSet once their unreachable toleration (5 s here) runs out.
 * Node IPAM gives every node a /24 of the pod network; leader election
 * holds kube-system/kube-controller-manager.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type Cluster } from './helpers/cluster.ts';
import { startSimProcess, until, type SimProcess } from './helpers/sim-process.ts';

let cluster: Cluster;
let doomed: SimProcess;
let healthy: SimProcess | undefined;

before(async () => {
  cluster = await startCluster();
  doomed = await startSimProcess(cluster.kubeconfig, 1, 'doomed-');
});
after(async () => {
  await doomed?.kill();
  await healthy?.stop();
  await cluster?.dispose();
});

const ctx = (): string => `--- cluster ---\n${cluster.logs().slice(-3000)}`;
async function kubectl(args: string[], input?: string): Promise<string> {
  const r = await cluster.kubectl(args, { input });
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed:\n${r.stderr}\n${ctx()}`);
  return r.stdout;
}
const json = async (args: string[]) => JSON.parse(await kubectl([...args, '-o', 'json']));

const deployment = JSON.stringify({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'survivor' },
  spec: {
    replicas: 3, selector: { matchLabels: { app: 'survivor' } },
    template: {
      metadata: { labels: { app: 'survivor' } },
      spec: {
        containers: [{ name: 'app', image: 'nginx:1.27' }],
        tolerations: [
          { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 },
          { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 },
        ],
      },
    },
  },
});

test('node IPAM assigns each node a /24 of the pod network and the controller manager holds its Lease', async () => {
  const cidr = await until('a podCIDR on doomed-0', async () => (await kubectl(['get', 'node', 'doomed-0', '-o', 'jsonpath={.spec.podCIDR}'])).trim() || undefined);
  assert.match(cidr, /^10\.42\.\d+\.0\/24$/);
  const lease = await json(['get', 'lease', '-n', 'kube-system', 'kube-controller-manager']);
  assert.ok(lease.spec.holderIdentity, 'a holder');
  assert.equal(lease.spec.leaseDurationSeconds, 15);
});

test('a node that stops heartbeating turns Unknown, is tainted, and its pods move to other nodes', { timeout: 180_000 }, async () => {
  await kubectl(['apply', '-f', '-'], deployment);
  await until('3 survivor pods running on doomed-0', async () => {
    const pods = (await json(['get', 'pods', '-l', 'app=survivor'])).items;
    return pods.length === 3 && pods.every((p: any) => p.spec.nodeName === 'doomed-0' && p.status.phase === 'Running') ? true : undefined;
  }, 60_000, ctx);
  healthy = await startSimProcess(cluster.kubeconfig, 2, 'healthy-');
  const killedAt = Date.now();
  await doomed.kill();

  const node = await until('doomed-0 Ready=Unknown', async () => {
    const n = await json(['get', 'node', 'doomed-0']);
    return n.status.conditions.find((c: any) => c.type === 'Ready')?.status === 'Unknown' ? n : undefined;
  }, 90_000, ctx);
  // Not before the 40 s grace period (the lease was renewed up to 10 s before the kill).
  assert.ok(Date.now() - killedAt >= 29_000, `Unknown after only ${Date.now() - killedAt} ms`);
  const ready = node.status.conditions.find((c: any) => c.type === 'Ready');
  assert.equal(ready.reason, 'NodeStatusUnknown');
  assert.equal(ready.message, 'Kubelet stopped posting node status.');
  for (const c of node.status.conditions) assert.equal(c.status, 'Unknown', `${c.type} is Unknown too`);
  const taints = await until('unreachable taints', async () => {
    const t = (await json(['get', 'node', 'doomed-0'])).spec.taints ?? [];
    return t.length >= 2 ? t : undefined;
  }, 20_000, ctx);
  assert.deepEqual(taints.map((t: any) => `${t.key}:${t.effect}`).sort(),
    ['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
  assert.ok(taints.find((t: any) => t.effect === 'NoExecute').timeAdded, 'NoExecute taint has timeAdded');
  assert.match(await kubectl(['get', 'nodes']), /doomed-0\s+NotReady/);

  // After the 5 s toleration the pods are evicted and the ReplicaSet replaces them on the healthy nodes.
  await until('3 available replicas on healthy nodes', async () => {
    const pods = (await json(['get', 'pods', '-l', 'app=survivor'])).items;
    const live = pods.filter((p: any) => !p.metadata.deletionTimestamp);
    const moved = live.length === 3 && live.every((p: any) => p.spec.nodeName?.startsWith('healthy-') && p.status.phase === 'Running');
    return moved ? true : undefined;
  }, 60_000, ctx);
  const old = (await json(['get', 'pods', '-l', 'app=survivor'])).items.filter((p: any) => p.spec.nodeName === 'doomed-0');
  for (const p of old) {
    assert.ok(p.metadata.deletionTimestamp, `${p.metadata.name} is being deleted`);
    assert.ok(p.status.conditions.some((c: any) => c.type === 'DisruptionTarget' && c.reason === 'DeletionByTaintManager'));
  }
  const dep = await json(['get', 'deployment', 'survivor']);
  assert.equal(dep.status.availableReplicas, 3);
});

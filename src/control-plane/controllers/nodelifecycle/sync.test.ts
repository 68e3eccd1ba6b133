import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../../base/clock.ts';
import { nullLogger } from '../../../base/logger.ts';
import type { KObject } from '../../../api/types.ts';
import { MemoryClient } from '../workload-common/testing/memory-client.ts';
import type { HealthRecord } from './health.ts';
import { syncNode } from './sync.ts';
import { evictionTime } from './tolerations.ts';

const NODES = { group: '', version: 'v1', plural: 'nodes' };
const PODS = { group: '', version: 'v1', plural: 'pods' };
const LEASES = { group: 'coordination.k8s.io', version: 'v1', plural: 'leases' };

function setup() {
  const clock = new FakeClock();
  const c = new MemoryClient(clock);
  const iso = () => new Date(clock.now()).toISOString();
  c.put(NODES, { metadata: { name: 'n1' }, spec: {}, status: { conditions: [
    { type: 'Ready', status: 'True', lastHeartbeatTime: iso() }, { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: iso() },
  ] } });
  c.put(LEASES, { metadata: { name: 'n1', namespace: 'kube-node-lease' }, spec: { renewTime: iso() } });
  const pod = (name: string, tolerations: unknown[]) => c.put(PODS, {
    metadata: { name, namespace: 'default' }, spec: { nodeName: 'n1', tolerations },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
  });
  pod('intolerant', []);
  pod('patient', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }]);
  pod('forever', [{ operator: 'Exists' }]);
  const health = new Map<string, HealthRecord>();
  const deps = {
    client: c, nodes: c.view(NODES), leases: c.view(LEASES), podsOn: (n: string) => c.objects(PODS, 'default').filter((p) => p.spec.nodeName === n),
    now: () => clock.now(), grace: { monitorMs: 40_000, startupMs: 60_000 }, monitorPeriodMs: 5_000, health, logger: nullLogger,
  };
  const renew = () => c.put(LEASES, { metadata: { name: 'n1', namespace: 'kube-node-lease' }, spec: { renewTime: iso() } });
  return { clock, c, deps, renew, node: () => c.objects(NODES)[0] as KObject, pods: () => c.objects(PODS, 'default') };
}

test('a node renewing its lease stays Ready and untainted', async () => {
  const t = setup();
  for (let i = 0; i < 10; i++) {
    const r = await syncNode(t.deps, 'n1');
    assert.ok(r && r.requeueAfterMs! > 0);
    t.clock.step(10_000);
    t.renew();
  }
  assert.equal(t.node().status.conditions[0].status, 'True');
  assert.equal(t.node().spec.taints, undefined);
});

test('a silent node turns Unknown after the grace period, is tainted, and its pods are evicted per toleration', async () => {
  const t = setup();
  await syncNode(t.deps, 'n1');
  t.clock.step(39_000);
  await syncNode(t.deps, 'n1');
  assert.equal(t.node().status.conditions[0].status, 'True', 'still within the grace period');
  t.clock.step(2_000);
  const r = await syncNode(t.deps, 'n1');
  const conds = t.node().status.conditions;
  assert.deepEqual(conds.map((x: KObject) => [x.type, x.status, x.reason, x.message]), [
    ['Ready', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.'],
    ['MemoryPressure', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.'],
    ['DiskPressure', 'Unknown', 'NodeStatusNeverUpdated', 'Kubelet never posted node status.'],
    ['PIDPressure', 'Unknown', 'NodeStatusNeverUpdated', 'Kubelet never posted node status.'],
  ]);
  assert.deepEqual(t.node().spec.taints.map((x: KObject) => `${x.key}:${x.effect}`),
    ['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
  // The intolerant pod goes at once; all pods were marked not ready first.
  const deleting = t.c.writes.filter((w) => w.verb === 'delete').map((w) => w.name);
  assert.deepEqual(deleting, ['intolerant']);
  assert.ok(t.pods().every((p) => p.status.conditions.find((x: KObject) => x.type === 'Ready').status === 'False'));
  assert.ok(r && r.requeueAfterMs! <= 30_000);
  t.clock.step(30_000);
  await syncNode(t.deps, 'n1');
  assert.deepEqual(t.c.writes.filter((w) => w.verb === 'delete').map((w) => w.name), ['intolerant', 'patient']);
  assert.deepEqual(t.pods().map((p) => p.metadata.name), ['forever']);

  // The kubelet comes back: renewed lease and Ready=True remove the taints.
  t.renew();
  const n = structuredClone(t.node());
  n.status.conditions[0] = { type: 'Ready', status: 'True', lastHeartbeatTime: new Date(t.clock.now()).toISOString() };
  t.c.put(NODES, n);
  await syncNode(t.deps, 'n1');
  assert.equal(t.node().spec.taints, undefined);
});

test('a node saying Ready=False gets not-ready taints; cordoned nodes get unschedulable', async () => {
  const t = setup();
  const n = structuredClone(t.node());
  n.status.conditions[0].status = 'False';
  n.spec.unschedulable = true;
  t.c.put(NODES, n);
  await syncNode(t.deps, 'n1');
  assert.deepEqual(t.node().spec.taints.map((x: KObject) => `${x.key}:${x.effect}`), [
    'node.kubernetes.io/not-ready:NoSchedule', 'node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/unschedulable:NoSchedule',
  ]);
});

test('evictionTime: untolerated now, shortest bound otherwise, unbounded never', () => {
  const taint = { key: 'k', effect: 'NoExecute', timeAdded: '2026-01-01T00:00:00Z' };
  const since = () => 1000;
  const pod = (tolerations: unknown[]): KObject => ({ metadata: {}, spec: { tolerations } });
  assert.equal(evictionTime(pod([]), [taint], since), -Infinity);
  assert.equal(evictionTime(pod([{ key: 'k', operator: 'Exists', tolerationSeconds: 5 }, { key: 'k', operator: 'Exists', tolerationSeconds: 9 }]), [taint], since), 6000);
  assert.equal(evictionTime(pod([{ key: 'k', operator: 'Equal', value: 'x' }]), [taint], since), -Infinity);
  assert.equal(evictionTime(pod([{ key: 'k', operator: 'Exists' }]), [taint], since), undefined);
  assert.equal(evictionTime(pod([]), [{ key: 'k', effect: 'NoSchedule' }], since), undefined);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../base/clock.ts';
import { nullLogger } from '../../base/logger.ts';
import { MemoryClient } from '../testing/memory-client.ts';
import { NodeLease, microTime } from './lease.ts';
import { NodeStatusReporter } from './node-status.ts';
import { DEFAULT_CAPACITY } from './node-object.ts';

const node = { nodeName: 'n1', nodeIP: '10.0.0.5', capacity: DEFAULT_CAPACITY, containerRuntimeVersion: 'fake://0.1.0', controlPlane: true };

test('registration creates the Node with labels, addresses, nodeInfo and conditions', async () => {
  const client = new MemoryClient();
  const r = new NodeStatusReporter({ client, node, clock: new FakeClock(), logger: nullLogger });
  await r.register();
  const n = client.objects.get('nodes//n1')!;
  assert.equal(n.metadata.labels!['kubernetes.io/hostname'], 'n1');
  assert.equal(n.metadata.labels!['node-role.kubernetes.io/control-plane'], '');
  assert.equal(n.metadata.labels!['kubernetes.io/os'], 'linux');
  assert.deepEqual(n.status.addresses, [{ type: 'InternalIP', address: '10.0.0.5' }, { type: 'Hostname', address: 'n1' }]);
  assert.equal(n.status.capacity.pods, '110');
  assert.equal(n.status.nodeInfo.kubeletVersion, 'v1.32.0-k8ts');
  assert.equal(n.status.nodeInfo.containerRuntimeVersion, 'fake://0.1.0');
  assert.deepEqual(n.status.conditions.map((c: { type: string; status: string }) => `${c.type}=${c.status}`),
    ['MemoryPressure=False', 'DiskPressure=False', 'PIDPressure=False', 'Ready=True']);
});

test('status is written only when changed or every report interval', async () => {
  const client = new MemoryClient();
  const clock = new FakeClock();
  const r = new NodeStatusReporter({ client, node, clock, logger: nullLogger, reportIntervalMs: 300_000 });
  await r.register();
  for (let i = 0; i < 10; i++) { clock.step(10_000); await r.tick(); }
  assert.equal(client.writes.length, 1);
  clock.step(300_000);
  await r.tick();
  assert.equal(client.writes.length, 2);
  const ready = client.objects.get('nodes//n1')!.status.conditions[3];
  assert.equal(ready.lastHeartbeatTime, new Date(clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'));
  // Re-registering an existing node adopts it and writes its status.
  const again = new NodeStatusReporter({ client, node, clock, logger: nullLogger });
  await again.register();
  assert.equal(client.writes.at(-1)?.verb, 'patch/status');
});

test('the lease is created once, then renewed with one update per call; a conflict re-reads', async () => {
  const client = new MemoryClient();
  const clock = new FakeClock();
  const lease = new NodeLease({ client, nodeName: 'n1', clock, nodeUid: 'node-uid' });
  await lease.renew();
  clock.step(10_000);
  await lease.renew();
  const l = client.objects.get('leases/kube-node-lease/n1')!;
  assert.equal(l.spec.holderIdentity, 'n1');
  assert.equal(l.spec.leaseDurationSeconds, 40);
  assert.equal(l.spec.renewTime, microTime(clock.now()));
  assert.match(l.spec.renewTime, /\.\d{6}Z$/);
  assert.equal(l.metadata.ownerReferences?.[0]?.uid, 'node-uid');
  assert.deepEqual(client.writes.map((w) => w.verb), ['create', 'update']);
  // Someone else wrote it: our cached resourceVersion is stale.
  await client.update({ group: 'coordination.k8s.io', version: 'v1', plural: 'leases', namespace: 'kube-node-lease' }, { ...l });
  clock.step(10_000);
  await lease.renew();
  assert.equal(client.objects.get('leases/kube-node-lease/n1')!.spec.renewTime, microTime(clock.now()));
});

/**
 * Issue 5: the scheduler holds the Lease kube-system/kube-scheduler, so two
 * control planes never both schedule. Two schedulers as `k8ts init` starts
 * them (realControlPlaneDeps.startScheduler) against one control plane whose
 * own scheduler is disabled (the second one wrapped so the test sees when it
 * starts scheduling): one pod gets exactly one Scheduled event, from the
 * leader, while the other never starts; stopping the leader hands
 * scheduling over to the other.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type Cluster } from './helpers/cluster.ts';
import { createClient } from '../../src/client/rest-client.ts';
import type { KubeClient } from '../../src/client/types.ts';
import type { KObject } from '../../src/api/types.ts';
import { nullLogger } from '../../src/base/logger.ts';
import { realControlPlaneDeps } from '../../src/cluster/control-plane-deps.ts';
import { startElectedScheduler } from '../../src/cluster/scheduler-election.ts';
import { startScheduler } from '../../src/control-plane/scheduler/scheduler.ts';

let cluster: Cluster;
let client: KubeClient;
const PODS = { group: '', version: 'v1', plural: 'pods', namespace: 'default' };
const LEASE = { group: 'coordination.k8s.io', version: 'v1', plural: 'leases', namespace: 'kube-system', name: 'kube-scheduler' };

before(async () => {
  cluster = await startCluster({ extraArgs: ['--disable', 'scheduler'] });
  client = createClient({ ...cluster.conn });
  const res = { cpu: '4', memory: '8Gi', pods: '110' };
  await client.create({ group: '', version: 'v1', plural: 'nodes' }, {
    apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', labels: { 'kubernetes.io/hostname': 'n1' } },
    status: { capacity: res, allocatable: res, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'ok' }] },
  });
});
after(async () => {
  client?.close();
  await cluster?.dispose();
});

const startReal = (identity: string) => realControlPlaneDeps.startScheduler!({
  server: cluster.conn.server, caPem: cluster.conn.ca, certPem: cluster.conn.cert, keyPem: cluster.conn.key, logger: nullLogger, leaderIdentity: identity,
});

async function boundNode(name: string, timeoutMs = 20_000): Promise<string> {
  for (const end = Date.now() + timeoutMs; ;) {
    const p = await client.get({ ...PODS, name });
    if (p.spec?.nodeName) return p.spec.nodeName as string;
    assert.ok(Date.now() < end, `pod ${name} was never scheduled`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function scheduledEvents(pod: string): Promise<KObject[]> {
  const evs = await client.list({ group: '', version: 'v1', plural: 'events', namespace: 'default' });
  return evs.items.filter((e) => e.involvedObject?.name === pod && e.reason === 'Scheduled');
}

const pod = (name: string): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });

test('two schedulers: only the Lease holder schedules, and the other takes over when it stops', async () => {
  const a = await startReal('cp-a');
  let bStarts = 0;
  const b = await startElectedScheduler({
    client, logger: nullLogger, identity: 'cp-b',
    start: () => { bStarts++; return startScheduler({ client, logger: nullLogger }); },
  });
  try {
    assert.equal((await client.get(LEASE)).spec.holderIdentity, 'cp-a');
    await client.create(PODS, pod('one'));
    assert.equal(await boundNode('one'), 'n1');
    await new Promise((r) => setTimeout(r, 1000)); // room for a second scheduler's event, if there were one
    const evs = await scheduledEvents('one');
    assert.equal(evs.length, 1, JSON.stringify(evs));
    assert.equal(evs[0]!.count ?? 1, 1);
    assert.equal(bStarts, 0, 'the candidate without the Lease must not schedule');

    // The leader releases the Lease on stop; the other candidate takes it within a retry period.
    await a.stop();
    await client.create(PODS, pod('two'));
    assert.equal(await boundNode('two'), 'n1');
    assert.equal((await client.get(LEASE)).spec.holderIdentity, 'cp-b');
    assert.equal(bStarts, 1);
    assert.equal((await scheduledEvents('two')).length, 1);
  } finally {
    await a.stop();
    await b.stop();
  }
});

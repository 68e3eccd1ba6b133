import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../../base/clock.ts';
import { nullLogger } from '../../../base/logger.ts';
import type { KObject } from '../../../api/types.ts';
import { Expectations } from '../workload-common/expectations.ts';
import { MemoryClient } from '../workload-common/testing/memory-client.ts';
import { CONTROLLER_REVISIONS, PODS, PVCS, STATEFULSETS } from '../workload-common/resources.ts';
import { syncStatefulSet, type StatefulSetDeps } from './sync.ts';

function setup(spec: Record<string, unknown> = {}) {
  const clock = new FakeClock();
  const c = new MemoryClient(clock);
  const exp = new Expectations(clock);
  const d: StatefulSetDeps = { client: c, logger: nullLogger, clock, sets: c.view(STATEFULSETS), pods: c.view(PODS),
    claims: c.view(PVCS), revisions: c.view(CONTROLLER_REVISIONS), expectations: exp };
  c.put(STATEFULSETS, { metadata: { name: 'web', namespace: 'ns' }, spec: {
    replicas: 3, podManagementPolicy: 'OrderedReady', serviceName: 'nginx', selector: { matchLabels: { app: 'web' } },
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } }, revisionHistoryLimit: 10,
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1' }] } },
    volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'] } }], ...spec } });
  const sync = async () => { const r = await syncStatefulSet(d, 'ns/web'); exp.delete('ns/web'); return r; };
  const names = () => c.objects(PODS, 'ns').map((p) => p.metadata.name);
  const ready = (name: string) => {
    const p = c.view(PODS).get(name, 'ns') as KObject;
    c.put(PODS, { ...p, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } });
  };
  const set = () => c.view(STATEFULSETS).get('web', 'ns') as KObject;
  return { c, clock, sync, names, ready, set };
}

test('OrderedReady creates web-0, web-1, web-2 one at a time, each after the previous is ready, with claims', async () => {
  const t = setup();
  await t.sync();
  assert.deepEqual(t.names(), ['web-0']);
  await t.sync();
  assert.deepEqual(t.names(), ['web-0'], 'waits for web-0 to be Running and Ready');
  t.ready('web-0');
  await t.sync();
  assert.deepEqual(t.names(), ['web-0', 'web-1']);
  t.ready('web-1');
  await t.sync();
  t.ready('web-2');
  await t.sync();
  assert.deepEqual(t.names(), ['web-0', 'web-1', 'web-2']);
  assert.deepEqual(t.c.objects(PVCS, 'ns').map((p) => p.metadata.name), ['data-web-0', 'data-web-1', 'data-web-2']);
  assert.deepEqual(t.c.objects(PVCS, 'ns')[0]?.metadata.labels, { app: 'web' });
  const p1 = t.c.view(PODS).get('web-1', 'ns') as KObject;
  assert.equal(p1.spec.hostname, 'web-1');
  assert.equal(p1.spec.subdomain, 'nginx');
  assert.deepEqual(p1.spec.volumes, [{ name: 'data', persistentVolumeClaim: { claimName: 'data-web-1' } }]);
  assert.equal(p1.metadata.labels?.['statefulset.kubernetes.io/pod-name'], 'web-1');
  assert.equal(p1.metadata.labels?.['apps.kubernetes.io/pod-index'], '1');
  const rev = t.c.objects(CONTROLLER_REVISIONS, 'ns');
  assert.equal(rev.length, 1);
  assert.equal(p1.metadata.labels?.['controller-revision-hash'], rev[0]?.metadata.name);
  assert.match(rev[0]?.metadata.name ?? '', /^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
  const st = t.set().status;
  assert.equal(st.replicas, 3);
  assert.equal(st.readyReplicas, 3);
  assert.equal(st.updatedReplicas, 3);
  assert.equal(st.currentRevision, st.updateRevision);
});

test('Parallel creates all at once; scale down deletes from the highest ordinal', async () => {
  const t = setup({ podManagementPolicy: 'Parallel' });
  await t.sync();
  assert.deepEqual(t.names(), ['web-0', 'web-1', 'web-2']);
  t.c.put(STATEFULSETS, { ...t.set(), spec: { ...t.set().spec, replicas: 1 } });
  await t.sync();
  assert.deepEqual(t.names(), ['web-0']);
  const o = setup();
  for (const n of ['web-0', 'web-1', 'web-2']) { await o.sync(); o.ready(n); }
  o.c.put(STATEFULSETS, { ...o.set(), spec: { ...o.set().spec, replicas: 1 } });
  await o.sync();
  assert.deepEqual(o.names(), ['web-0', 'web-1'], 'OrderedReady removes web-2 first');
  await o.sync();
  assert.deepEqual(o.names(), ['web-0']);
});

test('RollingUpdate replaces pods in reverse ordinal order down to the partition', async () => {
  const t = setup();
  for (const n of ['web-0', 'web-1', 'web-2']) { await t.sync(); t.ready(n); }
  await t.sync();
  const oldRev = t.set().status.currentRevision as string;
  const s = t.set();
  t.c.put(STATEFULSETS, { ...s, metadata: { ...s.metadata, generation: 2 }, spec: { ...s.spec,
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } },
    template: { ...s.spec.template, spec: { containers: [{ name: 'c', image: 'nginx:2' }] } } } });
  await t.sync();
  assert.deepEqual(t.names(), ['web-0', 'web-1'], 'web-2 goes first');
  await t.sync();
  const p2 = t.c.view(PODS).get('web-2', 'ns') as KObject;
  assert.equal(p2.spec.containers[0].image, 'nginx:2');
  assert.notEqual(p2.metadata.labels?.['controller-revision-hash'], oldRev);
  await t.sync();
  assert.equal(t.names().length, 3, 'waits for web-2 to be ready');
  t.ready('web-2');
  await t.sync();
  assert.deepEqual(t.names(), ['web-0', 'web-2']);
  await t.sync();
  t.ready('web-1');
  await t.sync();
  assert.equal((t.c.view(PODS).get('web-0', 'ns') as KObject).spec.containers[0].image, 'nginx:1', 'below the partition');
  const st = t.set().status;
  assert.equal(st.currentRevision, oldRev);
  assert.equal(st.updatedReplicas, 2);
  assert.equal(st.currentReplicas, 1);
  assert.equal(st.observedGeneration, 2);
  assert.equal(t.c.objects(CONTROLLER_REVISIONS, 'ns').length, 2);
});

test('OnDelete leaves pods alone; a deleted pod comes back at the update revision; failed pods are replaced', async () => {
  const t = setup({ updateStrategy: { type: 'OnDelete' }, replicas: 1 });
  await t.sync();
  t.ready('web-0');
  const s = t.set();
  t.c.put(STATEFULSETS, { ...s, spec: { ...s.spec, template: { ...s.spec.template, spec: { containers: [{ name: 'c', image: 'nginx:2' }] } } } });
  await t.sync();
  assert.equal((t.c.view(PODS).get('web-0', 'ns') as KObject).spec.containers[0].image, 'nginx:1');
  await t.c.delete({ ...PODS, namespace: 'ns', name: 'web-0' });
  await t.sync();
  assert.equal((t.c.view(PODS).get('web-0', 'ns') as KObject).spec.containers[0].image, 'nginx:2');
  const p = t.c.view(PODS).get('web-0', 'ns') as KObject;
  t.c.put(PODS, { ...p, status: { phase: 'Failed' } });
  await t.sync();
  assert.deepEqual(t.names(), []);
  await t.sync();
  assert.deepEqual(t.names(), ['web-0']);
});

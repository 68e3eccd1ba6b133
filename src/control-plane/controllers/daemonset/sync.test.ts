import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../../base/clock.ts';
import { nullLogger } from '../../../base/logger.ts';
import type { KObject } from '../../../api/types.ts';
import { Expectations } from '../workload-common/expectations.ts';
import { MemoryClient } from '../workload-common/testing/memory-client.ts';
import { CONTROLLER_REVISIONS, DAEMONSETS, NODES, PODS } from '../workload-common/resources.ts';
import { syncDaemonSet, type DaemonSetDeps } from './sync.ts';
import { podNodeName } from './pod-template.ts';

function setup(spec: Record<string, unknown> = {}) {
  const clock = new FakeClock();
  const c = new MemoryClient(clock);
  const exp = new Expectations(clock);
  const d: DaemonSetDeps = { client: c, logger: nullLogger, clock, sets: c.view(DAEMONSETS), pods: c.view(PODS),
    nodes: c.view(NODES), revisions: c.view(CONTROLLER_REVISIONS), expectations: exp };
  c.put(DAEMONSETS, { metadata: { name: 'agent', namespace: 'ns' }, spec: {
    selector: { matchLabels: { app: 'agent' } }, revisionHistoryLimit: 10,
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
    template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'c', image: 'agent:1' }] } }, ...spec } });
  const sync = async () => { const r = await syncDaemonSet(d, 'ns/agent'); exp.delete('ns/agent'); return r; };
  const node = (name: string, labels: Record<string, string> = {}, taints: unknown[] = []) =>
    c.put(NODES, { metadata: { name, labels }, spec: { taints } });
  const placed = () => c.objects(PODS, 'ns').map((p) => podNodeName(p)).sort();
  const runAll = () => {
    for (const p of c.objects(PODS, 'ns')) {
      c.put(PODS, { ...p, spec: { ...p.spec, nodeName: podNodeName(p) }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } });
    }
  };
  const ds = () => c.view(DAEMONSETS).get('agent', 'ns') as KObject;
  return { c, sync, node, placed, runAll, ds };
}

test('one pod per node, following nodes as they join and leave, with daemon tolerations and node affinity', async () => {
  const t = setup();
  t.node('n1');
  t.node('n2');
  await t.sync();
  assert.deepEqual(t.placed(), ['n1', 'n2']);
  const p = t.c.objects(PODS, 'ns')[0] as KObject;
  assert.deepEqual(p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms,
    [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [podNodeName(p)] }] }]);
  const keys = (p.spec.tolerations as Array<{ key: string }>).map((x) => x.key);
  assert.ok(keys.includes('node.kubernetes.io/not-ready') && keys.includes('node.kubernetes.io/unschedulable'));
  assert.ok(!keys.includes('node.kubernetes.io/network-unavailable'), 'only for hostNetwork pods');
  assert.match(p.metadata.labels?.['controller-revision-hash'] ?? '', /^[a-z0-9]+$/);
  t.node('n3');
  await t.sync();
  assert.deepEqual(t.placed(), ['n1', 'n2', 'n3']);
  t.runAll();
  await t.c.delete({ ...NODES, name: 'n2' });
  await t.sync();
  assert.deepEqual(t.placed(), ['n1', 'n3']);
  await t.sync();
  const st = t.ds().status;
  assert.equal(st.desiredNumberScheduled, 2);
  assert.equal(st.currentNumberScheduled, 2);
  assert.equal(st.numberReady, 2);
  assert.equal(st.numberAvailable, 2);
  assert.equal(st.updatedNumberScheduled, 2);
  assert.equal(st.numberMisscheduled, 0);
});

test('nodeSelector and taints decide eligibility; a NoExecute taint evicts, a NoSchedule one does not', async () => {
  const t = setup({ template: { metadata: { labels: { app: 'agent' } },
    spec: { nodeSelector: { disk: 'ssd' }, containers: [{ name: 'c', image: 'agent:1' }] } } });
  t.node('ssd1', { disk: 'ssd' });
  t.node('hdd1', { disk: 'hdd' });
  t.node('ssd2', { disk: 'ssd' }, [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }]);
  await t.sync();
  assert.deepEqual(t.placed(), ['ssd1']);
  t.node('ssd1', { disk: 'ssd' }, [{ key: 'maint', effect: 'NoSchedule' }]);
  await t.sync();
  assert.deepEqual(t.placed(), ['ssd1'], 'NoSchedule keeps running pods');
  t.node('ssd1', { disk: 'ssd' }, [{ key: 'maint', effect: 'NoExecute' }]);
  await t.sync();
  assert.deepEqual(t.placed(), []);
  t.node('ssd1', { disk: 'hdd' });
  await t.sync();
  assert.deepEqual(t.placed(), []);
  t.node('hdd1', { disk: 'ssd' }, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]);
  await t.sync();
  assert.deepEqual(t.placed(), ['hdd1'], 'daemon pods tolerate unschedulable nodes');
});

test('RollingUpdate replaces at most maxUnavailable pods at a time and keeps a revision history', async () => {
  const t = setup();
  for (const n of ['n1', 'n2', 'n3']) t.node(n);
  await t.sync();
  t.runAll();
  const ds = t.ds();
  t.c.put(DAEMONSETS, { ...ds, metadata: { ...ds.metadata, generation: 2 }, spec: { ...ds.spec,
    template: { ...ds.spec.template, spec: { containers: [{ name: 'c', image: 'agent:2' }] } } } });
  await t.sync();
  assert.equal(t.c.objects(PODS, 'ns').length, 2, 'one old pod deleted');
  await t.sync();
  assert.equal(t.c.objects(PODS, 'ns').length, 3, 'its replacement created');
  await t.sync();
  assert.equal(t.c.objects(PODS, 'ns').length, 3, 'waits while the new pod is unavailable');
  for (let i = 0; i < 6; i++) { t.runAll(); await t.sync(); }
  const images = t.c.objects(PODS, 'ns').map((p) => p.spec.containers[0].image);
  assert.deepEqual(images, ['agent:2', 'agent:2', 'agent:2']);
  assert.equal(t.ds().status.updatedNumberScheduled, 3);
  assert.equal(t.c.objects(CONTROLLER_REVISIONS, 'ns').length, 2);
});

test('maxSurge starts the new pod before the old one goes', async () => {
  const t = setup({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } } });
  t.node('n1');
  await t.sync();
  t.runAll();
  const ds = t.ds();
  t.c.put(DAEMONSETS, { ...ds, spec: { ...ds.spec, template: { ...ds.spec.template, spec: { containers: [{ name: 'c', image: 'agent:2' }] } } } });
  await t.sync();
  assert.equal(t.c.objects(PODS, 'ns').length, 2);
  t.runAll();
  await t.sync();
  assert.deepEqual(t.c.objects(PODS, 'ns').map((p) => p.spec.containers[0].image), ['agent:2']);
});

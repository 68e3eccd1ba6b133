import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NodeInfo } from './node-info.ts';
import { newPodInfo } from './pod-info.ts';
import { Framework } from './framework.ts';
import { FitError } from './fit-error.ts';
import { defaultProfile } from './plugins/registry.ts';
import { preempt } from './preemption.ts';
import type { ClusterView, CycleState, Pod } from './types.ts';

const node = (name: string, cpu: string) => new NodeInfo({ metadata: { name, labels: {} }, status: { allocatable: { cpu, memory: '8Gi', pods: '110' } } });
const pod = (name: string, cpu: string, priority: number): Pod =>
  ({ metadata: { name, namespace: 'd', uid: name }, spec: { priority, containers: [{ name: 'c', image: 'x', resources: { requests: { cpu } } }] } });

function run(nodes: NodeInfo[], incoming: Pod) {
  const view: ClusterView = { nodes: () => nodes, namespaceLabels: () => undefined, havePodsWithAffinity: () => false, imageNodeCount: () => 0, nominatedPods: () => undefined };
  const fw = new Framework(defaultProfile());
  const info = newPodInfo(incoming, incoming.spec?.priority);
  const state: CycleState = new Map();
  try {
    fw.schedule(info, view, state);
  } catch (e) {
    assert.ok(e instanceof FitError);
    return preempt(fw, state, info, e.diagnosis, view);
  }
  throw new Error('pod fitted without preemption');
}

test('preemption picks the node with the least important victims and keeps the rest', () => {
  const a = node('a', '4');
  const b = node('b', '4');
  a.addPod(newPodInfo(pod('a-mid', '2', 50), 50));
  a.addPod(newPodInfo(pod('a-low', '2', 10), 10));
  b.addPod(newPodInfo(pod('b-low1', '2', 1), 1));
  b.addPod(newPodInfo(pod('b-low2', '1', 1), 1));
  b.addPod(newPodInfo(pod('b-high', '1', 500), 500));
  const out = run([a, b], pod('vip', '2', 100));
  assert.ok('result' in out);
  assert.equal(out.result.node, 'b');
  assert.deepEqual(out.result.victims.map((v) => v.key), ['d/b-low1']);
  // The what-if left the cache untouched.
  assert.equal(a.pods.size, 2);
  assert.equal(b.pods.size, 3);
  assert.equal(b.requested.milliCPU, 4000);
});

test('no victims: upstream message', () => {
  const a = node('a', '2');
  a.addPod(newPodInfo(pod('same', '2', 100), 100));
  const out = run([a, node('b', '1')], pod('vip', '2', 100));
  assert.ok('message' in out);
  assert.equal(out.message, 'preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod');
});

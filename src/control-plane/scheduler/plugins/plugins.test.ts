import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NodeInfo } from '../node-info.ts';
import { newPodInfo } from '../pod-info.ts';
import type { ClusterView, CycleState, Node, Pod } from '../types.ts';
import { defaultProfile } from './registry.ts';
import { Framework } from '../framework.ts';
import { FitError } from '../fit-error.ts';

/** A node with resources and labels. */
function mkNode(name: string, o: { cpu?: string; memory?: string; pods?: string; labels?: Record<string, string>; taints?: unknown[];
  unschedulable?: boolean; extra?: Record<string, string> } = {}): Node {
  const res = { cpu: o.cpu ?? '4', memory: o.memory ?? '8Gi', pods: o.pods ?? '110', 'ephemeral-storage': '10Gi', ...o.extra };
  return { metadata: { name, labels: { 'kubernetes.io/hostname': name, ...o.labels } }, spec: { taints: o.taints, unschedulable: o.unschedulable },
    status: { allocatable: res, capacity: res } };
}

function mkPod(name: string, spec: Record<string, unknown> = {}, labels?: Record<string, string>, ns = 'default'): Pod {
  return { metadata: { name, namespace: ns, labels, uid: name }, spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec } };
}

const req = (cpu?: string, memory?: string, extra: Record<string, string> = {}): Record<string, unknown> =>
  ({ containers: [{ name: 'c', image: 'nginx', resources: { requests: { ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}), ...extra } } }] });

function world(nodes: Node[], existing: Array<[Pod, string]> = []): { view: ClusterView; infos: NodeInfo[] } {
  const infos = nodes.map((n) => new NodeInfo(n));
  for (const [p, n] of existing) infos.find((i) => i.name === n)?.addPod(newPodInfo(p, p.spec?.priority ?? 0));
  const view: ClusterView = {
    nodes: () => infos, namespaceLabels: () => ({}), havePodsWithAffinity: () => true,
    imageNodeCount: () => 0, nominatedPods: () => undefined,
  };
  return { view, infos };
}

/** Names of nodes where the pod passes every filter, or the failure reasons per node. */
function feasible(pod: Pod, nodes: Node[], existing: Array<[Pod, string]> = []): Record<string, string> {
  const { view, infos } = world(nodes, existing);
  const fw = new Framework(defaultProfile());
  const info = newPodInfo(pod, 0);
  const state: CycleState = new Map();
  const pre = fw.runPreFilters(state, info, view);
  const out: Record<string, string> = {};
  for (const n of infos) {
    const s = pre ?? fw.runFilters(state, info, n);
    out[n.name] = s ? s.reasons.join('; ') : 'ok';
  }
  return out;
}

const antiTerm = (app: string, key = 'kubernetes.io/hostname') => ({ labelSelector: { matchLabels: { app } }, topologyKey: key });

const CASES: Array<{ name: string; pod: Pod; nodes: Node[]; existing?: Array<[Pod, string]>; want: Record<string, string> }> = [
  { name: 'cpu and memory fit', pod: mkPod('p', req('3', '1Gi')), nodes: [mkNode('a', { cpu: '2' }), mkNode('b')],
    want: { a: 'Insufficient cpu', b: 'ok' } },
  { name: 'existing pods use room', pod: mkPod('p', req('2')), nodes: [mkNode('a'), mkNode('b')], existing: [[mkPod('x', req('3')), 'a']],
    want: { a: 'Insufficient cpu', b: 'ok' } },
  { name: 'init containers: max(sum(containers), max(init))', pod: mkPod('p', { ...req('1'), initContainers: [{ name: 'i', image: 'x', resources: { requests: { cpu: '3' } } }] }),
    nodes: [mkNode('a', { cpu: '2' }), mkNode('b', { cpu: '3' })], want: { a: 'Insufficient cpu', b: 'ok' } },
  { name: 'overhead counts', pod: mkPod('p', { ...req('1'), overhead: { cpu: '1500m' } }), nodes: [mkNode('a', { cpu: '2' })], want: { a: 'Insufficient cpu' } },
  { name: 'pods limit', pod: mkPod('p'), nodes: [mkNode('a', { pods: '1' })], existing: [[mkPod('x'), 'a']], want: { a: 'Too many pods' } },
  { name: 'extended resources', pod: mkPod('p', req(undefined, undefined, { 'example.com/gpu': '1' })),
    nodes: [mkNode('a'), mkNode('b', { extra: { 'example.com/gpu': '2' } })], want: { a: 'Insufficient example.com/gpu', b: 'ok' } },
  { name: 'memory and cpu both short', pod: mkPod('p', req('8', '16Gi')), nodes: [mkNode('a')], want: { a: 'Insufficient cpu; Insufficient memory' } },
  { name: 'nodeSelector', pod: mkPod('p', { nodeSelector: { disk: 'ssd' } }), nodes: [mkNode('a'), mkNode('b', { labels: { disk: 'ssd' } })],
    want: { a: "node(s) didn't match Pod's node affinity/selector", b: 'ok' } },
  { name: 'required node affinity In/Gt', pod: mkPod('p', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [
    { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1'] }, { key: 'gen', operator: 'Gt', values: ['3'] }] }] } } } }),
  nodes: [mkNode('a', { labels: { zone: 'z1', gen: '4' } }), mkNode('b', { labels: { zone: 'z1', gen: '3' } }), mkNode('c', { labels: { zone: 'z2', gen: '9' } })],
  want: { a: 'ok', b: "node(s) didn't match Pod's node affinity/selector", c: "node(s) didn't match Pod's node affinity/selector" } },
  { name: 'matchFields metadata.name', pod: mkPod('p', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [
    { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['b'] }] }] } } } }),
  nodes: [mkNode('a'), mkNode('b')], want: { a: "node(s) didn't match Pod's node affinity/selector", b: 'ok' } },
  { name: 'taints and tolerations', pod: mkPod('p', { tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule' }] }),
    nodes: [mkNode('a', { taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] }), mkNode('b', { taints: [{ key: 'o', value: 'w', effect: 'NoExecute' }] }),
      mkNode('c', { taints: [{ key: 'o', value: 'w', effect: 'PreferNoSchedule' }] })],
    want: { a: 'ok', b: 'node(s) had untolerated taint {o: w}', c: 'ok' } },
  { name: 'cordoned node', pod: mkPod('p'), nodes: [mkNode('a', { unschedulable: true })], want: { a: 'node(s) were unschedulable' } },
  { name: 'cordon tolerated', pod: mkPod('p', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] }),
    nodes: [mkNode('a', { unschedulable: true })], want: { a: 'ok' } },
  { name: 'host ports', pod: mkPod('p', { containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 80, hostPort: 80 }] }] }),
    nodes: [mkNode('a'), mkNode('b')], existing: [[mkPod('x', { containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 80, hostPort: 80, hostIP: '10.0.0.1' }] }] }), 'a']],
    want: { a: "node(s) didn't have free ports for the requested pod ports", b: 'ok' } },
  { name: 'host ports, other protocol', pod: mkPod('p', { containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 53, hostPort: 53, protocol: 'UDP' }] }] }),
    nodes: [mkNode('a')], existing: [[mkPod('x', { containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 53, hostPort: 53 }] }] }), 'a']], want: { a: 'ok' } },
  { name: 'pod anti-affinity', pod: mkPod('p', { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [antiTerm('web')] } } }, { app: 'web' }),
    nodes: [mkNode('a'), mkNode('b')], existing: [[mkPod('x', {}, { app: 'web' }), 'a']],
    want: { a: "node(s) didn't match pod anti-affinity rules", b: 'ok' } },
  { name: "existing pods' anti-affinity", pod: mkPod('p', {}, { app: 'db' }), nodes: [mkNode('a'), mkNode('b')],
    existing: [[mkPod('x', { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [antiTerm('db')] } } }), 'a']],
    want: { a: "node(s) didn't satisfy existing pods anti-affinity rules", b: 'ok' } },
  { name: 'pod affinity by zone', pod: mkPod('p', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [antiTerm('cache', 'zone')] } } }),
    nodes: [mkNode('a', { labels: { zone: '1' } }), mkNode('b', { labels: { zone: '1' } }), mkNode('c', { labels: { zone: '2' } })],
    existing: [[mkPod('x', {}, { app: 'cache' }), 'a']],
    want: { a: 'ok', b: 'ok', c: "node(s) didn't match pod affinity rules" } },
  { name: 'pod affinity: first of its group may go anywhere', pod: mkPod('p', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [antiTerm('g')] } } }, { app: 'g' }),
    nodes: [mkNode('a'), mkNode('b')], want: { a: 'ok', b: 'ok' } },
  { name: 'affinity in another namespace does not count', pod: mkPod('p', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [antiTerm('cache')] } } }),
    nodes: [mkNode('a')], existing: [[mkPod('x', {}, { app: 'cache' }, 'other'), 'a']], want: { a: "node(s) didn't match pod affinity rules" } },
  { name: 'topology spread (hard)', pod: mkPod('p', { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 's' } } }] }, { app: 's' }),
    nodes: [mkNode('a', { labels: { zone: '1' } }), mkNode('b', { labels: { zone: '2' } }), mkNode('c')],
    existing: [[mkPod('x', {}, { app: 's' }), 'a']],
    want: { a: "node(s) didn't match pod topology spread constraints", b: 'ok', c: "node(s) didn't match pod topology spread constraints (missing required label)" } },
];

for (const c of CASES) {
  test(`filters: ${c.name}`, () => {
    assert.deepEqual(feasible(c.pod, c.nodes, c.existing), c.want);
  });
}

function pick(pod: Pod, nodes: Node[], existing: Array<[Pod, string]> = []): string {
  const { view } = world(nodes, existing);
  return new Framework(defaultProfile(), 0, () => 0.99).schedule(newPodInfo(pod, 0), view).node;
}

test('scores: least allocated wins', () => {
  assert.equal(pick(mkPod('p', req('1')), [mkNode('a'), mkNode('b')], [[mkPod('x', req('3')), 'a']]), 'b');
});

test('scores: preferred node affinity, PreferNoSchedule taints, preferred pod affinity', () => {
  const pref = { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, preference: { matchExpressions: [{ key: 'fast', operator: 'Exists' }] } }] } } };
  assert.equal(pick(mkPod('p', pref), [mkNode('a'), mkNode('b', { labels: { fast: 'y' } })]), 'b');
  assert.equal(pick(mkPod('p'), [mkNode('a', { taints: [{ key: 'k', value: 'v', effect: 'PreferNoSchedule' }] }), mkNode('b')]), 'b');
  const near = { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: antiTerm('cache') }] } } };
  assert.equal(pick(mkPod('p', near), [mkNode('a'), mkNode('b')], [[mkPod('x', {}, { app: 'cache' }), 'b']]), 'b');
});

test('scores: soft topology spread prefers the emptier domain', () => {
  const spread = { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 's' } } }] };
  assert.equal(pick(mkPod('p', spread, { app: 's' }), [mkNode('a'), mkNode('b')], [[mkPod('x', {}, { app: 's' }), 'a'], [mkPod('y', {}, { app: 's' }), 'a']]), 'b');
});

test('FitError message in upstream form', () => {
  const { view } = world([mkNode('a', { cpu: '1' }), mkNode('b', { cpu: '1' }), mkNode('c', { taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] })]);
  try {
    new Framework(defaultProfile()).schedule(newPodInfo(mkPod('p', req('2')), 0), view);
    assert.fail('should not fit');
  } catch (e) {
    assert.ok(e instanceof FitError);
    assert.equal(e.describe(), '0/3 nodes are available: 1 node(s) had untolerated taint {k: v}, 2 Insufficient cpu.');
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KObject } from '../../api/types.ts';
import { podCgroupParent, sandboxConfig } from './runtime-config.ts';

const pod = (resources: Record<string, unknown>[]): KObject => ({
  metadata: { name: 'p', namespace: 'ns', uid: 'u1' },
  spec: { containers: resources.map((r, i) => ({ name: `c${i}`, image: 'x', resources: r })) },
}) as unknown as KObject;

test('pod cgroups follow upstream QoS layout under the node root', () => {
  const cpuMem = { cpu: '100m', memory: '64Mi' };
  assert.equal(podCgroupParent('/k8ts', pod([{ requests: cpuMem, limits: cpuMem }])), '/k8ts/podu1');
  assert.equal(podCgroupParent('/k8ts/', pod([{ requests: { cpu: '100m' } }])), '/k8ts/burstable/podu1');
  assert.equal(podCgroupParent('/k8ts', pod([{}])), '/k8ts/besteffort/podu1');
});

test('the sandbox config carries the cgroup parent only when the node has a pod root', () => {
  assert.equal(sandboxConfig(pod([{}]), 0, { cgroupRoot: '/k8ts' }).linux?.cgroupParent, '/k8ts/besteffort/podu1');
  assert.equal(sandboxConfig(pod([{}]), 0, {}).linux?.cgroupParent, undefined);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KObject } from '../../../api/types.ts';
import { computeSubsets } from './subsets.ts';

const svc = (spec: Record<string, unknown>): KObject => ({ metadata: { name: 's', namespace: 'ns' }, spec: { selector: { app: 'a' }, ...spec } });
const pod = (name: string, ip: string | undefined, ready: boolean, extra: Record<string, unknown> = {}, port = 8080): KObject => ({
  metadata: { name, namespace: 'ns', uid: `u-${name}`, labels: { app: 'a' }, ...(extra.meta as object ?? {}) },
  spec: { nodeName: 'n1', containers: [{ name: 'c', ports: [{ name: 'http', containerPort: port }] }], ...(extra.spec as object ?? {}) },
  status: { phase: (extra.phase as string) ?? 'Running', podIP: ip, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});

test('ready and not-ready addresses, grouped by the port a named targetPort resolves to', () => {
  const s = svc({ ports: [{ name: 'web', port: 80, targetPort: 'http' }] });
  const { subsets } = computeSubsets(s, [pod('a', '10.0.0.2', true), pod('b', '10.0.0.1', false), pod('c', '10.0.0.3', true, {}, 9090), pod('d', undefined, true)]);
  assert.deepEqual(subsets.map((x) => [x.ports?.[0]?.port, x.addresses?.map((a) => a.ip), x.notReadyAddresses?.map((a) => a.ip)]), [
    [8080, ['10.0.0.2'], ['10.0.0.1']],
    [9090, ['10.0.0.3'], undefined],
  ]);
  assert.deepEqual(subsets[0]?.addresses?.[0]?.targetRef, { kind: 'Pod', namespace: 'ns', name: 'a', uid: 'u-a' });
  assert.equal(subsets[0]?.ports?.[0]?.name, 'web');
});

test('terminal and terminating pods are left out unless the Service publishes not-ready addresses', () => {
  const pods = [
    pod('done', '10.0.0.1', false, { phase: 'Succeeded', spec: { restartPolicy: 'Never' } }),
    pod('going', '10.0.0.2', true, { meta: { deletionTimestamp: '2026-01-01T00:00:00Z' } }),
    pod('slow', '10.0.0.3', false),
  ];
  assert.deepEqual(computeSubsets(svc({ ports: [{ port: 80, targetPort: 8080 }] }), pods).subsets[0]?.notReadyAddresses?.map((a) => a.ip), ['10.0.0.3']);
  const pub = computeSubsets(svc({ publishNotReadyAddresses: true, ports: [{ port: 80 }] }), pods).subsets[0];
  assert.deepEqual(pub?.addresses?.map((a) => a.ip), ['10.0.0.2', '10.0.0.3']);
});

test('headless Services without ports list pods, with hostnames for their subdomain', () => {
  const s = svc({ clusterIP: 'None' });
  const { subsets } = computeSubsets(s, [pod('a', '10.0.0.1', true, { spec: { hostname: 'a', subdomain: 's' } })]);
  assert.deepEqual(subsets, [{ addresses: [{ ip: '10.0.0.1', hostname: 'a', nodeName: 'n1', targetRef: { kind: 'Pod', namespace: 'ns', name: 'a', uid: 'u-a' } }] }]);
});

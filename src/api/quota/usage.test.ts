import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KObject } from '../types.ts';
import { formatUsage, matchesScopes, missingPodResources, objectUsage, prettyUsage } from './usage.ts';

const pod = (containers: unknown[], extra: Record<string, unknown> = {}): KObject => ({ metadata: { name: 'p' }, spec: { containers, ...extra }, status: { phase: 'Running' } });

test('a pod charges counts and its effective requests and limits', () => {
  const p = pod([{ resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } } }, { resources: { requests: { cpu: '250m' } } }],
    { initContainers: [{ resources: { requests: { cpu: '1' } } }] });
  assert.deepEqual(formatUsage(objectUsage('', 'pods', p)), {
    'count/pods': '1', cpu: '1', 'limits.memory': '128Mi', memory: '64Mi', pods: '1', 'requests.cpu': '1', 'requests.memory': '64Mi',
  });
  assert.deepEqual(formatUsage(objectUsage('', 'pods', { ...p, status: { phase: 'Succeeded' } })), {});
  assert.equal(prettyUsage(objectUsage('apps', 'deployments', { metadata: {} })), 'count/deployments.apps=1');
});

test('services, PVCs and scopes', () => {
  assert.deepEqual(formatUsage(objectUsage('', 'services', { metadata: {}, spec: { type: 'NodePort', ports: [{}, {}] } })),
    { 'count/services': '1', services: '1', 'services.nodeports': '2' });
  assert.deepEqual(formatUsage(objectUsage('', 'persistentvolumeclaims', { metadata: {}, spec: { storageClassName: 'fast', resources: { requests: { storage: '1Gi' } } } })), {
    'count/persistentvolumeclaims': '1', 'fast.storageclass.storage.k8s.io/persistentvolumeclaims': '1',
    'fast.storageclass.storage.k8s.io/requests.storage': '1Gi', persistentvolumeclaims: '1', 'requests.storage': '1Gi',
  });
  const q = (scopes: string[]): KObject => ({ metadata: {}, spec: { scopes } });
  assert.equal(matchesScopes(q(['BestEffort']), '', 'pods', pod([{}])), true);
  assert.equal(matchesScopes(q(['NotBestEffort']), '', 'pods', pod([{}])), false);
  assert.equal(matchesScopes(q(['Terminating']), '', 'pods', pod([{}], { activeDeadlineSeconds: 10 })), true);
  assert.equal(matchesScopes(q(['BestEffort']), '', 'configmaps', { metadata: {} }), false);
  assert.deepEqual(missingPodResources(pod([{ resources: { requests: { cpu: '1' } } }]), ['requests.cpu', 'limits.memory', 'pods']), ['limits.memory']);
});

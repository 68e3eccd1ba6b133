import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  certificateSigningRequestPrinter, clusterRoleBindingPrinter, endpointSlicePrinter, ingressClassPrinter, ingressPrinter,
  leasePrinter, networkPolicyPrinter, podDisruptionBudgetPrinter, priorityClassPrinter,
} from './cluster.ts';
import { horizontalPodAutoscalerPrinter } from './autoscaling.ts';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const metadata = { name: 'o', creationTimestamp: '2026-01-01T11:00:00Z' };

test('lease, endpointslice, bindings', () => {
  assert.deepEqual(leasePrinter.cells({ metadata, spec: { holderIdentity: 'node1' } }, NOW), ['o', 'node1', '60m']);
  const slice = { metadata, addressType: 'IPv4', ports: [{ port: 80 }, { name: 'x' }, {}], endpoints: [{ addresses: ['1.1.1.1', '2.2.2.2'] }, { addresses: ['3.3.3.3', '4.4.4.4'] }] };
  assert.deepEqual(endpointSlicePrinter.cells(slice, NOW), ['o', 'IPv4', '80,x,*', '1.1.1.1,2.2.2.2,3.3.3.3 + 1 more...', '60m']);
  assert.deepEqual(endpointSlicePrinter.cells({ metadata, addressType: 'IPv4' }, NOW).slice(2, 4), ['<unset>', '<unset>']);
  const crb = { metadata, roleRef: { kind: 'ClusterRole', name: 'admin' }, subjects: [{ kind: 'User', name: 'a' }, { kind: 'Group', name: 'g' }, { kind: 'ServiceAccount', namespace: 'kube-system', name: 'sa' }, { kind: 'User', name: 'b' }] };
  assert.deepEqual(clusterRoleBindingPrinter.cells(crb, NOW), ['o', 'ClusterRole/admin', '60m', 'a, b', 'g', 'kube-system:sa']);
});

test('pdb, priorityclass, csr', () => {
  assert.deepEqual(podDisruptionBudgetPrinter.cells({ metadata, spec: { minAvailable: '50%' }, status: { disruptionsAllowed: 1 } }, NOW), ['o', '50%', 'N/A', 1, '60m']);
  assert.deepEqual(priorityClassPrinter.cells({ metadata, value: 2000001000, globalDefault: false, preemptionPolicy: 'PreemptLowerPriority' }, NOW), ['o', 2000001000, false, '60m', 'PreemptLowerPriority']);
  const csr = { metadata, spec: { signerName: 'kubernetes.io/kube-apiserver-client', username: 'admin', expirationSeconds: 86400 }, status: { conditions: [{ type: 'Approved' }], certificate: 'LS0t' } };
  assert.deepEqual(certificateSigningRequestPrinter.cells(csr, NOW), ['o', '60m', 'kubernetes.io/kube-apiserver-client', 'admin', '24h', 'Approved,Issued']);
  assert.equal(certificateSigningRequestPrinter.cells({ metadata, spec: {} }, NOW)[5], 'Pending');
});

test('ingress, ingressclass, networkpolicy', () => {
  const ing = { metadata, spec: { ingressClassName: 'nginx', rules: [{ host: 'a.com' }, { host: 'b.com' }, {}, { host: 'd.com' }, { host: 'e.com' }], tls: [{}] }, status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } } };
  assert.deepEqual(ingressPrinter.cells(ing, NOW), ['o', 'nginx', 'a.com,b.com,d.com + 2 more...', '1.2.3.4', '80, 443', '60m']);
  assert.deepEqual(ingressPrinter.cells({ metadata, spec: {} }, NOW), ['o', '<none>', '*', '', '80', '60m']);
  assert.deepEqual(ingressClassPrinter.cells({ metadata, spec: { controller: 'k8s.io/ingress-nginx', parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'p' } } }, NOW),
    ['o', 'k8s.io/ingress-nginx', 'IngressParameters.k8s.example.com/p', '60m']);
  assert.deepEqual(networkPolicyPrinter.cells({ metadata, spec: { podSelector: {} } }, NOW), ['o', '<none>', '60m']);
  assert.deepEqual(networkPolicyPrinter.cells({ metadata, spec: { podSelector: { matchLabels: { app: 'db' } } } }, NOW), ['o', 'app=db', '60m']);
});

test('hpa v2 and v1', () => {
  const v2 = {
    metadata, spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5, metrics: [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '1Gi' } } },
      { type: 'Pods', pods: { target: { averageValue: '100' } } },
    ] },
    status: { currentReplicas: 2, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 40 } } }] },
  };
  assert.deepEqual(horizontalPodAutoscalerPrinter.cells(v2, NOW), ['o', 'Deployment/web', 'cpu: 40%/80%, memory: <unknown>/1Gi + 1 more...', '1', 5, 2, '60m']);
  const v1 = { metadata, spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 3, targetCPUUtilizationPercentage: 50 }, status: {} };
  assert.deepEqual(horizontalPodAutoscalerPrinter.cells(v1, NOW), ['o', 'Deployment/web', 'cpu: <unknown>/50%', '<unset>', 3, 0, '60m']);
  assert.equal(horizontalPodAutoscalerPrinter.cells({ metadata, spec: {} }, NOW)[2], '<none>');
});

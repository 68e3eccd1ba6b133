import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  configMapPrinter, endpointsPrinter, namespacePrinter, nodePrinter, secretPrinter, serviceAccountPrinter, servicePrinter,
} from './core.ts';

const NOW = Date.parse('2026-01-03T12:00:00Z');
const metadata = { name: 'x', creationTimestamp: '2026-01-01T09:00:00Z' };

test('services by type', () => {
  const svc = (spec: any, status: any = {}) => servicePrinter.cells({ metadata, spec, status }, NOW);
  assert.deepEqual(svc({ type: 'ClusterIP', clusterIP: '10.43.0.10', clusterIPs: ['10.43.0.10'], ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }], selector: { k8s: 'dns' } }),
    ['x', 'ClusterIP', '10.43.0.10', '<none>', '53/UDP,53/TCP', '2d3h', 'k8s=dns']);
  assert.deepEqual(svc({ type: 'NodePort', clusterIPs: ['10.43.0.5'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }], externalIPs: ['1.2.3.4'] }),
    ['x', 'NodePort', '10.43.0.5', '1.2.3.4', '80:30080/TCP', '2d3h', '<none>']);
  assert.equal(svc({ type: 'LoadBalancer', clusterIPs: ['10.43.0.6'], ports: [] })[3], '<pending>');
  assert.equal(svc({ type: 'LoadBalancer', clusterIPs: ['10.43.0.6'] }, { loadBalancer: { ingress: [{ ip: '5.6.7.8' }, { hostname: 'lb.example.com' }] } })[3], '5.6.7.8,lb.example.com');
  assert.equal(svc({ type: 'LoadBalancer', externalIPs: ['9.9.9.9'] }, { loadBalancer: { ingress: [{ ip: '5.6.7.8' }] } })[3], '5.6.7.8,9.9.9.9');
  assert.deepEqual(svc({ type: 'ExternalName', externalName: 'example.com' }).slice(1, 5), ['ExternalName', '<none>', 'example.com', '<none>']);
  assert.equal(svc({ type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'] })[2], 'None');
});

test('nodes: status, roles, wide info', () => {
  const node = {
    metadata: { ...metadata, labels: { 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/master': '', 'kubernetes.io/role': 'edge' } },
    spec: { unschedulable: true },
    status: {
      conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'True' }],
      addresses: [{ type: 'Hostname', address: 'h' }, { type: 'InternalIP', address: '192.168.1.5' }],
      nodeInfo: { kubeletVersion: 'v1.32.0', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.1.0', containerRuntimeVersion: 'containerd://1.7.0' },
    },
  };
  assert.deepEqual(nodePrinter.cells(node, NOW), ['x', 'Ready,SchedulingDisabled', 'control-plane,edge,master', '2d3h', 'v1.32.0', '192.168.1.5', '<none>', 'Debian GNU/Linux 12 (bookworm)', '6.1.0', 'containerd://1.7.0']);
  assert.deepEqual(nodePrinter.cells({ metadata, status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } }, NOW),
    ['x', 'NotReady', '<none>', '2d3h', '', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>']);
  assert.equal(nodePrinter.cells({ metadata }, NOW)[1], 'Unknown');
});

test('namespaces, configmaps, secrets, serviceaccounts', () => {
  assert.deepEqual(namespacePrinter.cells({ metadata, status: { phase: 'Active' } }, NOW), ['x', 'Active', '2d3h']);
  assert.deepEqual(configMapPrinter.cells({ metadata, data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }, NOW), ['x', 3, '2d3h']);
  assert.deepEqual(configMapPrinter.cells({ metadata }, NOW), ['x', 0, '2d3h']);
  assert.deepEqual(secretPrinter.cells({ metadata, type: 'Opaque', data: { a: 'YQ==' } }, NOW), ['x', 'Opaque', 1, '2d3h']);
  assert.deepEqual(serviceAccountPrinter.cells({ metadata }, NOW), ['x', 0, '2d3h']);
});

test('endpoints: three shown, then "+ N more..."', () => {
  const addresses = ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'].map((ip) => ({ ip }));
  assert.equal(endpointsPrinter.cells({ metadata, subsets: [{ addresses, ports: [{ port: 80 }] }] }, NOW)[1], '10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 1 more...');
  assert.equal(endpointsPrinter.cells({ metadata, subsets: [{ addresses: addresses.slice(0, 2) }] }, NOW)[1], '10.0.0.1,10.0.0.2');
  assert.equal(endpointsPrinter.cells({ metadata, subsets: [{ addresses: [{ ip: 'fd00::1' }], ports: [{ port: 443 }] }] }, NOW)[1], '[fd00::1]:443');
  assert.equal(endpointsPrinter.cells({ metadata }, NOW)[1], '<none>');
});

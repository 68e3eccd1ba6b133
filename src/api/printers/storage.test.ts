import { test } from 'node:test';
import assert from 'node:assert/strict';
import { persistentVolumeClaimPrinter, persistentVolumePrinter, resourceQuotaPrinter, storageClassPrinter } from './storage.ts';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const metadata = { name: 'v', creationTimestamp: '2026-01-01T11:00:00Z' };

test('persistent volumes and claims', () => {
  const pv = { metadata, spec: { capacity: { storage: '1.5Gi' }, accessModes: ['ReadWriteMany', 'ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', claimRef: { namespace: 'ns', name: 'c' }, storageClassName: 'local' }, status: { phase: 'Bound' } };
  assert.deepEqual(persistentVolumePrinter.cells(pv, NOW), ['v', '1536Mi', 'RWO,RWX', 'Retain', 'Bound', 'ns/c', 'local', '<unset>', '', '60m', '<unset>']);
  const pvc = { metadata, spec: { volumeName: 'v', storageClassName: 'local', volumeMode: 'Filesystem' }, status: { phase: 'Bound', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] } };
  assert.deepEqual(persistentVolumeClaimPrinter.cells(pvc, NOW), ['v', 'Bound', 'v', '1Gi', 'RWO', 'local', '<unset>', '60m', 'Filesystem']);
  const pending = { metadata: { ...metadata, annotations: { 'volume.beta.kubernetes.io/storage-class': 'old' } }, spec: { storageClassName: 'new' }, status: { phase: 'Pending' } };
  assert.deepEqual(persistentVolumeClaimPrinter.cells(pending, NOW), ['v', 'Pending', '', '', '', 'old', '<unset>', '60m', '<unset>']);
});

test('storage classes', () => {
  const sc = { metadata: { ...metadata, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'rancher.io/local-path', volumeBindingMode: 'WaitForFirstConsumer' };
  assert.deepEqual(storageClassPrinter.cells(sc, NOW), ['v (default)', 'rancher.io/local-path', 'Delete', 'WaitForFirstConsumer', false, '60m']);
});

test('resource quotas split requests and limits', () => {
  const rq = { metadata, status: { hard: { pods: '10', 'limits.cpu': '2', 'requests.memory': '1Gi' }, used: { pods: '3', 'requests.memory': '512Mi' } } };
  assert.deepEqual(resourceQuotaPrinter.cells(rq, NOW), ['v', 'pods: 3/10, requests.memory: 512Mi/1Gi', 'limits.cpu: 0/2', '60m']);
});

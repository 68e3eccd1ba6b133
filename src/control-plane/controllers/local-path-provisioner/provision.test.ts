import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KObject } from '../../../api/types.ts';
import { DEFAULT_CLASS_ANNOTATION, localPathStorageClass, volumeFor, wantsVolume } from './provision.ts';

const pvc = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'ns', uid: 'u-1' },
  spec: { storageClassName: 'local-path', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } } } as unknown as KObject;

test('the StorageClass is local-path, marked default', () => {
  const sc = localPathStorageClass();
  assert.equal(sc.metadata.name, 'local-path');
  assert.equal(sc.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION], 'true');
});

test('a pending local-path claim gets a hostPath PV under the storage dir, bound by claimRef', () => {
  assert.equal(wantsVolume(pvc), true);
  assert.equal(wantsVolume({ ...pvc, spec: { ...pvc.spec, volumeName: 'x' } } as KObject), false);
  assert.equal(wantsVolume({ ...pvc, spec: { ...pvc.spec, storageClassName: 'other' } } as KObject), false);
  const pv = volumeFor('/d/storage/', pvc);
  assert.equal(pv.metadata.name, 'pvc-u-1');
  assert.deepEqual(pv.spec?.hostPath, { path: '/d/storage/pvc-u-1_ns_data', type: 'DirectoryOrCreate' });
  assert.deepEqual(pv.spec?.capacity, { storage: '2Gi' });
  assert.equal((pv.spec?.claimRef as { uid: string }).uid, 'u-1');
});

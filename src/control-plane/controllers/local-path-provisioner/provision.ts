/**
 * Pure parts of the local-path provisioner: the default StorageClass, the
 * PersistentVolume made for a claim (hostPath under the storage directory,
 * named pvc-<claim uid> as upstream's provisioners name them) and the
 * bound claim's status.
 */
import type { KObject } from '../../../api/types.ts';

/** The StorageClass name and provisioner, as k3s ships them. */
export const LOCAL_PATH_CLASS = 'local-path';
export const LOCAL_PATH_PROVISIONER = 'rancher.io/local-path';
export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
/** Default storage directory when the controller manager is given none (DIR/storage of the default DIR). */
export const DEFAULT_STORAGE_DIR = '/var/lib/k8ts/storage';

/** The default StorageClass created at start. */
export function localPathStorageClass(): KObject {
  return {
    apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass',
    metadata: { name: LOCAL_PATH_CLASS, annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' } },
    provisioner: LOCAL_PATH_PROVISIONER, reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate',
  } as KObject;
}

/** Whether this provisioner serves the claim: class local-path, not bound, not being deleted. */
export function wantsVolume(pvc: KObject): boolean {
  return pvc.spec?.storageClassName === LOCAL_PATH_CLASS && !pvc.spec?.volumeName && !pvc.metadata.deletionTimestamp;
}

/** Directory of a claim's volume. */
export function volumePath(storageDir: string, pvc: KObject): string {
  return `${storageDir.replace(/\/+$/, '')}/pvc-${pvc.metadata.uid as string}_${pvc.metadata.namespace as string}_${pvc.metadata.name as string}`;
}

/** The PersistentVolume for a claim. */
export function volumeFor(storageDir: string, pvc: KObject, nodeName?: string): KObject {
  const storage = ((pvc.spec?.resources as { requests?: Record<string, string> } | undefined)?.requests?.storage) ?? '1Gi';
  const pv: KObject = {
    apiVersion: 'v1', kind: 'PersistentVolume',
    metadata: { name: `pvc-${pvc.metadata.uid as string}`, annotations: { 'pv.kubernetes.io/provisioned-by': LOCAL_PATH_PROVISIONER } },
    spec: {
      capacity: { storage },
      accessModes: pvc.spec?.accessModes ?? ['ReadWriteOnce'],
      persistentVolumeReclaimPolicy: 'Delete',
      storageClassName: LOCAL_PATH_CLASS,
      volumeMode: pvc.spec?.volumeMode ?? 'Filesystem',
      hostPath: { path: volumePath(storageDir, pvc), type: 'DirectoryOrCreate' },
      claimRef: { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: pvc.metadata.namespace, name: pvc.metadata.name, uid: pvc.metadata.uid },
    },
  } as KObject;
  if (nodeName) {
    (pv.spec as Record<string, unknown>).nodeAffinity = { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [nodeName] }] }] } };
  }
  return pv;
}

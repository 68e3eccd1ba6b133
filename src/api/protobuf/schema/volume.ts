/**
 * core/v1 pod volume messages (the common volume sources only; others are
 * skipped as unknown fields). Field lines: see ../types.ts.
 */
import type { SchemaSource } from '../types.ts';

export const volumeSchema: SchemaSource = {
  'core.Volume': ['1 name string!', '2 - core.VolumeSource'],
  'core.VolumeSource': [
    '1 hostPath core.HostPathVolumeSource?', '2 emptyDir core.EmptyDirVolumeSource?', '6 secret core.SecretVolumeSource?',
    '7 nfs core.NFSVolumeSource?', '10 persistentVolumeClaim core.PersistentVolumeClaimVolumeSource?',
    '16 downwardAPI core.DownwardAPIVolumeSource?', '19 configMap core.ConfigMapVolumeSource?',
    '26 projected core.ProjectedVolumeSource?', '28 csi core.CSIVolumeSource?',
  ],
  'core.HostPathVolumeSource': ['1 path string!', '2 type string?'],
  'core.EmptyDirVolumeSource': ['1 medium string', '2 sizeLimit Quantity?'],
  'core.SecretVolumeSource': ['1 secretName string', '2 items []core.KeyToPath', '3 defaultMode int32?', '4 optional bool?'],
  'core.KeyToPath': ['1 key string!', '2 path string!', '3 mode int32?'],
  'core.NFSVolumeSource': ['1 server string!', '2 path string!', '3 readOnly bool'],
  'core.PersistentVolumeClaimVolumeSource': ['1 claimName string!', '2 readOnly bool'],
  'core.DownwardAPIVolumeSource': ['1 items []core.DownwardAPIVolumeFile', '2 defaultMode int32?'],
  'core.DownwardAPIVolumeFile': [
    '1 path string!', '2 fieldRef core.ObjectFieldSelector?', '3 resourceFieldRef core.ResourceFieldSelector?', '4 mode int32?',
  ],
  'core.ConfigMapVolumeSource': ['1 - core.LocalObjectReference', '2 items []core.KeyToPath', '3 defaultMode int32?', '4 optional bool?'],
  'core.ProjectedVolumeSource': ['1 sources []core.VolumeProjection!', '2 defaultMode int32?'],
  'core.VolumeProjection': [
    '1 secret core.SecretProjection?', '2 downwardAPI core.DownwardAPIProjection?', '3 configMap core.ConfigMapProjection?',
    '4 serviceAccountToken core.ServiceAccountTokenProjection?',
  ],
  'core.SecretProjection': ['1 - core.LocalObjectReference', '2 items []core.KeyToPath', '4 optional bool?'],
  'core.ConfigMapProjection': ['1 - core.LocalObjectReference', '2 items []core.KeyToPath', '4 optional bool?'],
  'core.DownwardAPIProjection': ['1 items []core.DownwardAPIVolumeFile'],
  'core.ServiceAccountTokenProjection': ['1 audience string', '2 expirationSeconds int64?', '3 path string!'],
  'core.CSIVolumeSource': [
    '1 driver string!', '2 readOnly bool?', '3 fsType string?', '4 volumeAttributes map[string]string',
    '5 nodePublishSecretRef core.LocalObjectReference?',
  ],
};

/**
 * Tables of storage and quota kinds: PersistentVolume, PersistentVolumeClaim,
 * StorageClass, ResourceQuota. Amounts print in canonical quantity form.
 */
import type { KObject, Printer } from '../types.ts';
import { tryParseQuantity, formatQuantity } from '../quantity.ts';
import { AGE_COL, NAME_COL, col, str, wide } from './columns.ts';
import { since } from './duration.ts';

/** Canonical quantity text; absent amounts print as the zero quantity "0". */
export function quantityString(v: unknown): string {
  if (v === undefined || v === null) return '0';
  const q = tryParseQuantity(v as string | number);
  return q ? formatQuantity(q) : String(v);
}

/** "RWO,ROX,RWX,RWOP" in that fixed order (GetAccessModesAsString). */
export function accessModes(modes: unknown): string {
  if (!Array.isArray(modes)) return '';
  const out: string[] = [];
  if (modes.includes('ReadWriteOnce')) out.push('RWO');
  if (modes.includes('ReadOnlyMany')) out.push('ROX');
  if (modes.includes('ReadWriteMany')) out.push('RWX');
  if (modes.includes('ReadWriteOncePod')) out.push('RWOP');
  return out.join(',');
}

/** The beta annotation still wins over spec.storageClassName, as upstream's helpers. */
const CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';
function storageClassOf(o: KObject): string {
  const ann = o.metadata.annotations;
  if (ann && Object.prototype.hasOwnProperty.call(ann, CLASS_ANNOTATION)) return ann[CLASS_ANNOTATION];
  return str(o.spec?.storageClassName);
}

const phaseOf = (o: KObject) => (o.metadata.deletionTimestamp ? 'Terminating' : str(o.status?.phase));

/** PersistentVolumes. */
export const persistentVolumePrinter: Printer = {
  columns: [
    NAME_COL,
    col('Capacity', 'string', 'capacity is the description of the persistent volume\'s resources and capacity.'),
    col('Access Modes', 'string', 'accessModes contains all ways the volume can be mounted.'),
    col('Reclaim Policy', 'string', 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.'),
    col('Status', 'string', 'phase indicates if a volume is available, bound to a claim, or released by a claim.'),
    col('Claim', 'string', 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.'),
    col('StorageClass', 'string', 'StorageClass of the pv'),
    col('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
    col('Reason', 'string', 'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.'),
    AGE_COL,
    wide('VolumeMode', 'string', 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.'),
  ],
  cells(o, now) {
    const spec = o.spec ?? {};
    const claim = spec.claimRef ? `${str(spec.claimRef.namespace)}/${str(spec.claimRef.name)}` : '';
    return [
      o.metadata.name ?? '', quantityString(spec.capacity?.storage), accessModes(spec.accessModes),
      str(spec.persistentVolumeReclaimPolicy), phaseOf(o), claim, storageClassOf(o),
      spec.volumeAttributesClassName ?? '<unset>', str(o.status?.reason), since(o.metadata.creationTimestamp, now),
      spec.volumeMode ?? '<unset>',
    ];
  },
};

/** PersistentVolumeClaims: capacity and modes only once bound to a volume. */
export const persistentVolumeClaimPrinter: Printer = {
  columns: [
    NAME_COL,
    col('Status', 'string', 'phase represents the current phase of PersistentVolumeClaim.'),
    col('Volume', 'string', 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
    col('Capacity', 'string', 'capacity represents the actual resources of the underlying volume.'),
    col('Access Modes', 'string', 'accessModes contains the actual access modes the volume backing the PVC has.'),
    col('StorageClass', 'string', 'StorageClass of the pvc'),
    col('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    AGE_COL,
    wide('VolumeMode', 'string', 'volumeMode defines what type of volume is required by the claim.'),
  ],
  cells(o, now) {
    const spec = o.spec ?? {};
    const bound = !!spec.volumeName;
    return [
      o.metadata.name ?? '', phaseOf(o), str(spec.volumeName), bound ? quantityString(o.status?.capacity?.storage) : '',
      bound ? accessModes(o.status?.accessModes) : '', storageClassOf(o), spec.volumeAttributesClassName ?? '<unset>',
      since(o.metadata.creationTimestamp, now), spec.volumeMode ?? '<unset>',
    ];
  },
};

/** StorageClasses: " (default)" marks the default class. */
export const storageClassPrinter: Printer = {
  columns: [
    NAME_COL,
    col('Provisioner', 'string', 'provisioner indicates the type of the provisioner.'),
    col('ReclaimPolicy', 'string', 'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete.'),
    col('VolumeBindingMode', 'string', 'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.  When unset, VolumeBindingImmediate is used. This field is only honored by servers that enable the VolumeScheduling feature.'),
    col('AllowVolumeExpansion', 'string', 'allowVolumeExpansion shows whether the storage class allow volume expand.'),
    AGE_COL,
  ],
  cells(o, now) {
    const ann = o.metadata.annotations ?? {};
    const isDefault = ann['storageclass.kubernetes.io/is-default-class'] === 'true' ||
      ann['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
    return [
      (o.metadata.name ?? '') + (isDefault ? ' (default)' : ''), str(o.provisioner), o.reclaimPolicy ?? 'Delete',
      o.volumeBindingMode ?? 'Immediate', o.allowVolumeExpansion === true, since(o.metadata.creationTimestamp, now),
    ];
  },
};

/** ResourceQuotas: "resource: used/hard" lists, limits.* in the LIMIT column. */
export const resourceQuotaPrinter: Printer = {
  columns: [
    NAME_COL,
    col('Request', 'string', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
    col('Limit', 'string', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.'),
    AGE_COL,
  ],
  cells(o, now) {
    const hard: Record<string, unknown> = o.status?.hard ?? {};
    const used: Record<string, unknown> = o.status?.used ?? {};
    const req: string[] = [];
    const lim: string[] = [];
    for (const r of Object.keys(hard).sort()) {
      const parts = r.split('.');
      const target = parts.length > 1 && parts[0] === 'limits' ? lim : req;
      target.push(`${r}: ${quantityString(used[r])}/${quantityString(hard[r])}`);
    }
    return [o.metadata.name ?? '', req.join(', '), lim.join(', '), since(o.metadata.creationTimestamp, now)];
  },
};

/**
 * The remaining core/v1 kinds: Namespace, Node, ServiceAccount, Event,
 * Endpoints, PersistentVolume(Claim), LimitRange, ResourceQuota.
 */
import type { FieldError, KObject } from '../types.ts';
import { duplicate, forbidden, immutable, invalid, notSupported, required } from './field-errors.ts';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidPortNum, nameIsDNSLabel } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { QUANTITY_FORMAT_MSG, parseQuantity } from './quantity-lite.ts';
import { isCIDR, isIP } from './ip.ts';
import { type Obj, arr, isObj, obj } from './util.ts';

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const RECLAIM = ['Delete', 'Recycle', 'Retain'];
const VOLUME_MODES = ['Block', 'Filesystem'];
const TAINT_EFFECTS = ['NoExecute', 'NoSchedule', 'PreferNoSchedule'];
const LIMIT_TYPES = ['Container', 'PersistentVolumeClaim', 'Pod'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

function base(o: KObject, old: KObject | undefined, namespaced: boolean, nameFn = undefined as undefined | typeof nameIsDNSLabel): FieldError[] {
  const errs = validateObjectMeta(o, { namespaced, nameFn });
  if (old) errs.push(...validateObjectMetaUpdate(o, old));
  return errs;
}

function quantities(m: unknown, p: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, q] of Object.entries(obj(m))) {
    const v = parseQuantity(q);
    if (v === undefined) errs.push(invalid(`${p}[${k}]`, q, QUANTITY_FORMAT_MSG));
    else if (v < 0) errs.push(invalid(`${p}[${k}]`, q, 'must be greater than or equal to 0'));
  }
  return errs;
}

function accessModes(modes: unknown, p: string, detail: string): FieldError[] {
  const list = arr(modes);
  if (list.length === 0) return [required(p, detail)];
  const errs: FieldError[] = [];
  for (const m of list) if (!ACCESS_MODES.includes(m as string)) errs.push(notSupported(p, m, ACCESS_MODES));
  if (list.includes('ReadWriteOncePod') && list.length > 1) {
    errs.push(forbidden(p, 'may not use ReadWriteOncePod with other access modes'));
  }
  return errs;
}

/** Namespace: DNS label name, qualified finalizer names. */
export function validateNamespace(ns: KObject, old?: KObject): FieldError[] {
  const errs = base(ns, old, false, nameIsDNSLabel);
  for (const f of arr(obj(ns.spec).finalizers)) {
    for (const m of isQualifiedName(String(f))) errs.push(invalid('spec.finalizers', f, m));
  }
  return errs;
}

/** Node: taints (key syntax, effects, duplicates), podCIDRs. */
export function validateNode(node: KObject, old?: KObject): FieldError[] {
  const errs = base(node, old, false);
  const spec = obj(node.spec);
  const seen = new Set<string>();
  arr(spec.taints).forEach((raw, i) => {
    const t = obj(raw);
    const p = `spec.taints[${i}]`;
    for (const m of isQualifiedName(String(t.key ?? ''))) errs.push(invalid(`${p}.key`, t.key ?? '', m));
    if (!t.effect) errs.push(required(`${p}.effect`));
    else if (!TAINT_EFFECTS.includes(t.effect)) errs.push(notSupported(`${p}.effect`, t.effect, TAINT_EFFECTS));
    const k = `${t.key}:${t.effect}`;
    if (seen.has(k)) errs.push(duplicate(p, { key: t.key, effect: t.effect }));
    seen.add(k);
  });
  arr(spec.podCIDRs).forEach((c, i) => {
    if (!isCIDR(c)) errs.push(invalid(`spec.podCIDRs[${i}]`, c, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'));
  });
  if (old && obj(old.spec).podCIDR && spec.podCIDR !== obj(old.spec).podCIDR) {
    errs.push(forbidden('spec.podCIDRs', 'node updates may not change podCIDR except from "" to valid'));
  }
  return errs;
}

/** ServiceAccount. */
export function validateServiceAccount(sa: KObject, old?: KObject): FieldError[] {
  return base(sa, old, true);
}

/** Core Event: involvedObject's namespace must match the event's. */
export function validateEvent(ev: KObject, old?: KObject): FieldError[] {
  const errs = base(ev, old, true);
  const io = obj(ev.involvedObject);
  if (io.namespace && ev.metadata?.namespace && io.namespace !== ev.metadata.namespace) {
    errs.push(invalid('involvedObject.namespace', io.namespace, 'does not match event.namespace'));
  }
  for (const f of ['reportingComponent', 'action', 'reason']) {
    if (typeof ev[f] === 'string' && ev[f].length > 128) errs.push(invalid(f, '', 'can have at most 128 characters'));
  }
  return errs;
}

/** Endpoints: addresses are IPs, ports valid. */
export function validateEndpoints(ep: KObject, old?: KObject): FieldError[] {
  const errs = base(ep, old, true);
  arr(ep.subsets).forEach((raw, i) => {
    const s = obj(raw);
    const p = `subsets[${i}]`;
    for (const key of ['addresses', 'notReadyAddresses']) {
      arr(s[key]).forEach((a, j) => {
        const ip = obj(a).ip;
        if (!isIP(ip)) errs.push(invalid(`${p}.${key}[${j}].ip`, ip ?? '', 'must be a valid IP address'));
      });
    }
    arr(s.ports).forEach((pt, j) => {
      const port = obj(pt);
      if (arr(s.ports).length > 1 && !port.name) errs.push(required(`${p}.ports[${j}].name`));
      else if (port.name) for (const m of isDNS1123Label(port.name)) errs.push(invalid(`${p}.ports[${j}].name`, port.name, m));
      for (const m of isValidPortNum(port.port)) errs.push(invalid(`${p}.ports[${j}].port`, port.port ?? 0, m));
      if (!PROTOCOLS.includes(port.protocol)) errs.push(notSupported(`${p}.ports[${j}].protocol`, port.protocol ?? '', PROTOCOLS));
    });
  });
  return errs;
}

const PV_SOURCES = [
  'gcePersistentDisk', 'awsElasticBlockStore', 'hostPath', 'glusterfs', 'nfs', 'rbd', 'iscsi', 'cinder', 'cephfs',
  'fc', 'flocker', 'flexVolume', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk',
  'portworxVolume', 'scaleIO', 'local', 'storageos', 'csi',
];

/** PersistentVolume: capacity, access modes, exactly one source, enums. */
export function validatePersistentVolume(pv: KObject, old?: KObject): FieldError[] {
  const errs = base(pv, old, false);
  const spec: Obj = obj(pv.spec);
  errs.push(...accessModes(spec.accessModes, 'spec.accessModes', ''));
  const cap = obj(spec.capacity);
  if (Object.keys(cap).length === 0) errs.push(required('spec.capacity'));
  else if (!('storage' in cap)) errs.push(required('spec.capacity.storage'));
  errs.push(...quantities(cap, 'spec.capacity'));
  const present = PV_SOURCES.filter((k) => isObj(spec[k]));
  if (present.length === 0) errs.push(required('spec', 'must specify a volume type'));
  else if (present.length > 1) errs.push(forbidden(`spec.${present[1]}`, 'may not specify more than 1 volume type'));
  if (spec.persistentVolumeReclaimPolicy && !RECLAIM.includes(spec.persistentVolumeReclaimPolicy)) {
    errs.push(notSupported('spec.persistentVolumeReclaimPolicy', spec.persistentVolumeReclaimPolicy, RECLAIM));
  }
  if (spec.volumeMode && !VOLUME_MODES.includes(spec.volumeMode)) errs.push(notSupported('spec.volumeMode', spec.volumeMode, VOLUME_MODES));
  if (isObj(spec.hostPath) && !spec.hostPath.path) errs.push(required('spec.hostPath.path'));
  if (isObj(spec.local) && !spec.local.path) errs.push(required('spec.local.path'));
  if (spec.storageClassName) for (const m of isDNS1123Subdomain(spec.storageClassName)) errs.push(invalid('spec.storageClassName', spec.storageClassName, m));
  if (old) errs.push(...immutable('spec.volumeMode', spec.volumeMode, obj(old.spec).volumeMode));
  return errs;
}

/** PersistentVolumeClaim: access modes and storage request; spec immutable except requests. */
export function validatePersistentVolumeClaim(pvc: KObject, old?: KObject): FieldError[] {
  const errs = base(pvc, old, true);
  const spec: Obj = obj(pvc.spec);
  errs.push(...accessModes(spec.accessModes, 'spec.accessModes', 'at least 1 access mode is required'));
  const req = obj(obj(spec.resources).requests);
  if (!('storage' in req) && !isObj(spec.dataSourceRef)) errs.push(required('spec.resources[storage]'));
  else if ('storage' in req && (parseQuantity(req.storage) ?? 0) <= 0) {
    errs.push(invalid('spec.resources[storage]', req.storage, 'must be greater than zero'));
  }
  errs.push(...quantities(req, 'spec.resources.requests'));
  if (spec.volumeMode && !VOLUME_MODES.includes(spec.volumeMode)) errs.push(notSupported('spec.volumeMode', spec.volumeMode, VOLUME_MODES));
  if (old) {
    const a = structuredClone(spec);
    const b = structuredClone(obj(old.spec));
    for (const s of [a, b]) {
      delete s.volumeAttributesClassName;
      if (isObj(s.resources)) delete s.resources.requests;
    }
    // The binder fills volumeName and storageClassName once; setting them from empty is allowed.
    if (!b.volumeName) delete a.volumeName;
    if (!b.storageClassName) delete a.storageClassName;
    if (!b.volumeName) delete b.volumeName;
    if (!b.storageClassName) delete b.storageClassName;
    if (immutable('spec', a, b).length) {
      errs.push(forbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
    }
  }
  return errs;
}

/** LimitRange: item types and quantities. */
export function validateLimitRange(lr: KObject, old?: KObject): FieldError[] {
  const errs = base(lr, old, true);
  arr(obj(lr.spec).limits).forEach((raw, i) => {
    const it = obj(raw);
    const p = `spec.limits[${i}]`;
    if (!LIMIT_TYPES.includes(it.type)) errs.push(notSupported(`${p}.type`, it.type ?? '', LIMIT_TYPES));
    for (const f of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']) errs.push(...quantities(it[f], `${p}.${f}`));
    if (it.type === 'Pod' && (isObj(it.default) || isObj(it.defaultRequest))) {
      errs.push(forbidden(`${p}.default`, 'may not be specified when `type` is \'Pod\''));
    }
  });
  return errs;
}

/** ResourceQuota: quantities non-negative, scopes known. */
export function validateResourceQuota(rq: KObject, old?: KObject): FieldError[] {
  const errs = base(rq, old, true);
  errs.push(...quantities(obj(rq.spec).hard, 'spec.hard'));
  const scopes = ['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity', 'VolumeAttributesClass'];
  arr(obj(rq.spec).scopes).forEach((s) => {
    if (!scopes.includes(s as string)) errs.push(notSupported('spec.scopes', s, scopes));
  });
  return errs;
}

/**
 * Validation of the smaller groups: coordination (Lease), discovery
 * (EndpointSlice), events.k8s.io (Event), policy (PDB), scheduling
 * (PriorityClass), certificates (CSR), autoscaling (HPA), storage (StorageClass).
 */
import type { FieldError, KObject } from '../types.ts';
import { deepEqual, forbidden, immutable, invalid, notSupported, required, tooMany } from './field-errors.ts';
import { atLeast, nonNegative } from './common.ts';
import { validateIntOrPercent } from './int-or-percent.ts';
import { validateLabelSelector } from './label-selector.ts';
import { isDNS1123Label, isQualifiedName, isValidPortNum } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { isIP } from './ip.ts';
import { arr, isObj, obj } from './util.ts';

function meta(o: KObject, old: KObject | undefined, namespaced: boolean): FieldError[] {
  const errs = validateObjectMeta(o, { namespaced });
  if (old) errs.push(...validateObjectMetaUpdate(o, old));
  return errs;
}

/** Lease: durations positive. */
export function validateLease(l: KObject, old?: KObject): FieldError[] {
  const errs = meta(l, old, true);
  const spec = obj(l.spec);
  if (spec.leaseDurationSeconds != null && !(spec.leaseDurationSeconds > 0)) {
    errs.push(invalid('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'));
  }
  errs.push(...nonNegative(spec.leaseTransitions, 'spec.leaseTransitions'));
  return errs;
}

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];

/** EndpointSlice: addressType, 1-100 addresses per endpoint, ports; addressType immutable. */
export function validateEndpointSlice(es: KObject, old?: KObject): FieldError[] {
  const errs = meta(es, old, true);
  if (!es.addressType) errs.push(required('addressType'));
  else if (!ADDRESS_TYPES.includes(es.addressType)) errs.push(notSupported('addressType', es.addressType, ADDRESS_TYPES));
  arr(es.endpoints).forEach((raw, i) => {
    const addrs = arr(obj(raw).addresses);
    const p = `endpoints[${i}].addresses`;
    if (addrs.length === 0) errs.push(required(p, 'must contain at least 1 address'));
    else if (addrs.length > 100) errs.push(tooMany(p, addrs.length, 100));
    addrs.forEach((a, j) => {
      if ((es.addressType === 'IPv4' || es.addressType === 'IPv6') && !isIP(a)) {
        errs.push(invalid(`${p}[${j}]`, a, `must be a valid ${es.addressType} address`));
      }
    });
  });
  arr(es.ports).forEach((raw, i) => {
    const port = obj(raw);
    if (port.name) for (const m of isDNS1123Label(port.name)) errs.push(invalid(`ports[${i}].name`, port.name, m));
    if (port.port != null) for (const m of isValidPortNum(port.port)) errs.push(invalid(`ports[${i}].port`, port.port, m));
  });
  if (old) errs.push(...immutable('addressType', es.addressType, old.addressType));
  return errs;
}

/** events.k8s.io/v1 Event: the fields the new API requires. */
export function validateEventsV1Event(ev: KObject, old?: KObject): FieldError[] {
  const errs = meta(ev, old, true);
  if (!ev.eventTime) errs.push(required('eventTime'));
  for (const f of ['reportingController', 'reportingInstance', 'action', 'reason']) {
    if (!ev[f]) errs.push(required(f));
    else if (String(ev[f]).length > 128) errs.push(invalid(f, '', 'can have at most 128 characters'));
  }
  if (ev.reportingController) for (const m of isQualifiedName(ev.reportingController)) errs.push(invalid('reportingController', ev.reportingController, m));
  if (ev.type && !['Normal', 'Warning'].includes(ev.type)) errs.push(invalid('type', ev.type, 'has invalid value: ' + ev.type));
  if (typeof ev.note === 'string' && Buffer.byteLength(ev.note) > 1024) errs.push(invalid('note', '', 'can have at most 1024 characters'));
  const reg = obj(ev.regarding);
  if (reg.namespace && ev.metadata?.namespace && reg.namespace !== ev.metadata.namespace) {
    errs.push(invalid('regarding.namespace', reg.namespace, 'does not match event.namespace'));
  }
  return errs;
}

/** PodDisruptionBudget: minAvailable xor maxUnavailable, selector. */
export function validatePodDisruptionBudget(pdb: KObject, old?: KObject): FieldError[] {
  const errs = meta(pdb, old, true);
  const spec = obj(pdb.spec);
  if (spec.minAvailable != null && spec.maxUnavailable != null) {
    errs.push(invalid('spec', spec, 'minAvailable and maxUnavailable cannot be both set'));
  }
  errs.push(...validateIntOrPercent(spec.minAvailable, 'spec.minAvailable'));
  errs.push(...validateIntOrPercent(spec.maxUnavailable, 'spec.maxUnavailable'));
  errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  const uhp = spec.unhealthyPodEvictionPolicy;
  if (uhp != null && !['AlwaysAllow', 'IfHealthyBudget'].includes(uhp)) {
    errs.push(notSupported('spec.unhealthyPodEvictionPolicy', uhp, ['AlwaysAllow', 'IfHealthyBudget']));
  }
  return errs;
}

/** Highest priority a user-defined PriorityClass may have; above is reserved for system classes. */
const MAX_USER_PRIORITY = 1000000000;
const SYSTEM_CLASSES = new Map([['system-node-critical', 2000001000], ['system-cluster-critical', 2000000000]]);

/** PriorityClass: value bounds, reserved prefix, preemptionPolicy; value immutable. */
export function validatePriorityClass(pc: KObject, old?: KObject): FieldError[] {
  const errs = meta(pc, old, false);
  const name = String(pc.metadata?.name ?? '');
  if (SYSTEM_CLASSES.has(name)) {
    if (pc.value !== SYSTEM_CLASSES.get(name)) errs.push(forbidden('metadata.name', `${name} is a reserved system priority class name`));
  } else if (name.startsWith('system-')) {
    errs.push(forbidden('metadata.name', "priority class names with 'system-' prefix are reserved"));
  } else if (typeof pc.value !== 'number' || pc.value > MAX_USER_PRIORITY) {
    errs.push(forbidden('value', `maximum allowed value of a user defined priority is ${MAX_USER_PRIORITY}`));
  }
  const pp = pc.preemptionPolicy;
  if (pp != null && !['Never', 'PreemptLowerPriority'].includes(pp)) errs.push(notSupported('preemptionPolicy', pp, ['Never', 'PreemptLowerPriority']));
  if (old) {
    if (pc.value !== old.value) errs.push(forbidden('value', 'may not be changed in an update.'));
    errs.push(...immutable('preemptionPolicy', pp, old.preemptionPolicy));
  }
  return errs;
}

const KEY_USAGES = [
  'signing', 'digital signature', 'content commitment', 'key encipherment', 'key agreement', 'data encipherment',
  'cert sign', 'crl sign', 'encipher only', 'decipher only', 'any', 'server auth', 'client auth', 'code signing',
  'email protection', 's/mime', 'ipsec end system', 'ipsec tunnel', 'ipsec user', 'timestamping', 'ocsp signing',
  'microsoft sgc', 'netscape sgc',
];
const CSR_PEM_RE = /-----BEGIN CERTIFICATE REQUEST-----[\s\S]+-----END CERTIFICATE REQUEST-----/;

/** CertificateSigningRequest: request PEM, signerName, usages; spec immutable. */
export function validateCertificateSigningRequest(csr: KObject, old?: KObject): FieldError[] {
  const errs = meta(csr, old, false);
  const spec = obj(csr.spec);
  if (!spec.request) errs.push(required('spec.request'));
  else {
    const pem = Buffer.from(String(spec.request), 'base64').toString('latin1');
    if (!CSR_PEM_RE.test(pem)) errs.push(invalid('spec.request', spec.request, 'PEM block type must be CERTIFICATE REQUEST'));
  }
  if (!spec.signerName) errs.push(required('spec.signerName'));
  else if (!/^[a-z0-9.-]+\/[^/]+$/.test(spec.signerName)) {
    errs.push(invalid('spec.signerName', spec.signerName, 'must be a fully qualified domain and path of the form \'example.com/signer-name\''));
  }
  if (arr(spec.usages).length === 0) errs.push(required('spec.usages'));
  arr(spec.usages).forEach((u, i) => {
    if (!KEY_USAGES.includes(u as string)) errs.push(notSupported(`spec.usages[${i}]`, u, KEY_USAGES));
  });
  errs.push(...atLeast(spec.expirationSeconds, 600, 'spec.expirationSeconds'));
  if (old && !deepEqual(spec, obj(old.spec))) errs.push(forbidden('spec', 'updates to certificateSigningRequest spec are forbidden'));
  return errs;
}

const METRIC_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];

/** HorizontalPodAutoscaler in either served version (v1 or v2). */
export function validateHorizontalPodAutoscaler(hpa: KObject, old?: KObject): FieldError[] {
  const errs = meta(hpa, old, true);
  const spec = obj(hpa.spec);
  const ref = obj(spec.scaleTargetRef);
  if (!ref.kind) errs.push(required('spec.scaleTargetRef.kind'));
  if (!ref.name) errs.push(required('spec.scaleTargetRef.name'));
  if (spec.minReplicas != null && !(spec.minReplicas >= 1)) {
    errs.push(invalid('spec.minReplicas', spec.minReplicas, 'must be greater than or equal to 1'));
  }
  if (!(spec.maxReplicas >= 1)) errs.push(invalid('spec.maxReplicas', spec.maxReplicas ?? 0, 'must be greater than 0'));
  else if (spec.minReplicas != null && spec.maxReplicas < spec.minReplicas) {
    errs.push(invalid('spec.maxReplicas', spec.maxReplicas, 'must be greater than or equal to `minReplicas`'));
  }
  if (hpa.apiVersion === 'autoscaling/v1') {
    errs.push(...atLeast(spec.targetCPUUtilizationPercentage, 1, 'spec.targetCPUUtilizationPercentage'));
    return errs;
  }
  arr(spec.metrics).forEach((raw, i) => {
    const m = obj(raw);
    const p = `spec.metrics[${i}]`;
    if (!m.type) errs.push(required(`${p}.type`, `must specify a metric source type`));
    else if (!METRIC_TYPES.includes(m.type)) errs.push(notSupported(`${p}.type`, m.type, METRIC_TYPES));
    else {
      const key = m.type[0].toLowerCase() + m.type.slice(1);
      if (!isObj(m[key])) errs.push(required(`${p}.${key}`, `must populate information for the given metric source`));
    }
  });
  return errs;
}

const RECLAIM = ['Delete', 'Retain'];
const BINDING_MODES = ['Immediate', 'WaitForFirstConsumer'];

/** StorageClass: provisioner, policies; provisioner, parameters and reclaimPolicy immutable. */
export function validateStorageClass(sc: KObject, old?: KObject): FieldError[] {
  const errs = meta(sc, old, false);
  if (!sc.provisioner) errs.push(required('provisioner'));
  else for (const m of isQualifiedName(String(sc.provisioner).toLowerCase())) errs.push(invalid('provisioner', sc.provisioner, m));
  if (sc.reclaimPolicy && !RECLAIM.includes(sc.reclaimPolicy)) errs.push(notSupported('reclaimPolicy', sc.reclaimPolicy, RECLAIM));
  if (sc.volumeBindingMode && !BINDING_MODES.includes(sc.volumeBindingMode)) {
    errs.push(notSupported('volumeBindingMode', sc.volumeBindingMode, BINDING_MODES));
  }
  if (old) {
    if (!deepEqual(sc.parameters ?? {}, old.parameters ?? {})) errs.push(forbidden('parameters', 'updates to parameters are forbidden.'));
    if (sc.provisioner !== old.provisioner) errs.push(forbidden('provisioner', 'updates to provisioner are forbidden.'));
    if (sc.reclaimPolicy !== old.reclaimPolicy) errs.push(forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
    errs.push(...immutable('volumeBindingMode', sc.volumeBindingMode, old.volumeBindingMode));
  }
  return errs;
}

/**
 * core/v1 Service validation: type-specific rules, ports, policies, IPs,
 * and clusterIP immutability on update.
 */
import type { FieldError, KObject } from '../types.ts';
import { duplicate, forbidden, invalid, notSupported, required } from './field-errors.ts';
import { nameIsDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isValidPortName, isValidPortNum } from './names.ts';
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { isIP } from './ip.ts';
import { type Obj, arr, isObj, obj } from './util.ts';

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const AFFINITY = ['ClientIP', 'None'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const TRAFFIC = ['Cluster', 'Local'];
const FAMILY_POLICIES = ['SingleStack', 'PreferDualStack', 'RequireDualStack'];
const FAMILIES = ['IPv4', 'IPv6'];
const IP_MSG = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

function validatePorts(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const ports = arr(spec.ports);
  const names = new Set<string>();
  const keys = new Set<string>();
  ports.forEach((raw, i) => {
    const port = obj(raw);
    const p = `spec.ports[${i}]`;
    if (ports.length > 1 && !port.name) errs.push(required(`${p}.name`));
    if (port.name) {
      for (const m of isDNS1123Label(String(port.name))) errs.push(invalid(`${p}.name`, port.name, m));
      if (names.has(port.name)) errs.push(duplicate(`${p}.name`, port.name));
      names.add(port.name);
    }
    for (const m of isValidPortNum(port.port)) errs.push(invalid(`${p}.port`, port.port ?? 0, m));
    if (!port.protocol) errs.push(required(`${p}.protocol`));
    else if (!PROTOCOLS.includes(port.protocol)) errs.push(notSupported(`${p}.protocol`, port.protocol, PROTOCOLS));
    const tp = port.targetPort;
    if (typeof tp === 'number') for (const m of isValidPortNum(tp)) errs.push(invalid(`${p}.targetPort`, tp, m));
    else if (typeof tp === 'string') for (const m of isValidPortName(tp)) errs.push(invalid(`${p}.targetPort`, tp, m));
    if (port.nodePort !== undefined && port.nodePort !== 0) {
      if (spec.type === 'ClusterIP') errs.push(forbidden(`${p}.nodePort`, "may not be used when `type` is 'ClusterIP'"));
      else for (const m of isValidPortNum(port.nodePort)) errs.push(invalid(`${p}.nodePort`, port.nodePort, m));
    }
    const key = `${port.port}/${port.protocol}`;
    if (keys.has(key)) errs.push(duplicate(p, { port: port.port, protocol: port.protocol }));
    keys.add(key);
  });
  return errs;
}

function validateIPs(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const ip = spec.clusterIP;
  if (ip && ip !== 'None' && !isIP(ip)) errs.push(invalid('spec.clusterIPs[0]', ip, IP_MSG));
  const ips = arr(spec.clusterIPs);
  if (ip && ips.length && ips[0] !== ip) errs.push(invalid('spec.clusterIPs', ips, 'element [0] must match clusterIP'));
  ips.slice(1).forEach((x, i) => {
    if (!isIP(x)) errs.push(invalid(`spec.clusterIPs[${i + 1}]`, x, IP_MSG));
  });
  arr(spec.externalIPs).forEach((x, i) => {
    if (!isIP(x)) errs.push(invalid(`spec.externalIPs[${i}]`, x, IP_MSG));
  });
  if (spec.ipFamilyPolicy != null && !FAMILY_POLICIES.includes(spec.ipFamilyPolicy)) {
    errs.push(notSupported('spec.ipFamilyPolicy', spec.ipFamilyPolicy, FAMILY_POLICIES));
  }
  arr(spec.ipFamilies).forEach((f, i) => {
    if (!FAMILIES.includes(f as string)) errs.push(notSupported(`spec.ipFamilies[${i}]`, f, FAMILIES));
  });
  if (arr(spec.ipFamilies).length > 2) errs.push(invalid('spec.ipFamilies', spec.ipFamilies, 'may specify no more than two IP families'));
  return errs;
}

/** Validates a Service; on update clusterIP (once set) may not change. */
export function validateService(svc: KObject, old?: KObject): FieldError[] {
  const errs = validateObjectMeta(svc, { namespaced: true, nameFn: nameIsDNS1035Label });
  const spec = obj(svc.spec);
  if (!spec.type) errs.push(required('spec.type'));
  else if (!TYPES.includes(spec.type)) errs.push(notSupported('spec.type', spec.type, TYPES));
  const headless = spec.clusterIP === 'None';
  if (spec.type === 'ExternalName') {
    if (!spec.externalName) errs.push(required('spec.externalName'));
    else {
      const name = String(spec.externalName).replace(/\.$/, '');
      for (const m of isDNS1123Subdomain(name)) errs.push(invalid('spec.externalName', spec.externalName, m));
    }
    if (spec.clusterIP && spec.clusterIP !== 'None' && spec.clusterIP !== '') {
      errs.push(forbidden('spec.clusterIPs', "may not be set for ExternalName services"));
    }
  } else if (arr(spec.ports).length === 0 && !headless) {
    errs.push(required('spec.ports'));
  }
  if (spec.type === 'LoadBalancer' && headless) errs.push(invalid('spec.clusterIPs[0]', 'None', 'may not be set to \'None\' for LoadBalancer services'));
  if (spec.type === 'NodePort' && headless) errs.push(invalid('spec.clusterIPs[0]', 'None', 'may not be set to \'None\' for NodePort services'));
  errs.push(...validatePorts(spec));
  errs.push(...validateLabels(spec.selector, 'spec.selector'));
  if (!spec.sessionAffinity) errs.push(required('spec.sessionAffinity'));
  else if (!AFFINITY.includes(spec.sessionAffinity)) errs.push(notSupported('spec.sessionAffinity', spec.sessionAffinity, AFFINITY));
  const timeout = obj(obj(spec.sessionAffinityConfig).clientIP).timeoutSeconds;
  if (timeout !== undefined && !(typeof timeout === 'number' && timeout > 0 && timeout <= 86400)) {
    errs.push(invalid('spec.sessionAffinityConfig.clientIP.timeoutSeconds', timeout, 'must be greater than 0 and less than 86400'));
  }
  for (const f of ['externalTrafficPolicy', 'internalTrafficPolicy']) {
    if (spec[f] && !TRAFFIC.includes(spec[f])) errs.push(notSupported(`spec.${f}`, spec[f], TRAFFIC));
  }
  if (spec.externalTrafficPolicy && spec.type !== 'NodePort' && spec.type !== 'LoadBalancer') {
    errs.push(invalid('spec.externalTrafficPolicy', spec.externalTrafficPolicy, 'may only be set for externally-accessible services'));
  }
  if (spec.type !== 'ExternalName') errs.push(...validateIPs(spec));
  if (old) {
    errs.push(...validateObjectMetaUpdate(svc, old));
    const before = obj(old.spec);
    // Changing to or from ExternalName releases or allocates the IP, so only same-kind updates pin it.
    const pinned = before.type !== 'ExternalName' && spec.type !== 'ExternalName' && before.clusterIP;
    if (pinned && spec.clusterIP !== undefined && spec.clusterIP !== '' && spec.clusterIP !== before.clusterIP) {
      errs.push(invalid('spec.clusterIPs[0]', spec.clusterIP, 'may not change once set'));
    }
  }
  return errs;
}

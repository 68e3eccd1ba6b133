/**
 * networking.k8s.io/v1 validation: Ingress, IngressClass, NetworkPolicy.
 */
import type { FieldError, KObject } from '../types.ts';
import { forbidden, immutable, invalid, notSupported, required } from './field-errors.ts';
import { isDNS1123Label, isDNS1123Subdomain, isValidPortName, isValidPortNum } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { validateLabelSelector } from './label-selector.ts';
import { isCIDR } from './ip.ts';
import { type Obj, arr, isObj, obj } from './util.ts';

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const POLICY_TYPES = ['Ingress', 'Egress'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const WILDCARD_RE = /^\*\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function meta(o: KObject, old: KObject | undefined, namespaced: boolean): FieldError[] {
  const errs = validateObjectMeta(o, { namespaced });
  if (old) errs.push(...validateObjectMetaUpdate(o, old));
  return errs;
}

function validateBackend(b: Obj, p: string): FieldError[] {
  const errs: FieldError[] = [];
  const hasSvc = isObj(b.service);
  const hasRes = isObj(b.resource);
  if (hasSvc && hasRes) return [invalid(p, '', 'cannot set both resource and service backends')];
  if (!hasSvc && !hasRes) return [invalid(p, '', 'resource or service backend is required')];
  if (hasSvc) {
    const s = b.service;
    if (!s.name) errs.push(required(`${p}.service.name`));
    else for (const m of isDNS1123Label(s.name)) errs.push(invalid(`${p}.service.name`, s.name, m));
    const port = obj(s.port);
    if (port.name && port.number) errs.push(invalid(`${p}.service.port`, port, 'cannot set both port name & port number'));
    else if (port.name) for (const m of isValidPortName(port.name)) errs.push(invalid(`${p}.service.port.name`, port.name, m));
    else if (port.number !== undefined) for (const m of isValidPortNum(port.number)) errs.push(invalid(`${p}.service.port.number`, port.number, m));
    else errs.push(required(`${p}.service.port`, 'port name or number is required'));
  }
  return errs;
}

function validateHost(host: string, p: string): FieldError[] {
  if (host.startsWith('*')) {
    return WILDCARD_RE.test(host) ? [] : [invalid(p, host, "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")];
  }
  return isDNS1123Subdomain(host).map((m) => invalid(p, host, m));
}

/** Ingress: rules, paths, backends, TLS hosts. */
export function validateIngress(ing: KObject, old?: KObject): FieldError[] {
  const errs = meta(ing, old, true);
  const spec = obj(ing.spec);
  if (!isObj(spec.defaultBackend) && arr(spec.rules).length === 0) {
    errs.push(invalid('spec.rules', spec.rules ?? [], 'either `defaultBackend` or `rules` must be specified'));
  }
  if (isObj(spec.defaultBackend)) errs.push(...validateBackend(spec.defaultBackend, 'spec.defaultBackend'));
  if (spec.ingressClassName) for (const m of isDNS1123Subdomain(spec.ingressClassName)) errs.push(invalid('spec.ingressClassName', spec.ingressClassName, m));
  arr(spec.rules).forEach((raw, i) => {
    const r = obj(raw);
    const p = `spec.rules[${i}]`;
    if (r.host) errs.push(...validateHost(String(r.host), `${p}.host`));
    if (!isObj(r.http)) return;
    const paths = arr(r.http.paths);
    if (paths.length === 0) errs.push(required(`${p}.http.paths`));
    paths.forEach((pr, j) => {
      const path = obj(pr);
      const pp = `${p}.http.paths[${j}]`;
      if (!path.pathType) errs.push(required(`${pp}.pathType`, 'pathType must be specified'));
      else if (!PATH_TYPES.includes(path.pathType)) errs.push(notSupported(`${pp}.pathType`, path.pathType, PATH_TYPES));
      if (path.pathType !== 'ImplementationSpecific' || path.path) {
        if (!String(path.path ?? '').startsWith('/')) errs.push(invalid(`${pp}.path`, path.path ?? '', 'must be an absolute path'));
      }
      errs.push(...validateBackend(obj(path.backend), `${pp}.backend`));
    });
  });
  arr(spec.tls).forEach((raw, i) => {
    arr(obj(raw).hosts).forEach((h, j) => errs.push(...validateHost(String(h), `spec.tls[${i}].hosts[${j}]`)));
  });
  return errs;
}

/** IngressClass: controller required (domain-prefixed path) and immutable. */
export function validateIngressClass(ic: KObject, old?: KObject): FieldError[] {
  const errs = meta(ic, old, false);
  const spec = obj(ic.spec);
  if (!spec.controller) errs.push(required('spec.controller'));
  else if (!/^[a-z0-9.-]+\/.+$/.test(spec.controller)) {
    errs.push(invalid('spec.controller', spec.controller, 'must be a domain-prefixed path (such as "acme.io/foo")'));
  } else if (spec.controller.length > 250) {
    errs.push(invalid('spec.controller', spec.controller, 'must be no more than 250 characters'));
  }
  if (old) errs.push(...immutable('spec.controller', spec.controller, obj(old.spec).controller));
  return errs;
}

function validatePeers(peers: unknown, p: string): FieldError[] {
  const errs: FieldError[] = [];
  arr(peers).forEach((raw, i) => {
    const peer = obj(raw);
    const pp = `${p}[${i}]`;
    const n = ['podSelector', 'namespaceSelector', 'ipBlock'].filter((k) => isObj(peer[k])).length;
    if (n === 0) errs.push(required(pp, 'must specify a peer'));
    if (isObj(peer.ipBlock) && (isObj(peer.podSelector) || isObj(peer.namespaceSelector))) {
      errs.push(forbidden(pp, 'may not specify both ipBlock and another peer'));
    }
    if (isObj(peer.podSelector)) errs.push(...validateLabelSelector(peer.podSelector, `${pp}.podSelector`));
    if (isObj(peer.namespaceSelector)) errs.push(...validateLabelSelector(peer.namespaceSelector, `${pp}.namespaceSelector`));
    if (isObj(peer.ipBlock)) {
      const cidr = peer.ipBlock.cidr;
      if (!cidr) errs.push(required(`${pp}.ipBlock.cidr`));
      else if (!isCIDR(cidr)) errs.push(invalid(`${pp}.ipBlock.cidr`, cidr, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'));
      arr(peer.ipBlock.except).forEach((e, k) => {
        if (!isCIDR(e)) errs.push(invalid(`${pp}.ipBlock.except[${k}]`, e, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'));
      });
    }
  });
  return errs;
}

function validateNPPorts(ports: unknown, p: string): FieldError[] {
  const errs: FieldError[] = [];
  arr(ports).forEach((raw, i) => {
    const port = obj(raw);
    const pp = `${p}[${i}]`;
    if (port.protocol && !PROTOCOLS.includes(port.protocol)) errs.push(notSupported(`${pp}.protocol`, port.protocol, PROTOCOLS));
    if (typeof port.port === 'number') for (const m of isValidPortNum(port.port)) errs.push(invalid(`${pp}.port`, port.port, m));
    if (typeof port.port === 'string') for (const m of isValidPortName(port.port)) errs.push(invalid(`${pp}.port`, port.port, m));
    if (port.endPort !== undefined) {
      if (typeof port.port !== 'number') errs.push(required(`${pp}.port`, 'must be specified when endPort is specified'));
      else if (port.endPort < port.port) errs.push(invalid(`${pp}.endPort`, port.endPort, 'must be greater than or equal to `port`'));
    }
  });
  return errs;
}

/** NetworkPolicy: selectors, peers, ports, policyTypes. */
export function validateNetworkPolicy(np: KObject, old?: KObject): FieldError[] {
  const errs = meta(np, old, true);
  const spec = obj(np.spec);
  errs.push(...validateLabelSelector(spec.podSelector, 'spec.podSelector'));
  arr(spec.ingress).forEach((r, i) => {
    errs.push(...validateNPPorts(obj(r).ports, `spec.ingress[${i}].ports`), ...validatePeers(obj(r).from, `spec.ingress[${i}].from`));
  });
  arr(spec.egress).forEach((r, i) => {
    errs.push(...validateNPPorts(obj(r).ports, `spec.egress[${i}].ports`), ...validatePeers(obj(r).to, `spec.egress[${i}].to`));
  });
  const types = arr(spec.policyTypes);
  types.forEach((t, i) => {
    if (!POLICY_TYPES.includes(t as string)) errs.push(notSupported(`spec.policyTypes[${i}]`, t, POLICY_TYPES));
  });
  if (types.length > 2) errs.push(invalid('spec.policyTypes', types, 'may not specify more than two policyTypes'));
  return errs;
}

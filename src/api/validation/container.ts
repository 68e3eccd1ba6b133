/**
 * Container validation (regular, init and ephemeral): name, image, ports,
 * env, resources, probes, volume mounts and enum fields.
 */
import type { FieldError } from '../types.ts';
import { duplicate, forbidden, invalid, notFound, notSupported, required } from './field-errors.ts';
import { inclusiveRangeError, isConfigMapKey, isDNS1123Label, isValidPortName, isValidPortNum } from './names.ts';
import { QUANTITY_FORMAT_MSG, parseQuantity } from './quantity-lite.ts';
import { type Obj, arr, isInt, isObj, obj } from './util.ts';

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const TERMINATION_POLICIES = ['FallbackToLogsOnError', 'File'];
const RESOURCE_NAME_RE = /^(cpu|memory|ephemeral-storage|storage|pods|hugepages-.+|requests\..+|limits\..+|.+\/.+)$/;

/** Context shared by all containers of one pod spec. */
export interface ContainerContext {
  /** Volume names declared by the pod. */
  volumes: Set<string>;
  /** Container names seen so far (for duplicates across init and regular containers). */
  names: Set<string>;
  /** True for init containers (probes and lifecycle forbidden unless restartPolicy Always). */
  init?: boolean;
}

function validatePorts(ports: unknown, p: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  arr(ports).forEach((raw, i) => {
    const port = obj(raw);
    const pp = `${p}[${i}]`;
    if (port.name !== undefined && port.name !== '') {
      for (const m of isValidPortName(String(port.name))) errs.push(invalid(`${pp}.name`, port.name, m));
      if (names.has(port.name)) errs.push(duplicate(`${pp}.name`, port.name));
      names.add(port.name);
    }
    if (port.containerPort === undefined || port.containerPort === 0) errs.push(required(`${pp}.containerPort`));
    else for (const m of isValidPortNum(port.containerPort)) errs.push(invalid(`${pp}.containerPort`, port.containerPort, m));
    if (port.hostPort !== undefined && port.hostPort !== 0) {
      for (const m of isValidPortNum(port.hostPort)) errs.push(invalid(`${pp}.hostPort`, port.hostPort, m));
    }
    if (!port.protocol) errs.push(required(`${pp}.protocol`));
    else if (!PROTOCOLS.includes(port.protocol)) errs.push(notSupported(`${pp}.protocol`, port.protocol, PROTOCOLS));
  });
  return errs;
}

function validateEnv(env: unknown, p: string): FieldError[] {
  const errs: FieldError[] = [];
  arr(env).forEach((raw, i) => {
    const e = obj(raw);
    const ep = `${p}[${i}]`;
    if (!e.name) errs.push(required(`${ep}.name`));
    // Relaxed env names (on by default since 1.32): printable ASCII except '='.
    else if (!/^[\x20-\x3c\x3e-\x7e]+$/.test(e.name)) {
      errs.push(invalid(`${ep}.name`, e.name, "a valid environment variable name must consist only of printable ASCII characters other than '='"));
    }
    if (isObj(e.valueFrom)) {
      if (e.value) errs.push(invalid(`${ep}.valueFrom`, '', 'may not be specified when `value` is not empty'));
      const srcs = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'].filter((k) => isObj(e.valueFrom[k]));
      if (srcs.length === 0) errs.push(invalid(`${ep}.valueFrom`, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
      else if (srcs.length > 1) errs.push(invalid(`${ep}.valueFrom`, '', 'may not have more than one field specified at a time'));
      for (const k of ['configMapKeyRef', 'secretKeyRef']) {
        const ref = e.valueFrom[k];
        if (!isObj(ref)) continue;
        if (!ref.key) errs.push(required(`${ep}.valueFrom.${k}.key`));
        else for (const m of isConfigMapKey(ref.key)) errs.push(invalid(`${ep}.valueFrom.${k}.key`, ref.key, m));
      }
      if (isObj(e.valueFrom.fieldRef) && !e.valueFrom.fieldRef.fieldPath) errs.push(required(`${ep}.valueFrom.fieldRef.fieldPath`));
    }
  });
  return errs;
}

/** Resource requirements: names, quantity syntax, non-negative, requests <= limits. */
export function validateResources(res: unknown, p: string): FieldError[] {
  const r = obj(res);
  const errs: FieldError[] = [];
  const parsed: Record<'limits' | 'requests', Record<string, number>> = { limits: {}, requests: {} };
  for (const kind of ['limits', 'requests'] as const) {
    for (const [name, q] of Object.entries(obj(r[kind]))) {
      const fp = `${p}.${kind}[${name}]`;
      if (!RESOURCE_NAME_RE.test(name)) errs.push(invalid(fp, name, 'must be a standard resource type or fully qualified'));
      const v = parseQuantity(q);
      if (v === undefined) errs.push(invalid(fp, q, QUANTITY_FORMAT_MSG));
      else if (v < 0) errs.push(invalid(fp, q, 'must be greater than or equal to 0'));
      else parsed[kind][name] = v;
    }
  }
  for (const [name, req] of Object.entries(parsed.requests)) {
    const lim = parsed.limits[name];
    if (lim !== undefined && req > lim) {
      errs.push(invalid(`${p}.requests`, obj(r.requests)[name], `must be less than or equal to ${name} limit of ${obj(r.limits)[name]}`));
    }
  }
  return errs;
}

const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc', 'sleep'];

function validateHandler(h: Obj, p: string, what: string): FieldError[] {
  const present = HANDLERS.filter((k) => isObj(h[k]));
  const errs: FieldError[] = [];
  if (present.length === 0) errs.push(required(p, `must specify a ${what} type`));
  else if (present.length > 1) errs.push(forbidden(`${p}.${present[1]}`, `may not specify more than 1 ${what} type`));
  for (const k of ['httpGet', 'tcpSocket']) {
    if (!isObj(h[k])) continue;
    const port = h[k].port;
    if (typeof port === 'number') for (const m of isValidPortNum(port)) errs.push(invalid(`${p}.${k}.port`, port, m));
    else if (typeof port === 'string') for (const m of isValidPortName(port)) errs.push(invalid(`${p}.${k}.port`, port, m));
    else errs.push(required(`${p}.${k}.port`));
  }
  if (isObj(h.httpGet) && h.httpGet.scheme !== undefined && !['HTTP', 'HTTPS'].includes(h.httpGet.scheme)) {
    errs.push(notSupported(`${p}.httpGet.scheme`, h.httpGet.scheme, ['HTTP', 'HTTPS']));
  }
  return errs;
}

function validateProbe(probe: unknown, p: string, mustSucceedOnce: boolean): FieldError[] {
  if (!isObj(probe)) return [];
  const errs = validateHandler(probe, p, 'handler');
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    const v = probe[f];
    if (v !== undefined && (!isInt(v) || v < 0)) errs.push(invalid(`${p}.${f}`, v, 'must be greater than or equal to 0'));
  }
  if (mustSucceedOnce && probe.successThreshold !== undefined && probe.successThreshold !== 1) {
    errs.push(invalid(`${p}.successThreshold`, probe.successThreshold, 'must be 1'));
  }
  return errs;
}

function validateMounts(mounts: unknown, p: string, ctx: ContainerContext): FieldError[] {
  const errs: FieldError[] = [];
  const paths = new Set<string>();
  arr(mounts).forEach((raw, i) => {
    const m = obj(raw);
    const mp = `${p}[${i}]`;
    if (!m.name) errs.push(required(`${mp}.name`));
    else if (!ctx.volumes.has(m.name)) errs.push(notFound(`${mp}.name`, m.name));
    if (!m.mountPath) errs.push(required(`${mp}.mountPath`));
    else if (paths.has(m.mountPath)) errs.push(invalid(`${mp}.mountPath`, m.mountPath, 'must be unique'));
    else paths.add(m.mountPath);
    if (m.subPath && (String(m.subPath).startsWith('/') || String(m.subPath).split('/').includes('..'))) {
      errs.push(invalid(`${mp}.subPath`, m.subPath, "must be a relative path without '..'"));
    }
  });
  return errs;
}

/** Validates one container at path `p` (e.g. `spec.containers[0]`). */
export function validateContainer(c: Obj, p: string, ctx: ContainerContext): FieldError[] {
  const errs: FieldError[] = [];
  if (!c.name) errs.push(required(`${p}.name`));
  else {
    for (const m of isDNS1123Label(String(c.name))) errs.push(invalid(`${p}.name`, c.name, m));
    if (ctx.names.has(c.name)) errs.push(duplicate(`${p}.name`, c.name));
    ctx.names.add(c.name);
  }
  if (!c.image || (typeof c.image === 'string' && c.image.trim() === '')) errs.push(required(`${p}.image`));
  else if (typeof c.image === 'string' && c.image !== c.image.trim()) {
    errs.push(invalid(`${p}.image`, c.image, 'must not have leading or trailing whitespace'));
  }
  if (!c.imagePullPolicy) errs.push(required(`${p}.imagePullPolicy`));
  else if (!PULL_POLICIES.includes(c.imagePullPolicy)) errs.push(notSupported(`${p}.imagePullPolicy`, c.imagePullPolicy, PULL_POLICIES));
  if (!c.terminationMessagePolicy) errs.push(required(`${p}.terminationMessagePolicy`));
  else if (!TERMINATION_POLICIES.includes(c.terminationMessagePolicy)) {
    errs.push(notSupported(`${p}.terminationMessagePolicy`, c.terminationMessagePolicy, TERMINATION_POLICIES));
  }
  errs.push(...validatePorts(c.ports, `${p}.ports`));
  errs.push(...validateEnv(c.env, `${p}.env`));
  errs.push(...validateResources(c.resources, `${p}.resources`));
  errs.push(...validateMounts(c.volumeMounts, `${p}.volumeMounts`, ctx));
  const sidecar = ctx.init && c.restartPolicy === 'Always';
  if (ctx.init && !sidecar) {
    for (const f of ['livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle']) {
      if (c[f] !== undefined) errs.push(forbidden(`${p}.${f}`, `may not be set for init containers without restartPolicy=Always`));
    }
  } else {
    errs.push(...validateProbe(c.livenessProbe, `${p}.livenessProbe`, true));
    errs.push(...validateProbe(c.readinessProbe, `${p}.readinessProbe`, false));
    errs.push(...validateProbe(c.startupProbe, `${p}.startupProbe`, true));
    for (const hook of ['postStart', 'preStop']) {
      const h = obj(c.lifecycle)[hook];
      if (isObj(h)) errs.push(...validateHandler(h, `${p}.lifecycle.${hook}`, 'handler'));
    }
  }
  if (c.restartPolicy !== undefined) {
    if (!ctx.init) errs.push(forbidden(`${p}.restartPolicy`, 'may not be set for non-init containers'));
    else if (c.restartPolicy !== 'Always') errs.push(notSupported(`${p}.restartPolicy`, c.restartPolicy, ['Always']));
  }
  return errs;
}

/** Validates a PodSpec's activeDeadlineSeconds-style positive int32. */
export function positiveInt32(v: unknown, p: string): FieldError[] {
  if (v === undefined || v === null) return [];
  return isInt(v) && v >= 1 && v <= 2147483647 ? [] : [invalid(p, v, inclusiveRangeError(1, 2147483647))];
}

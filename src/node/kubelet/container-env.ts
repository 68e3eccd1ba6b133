/**
 * A container's environment as upstream's kubelet makes it
 * (makeEnvironmentVariables): envFrom sources first, then env entries in
 * order, each value with $(VAR) references expanded against what came
 * before; fieldRef and resourceFieldRef from the pod, configMapKeyRef and
 * secretKeyRef read through the API. A missing required source is a
 * CreateContainerConfigError, as upstream reports it.
 */
import { K8sError, isK8sError } from '../../base/errors.ts';
import { parseQuantity, quantityMilli, quantityValue } from '../../api/quantity.ts';
import type { KObject } from '../../api/types.ts';
import type { KubeClient } from '../../client/types.ts';
import type { KeyValue } from '../runtime/types.ts';

type Obj = Record<string, unknown>;

/** What env resolution needs besides the pod and the container. */
export interface EnvContext {
  client: KubeClient;
  hostIP: string;
  podIPs: string[];
  /** Node allocatable (cpu, memory, ephemeral-storage), used when a limit is not set. */
  allocatable: Record<string, string>;
}

/** A failure that keeps the container waiting with reason CreateContainerConfigError. */
export class ContainerConfigError extends K8sError {
  constructor(message: string) { super('BadRequest', message); }
}

/** Expand $(VAR) with earlier variables; $$(VAR) escapes; unknown references stay as written. */
export function expandVars(value: string, vars: Map<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name: string | undefined) => {
    if (m === '$$') return '$';
    return name !== undefined && vars.has(name) ? (vars.get(name) as string) : m;
  });
}

/** The value of a downward API field path (fieldRef). */
export function fieldPathValue(pod: KObject, path: string, ctx: Pick<EnvContext, 'hostIP' | 'podIPs'>): string {
  const md = pod.metadata as Obj;
  const sub = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (sub) return String(((md[sub[1] as string] ?? {}) as Obj)[sub[2] as string] ?? '');
  switch (path) {
    case 'metadata.name': return String(md.name ?? '');
    case 'metadata.namespace': return String(md.namespace ?? '');
    case 'metadata.uid': return String(md.uid ?? '');
    case 'spec.nodeName': return String(pod.spec?.nodeName ?? '');
    case 'spec.serviceAccountName': return String(pod.spec?.serviceAccountName ?? '');
    case 'status.hostIP': return ctx.hostIP;
    case 'status.hostIPs': return ctx.hostIP;
    case 'status.podIP': return ctx.podIPs[0] ?? '';
    case 'status.podIPs': return ctx.podIPs.join(',');
    default: throw new ContainerConfigError(`unsupported fieldRef fieldPath ${path}`);
  }
}

/** The value of a resourceFieldRef: the container's limit (or node allocatable) or request, over the divisor, rounded up. */
export function resourceFieldValue(container: Obj, ref: Obj, allocatable: Record<string, string>): string {
  const resource = String(ref.resource ?? '');
  const [kind, name] = resource.split('.', 2) as [string, string];
  const res = (container.resources ?? {}) as Obj;
  const set = ((kind === 'limits' ? res.limits : res.requests) ?? {}) as Record<string, string>;
  let raw = set[name];
  if (raw === undefined && kind === 'limits') raw = allocatable[name];
  if (raw === undefined) raw = '0';
  const divisor = parseQuantity(String(ref.divisor ?? '1'));
  const q = parseQuantity(raw);
  if (name === 'cpu') {
    const d = quantityMilli(divisor) || 1000;
    return String(Math.ceil(quantityMilli(q) / d));
  }
  const d = quantityValue(divisor) || 1;
  return String(Math.ceil(quantityValue(q) / d));
}

async function readSource(client: KubeClient, kind: 'configmaps' | 'secrets', namespace: string, name: string, optional: boolean): Promise<Record<string, string> | undefined> {
  try {
    const obj = await client.get({ group: '', version: 'v1', plural: kind, namespace, name });
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries((obj.data ?? {}) as Record<string, string>)) out[k] = kind === 'secrets' ? Buffer.from(v, 'base64').toString('utf8') : v;
    if (kind === 'configmaps') for (const [k, v] of Object.entries((obj.binaryData ?? {}) as Record<string, string>)) out[k] = Buffer.from(v, 'base64').toString('utf8');
    return out;
  } catch (e) {
    if (!isK8sError(e, 'NotFound')) throw e;
    if (optional) return undefined;
    throw new ContainerConfigError(`${kind === 'secrets' ? 'secret' : 'configmap'} "${name}" not found`);
  }
}

/** The environment of `container` in `pod`. */
export async function containerEnv(pod: KObject, container: Obj, ctx: EnvContext): Promise<KeyValue[]> {
  const ns = String(pod.metadata.namespace);
  const vars = new Map<string, string>();
  const cache = new Map<string, Record<string, string> | undefined>();
  const source = async (kind: 'configmaps' | 'secrets', name: string, optional: boolean) => {
    const key = `${kind}/${name}`;
    if (!cache.has(key)) cache.set(key, await readSource(ctx.client, kind, ns, name, optional));
    return cache.get(key);
  };
  for (const from of (container.envFrom ?? []) as Obj[]) {
    const cm = from.configMapRef as Obj | undefined;
    const sec = from.secretRef as Obj | undefined;
    const ref = cm ?? sec;
    if (!ref) continue;
    const data = await source(cm ? 'configmaps' : 'secrets', String(ref.name), ref.optional === true);
    for (const [k, v] of Object.entries(data ?? {})) vars.set(`${String(from.prefix ?? '')}${k}`, v);
  }
  for (const e of (container.env ?? []) as Obj[]) {
    const name = String(e.name);
    const vf = e.valueFrom as Obj | undefined;
    if (!vf) { vars.set(name, expandVars(String(e.value ?? ''), vars)); continue; }
    if (vf.fieldRef) { vars.set(name, fieldPathValue(pod, String((vf.fieldRef as Obj).fieldPath), ctx)); continue; }
    if (vf.resourceFieldRef) { vars.set(name, resourceFieldValue(container, vf.resourceFieldRef as Obj, ctx.allocatable)); continue; }
    const sel = (vf.configMapKeyRef ?? vf.secretKeyRef) as Obj | undefined;
    if (!sel) continue;
    const kind = vf.configMapKeyRef ? 'configmaps' : 'secrets';
    const optional = sel.optional === true;
    const data = await source(kind, String(sel.name), optional);
    const value = data?.[String(sel.key)];
    if (value === undefined) {
      if (optional) continue;
      if (data) throw new ContainerConfigError(`couldn't find key ${String(sel.key)} in ${kind === 'secrets' ? 'Secret' : 'ConfigMap'} ${ns}/${String(sel.name)}`);
      continue;
    }
    vars.set(name, value);
  }
  return [...vars].map(([key, value]) => ({ key, value }));
}

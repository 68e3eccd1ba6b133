/**
 * LimitRanger admission, as upstream: on create, containers of a pod get
 * the default requests and limits of the namespace's LimitRanges (recorded
 * in the kubernetes.io/limit-ranger annotation), then pods, containers and
 * PersistentVolumeClaims are checked against min, max and
 * maxLimitRequestRatio; violations are refused with 403 Forbidden.
 */
import { K8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import { findByKind } from '../../../api/resources.ts';
import { compareQuantity, formatQuantity, parseQuantity, type Quantity } from '../../../api/quantity.ts';
import { podResources } from '../../../api/quota/usage.ts';
import type { AdmissionHook, RegistryContext } from '../registry/types.ts';
import { listObjects } from '../registry/read.ts';
import { watchNamespacePresence, type NamespacePresence } from '../registry/presence.ts';
import { decode } from '../registry/codec.ts';
import { podQOSClass } from '../registry/pod-qos.ts';

const limitRangeResource = findByKind('', 'LimitRange')!;
const ANNOTATION = 'kubernetes.io/limit-ranger';

type List = Record<string, string>;
/** One entry of spec.limits. */
interface LimitItem { type: string; max?: List; min?: List; default?: List; defaultRequest?: List; maxLimitRequestRatio?: List }
type Container = { name: string; resources?: { requests?: List; limits?: List } };

/** Upstream's LimitRangeItem defaulting: default from max, defaultRequest from default, then from min. */
export function effectiveDefaults(item: LimitItem): { limits: List; requests: List } {
  const limits: List = { ...(item.default ?? {}) };
  for (const [k, v] of Object.entries(item.max ?? {})) limits[k] ??= v;
  const requests: List = { ...(item.defaultRequest ?? {}) };
  for (const [k, v] of Object.entries(limits)) requests[k] ??= v;
  for (const [k, v] of Object.entries(item.min ?? {})) requests[k] ??= v;
  return { limits, requests };
}

/** Apply Container defaults to one container; returns the resource names set, for the annotation. */
export function defaultContainer(c: Container, d: { limits: List; requests: List }): { requests: string[]; limits: string[] } {
  const set = { requests: [] as string[], limits: [] as string[] };
  for (const which of ['limits', 'requests'] as const) {
    for (const [k, v] of Object.entries(d[which])) {
      if (c.resources?.[which]?.[k] !== undefined) continue;
      c.resources = { ...(c.resources ?? {}), [which]: { ...(c.resources?.[which] ?? {}), [k]: v } };
      set[which].push(k);
    }
  }
  return set;
}

const q = (v: string): Quantity => parseQuantity(v);
const fmt = (v: Quantity): string => formatQuantity(v);

/** min / max / ratio violations of requests and limits for a `kind` (Container, Pod, PersistentVolumeClaim). */
export function violations(item: LimitItem, kind: string, requests: Map<string, Quantity>, limits: Map<string, Quantity>): string[] {
  const errs: string[] = [];
  for (const [k, v] of Object.entries(item.min ?? {})) {
    const min = q(v);
    const req = requests.get(k);
    const lim = limits.get(k);
    // One message per constraint, the first that fails, as upstream.
    if (!req) errs.push(`minimum ${k} usage per ${kind} is ${fmt(min)}.  No request is specified`);
    else if (compareQuantity(req, min) < 0) errs.push(`minimum ${k} usage per ${kind} is ${fmt(min)}, but request is ${fmt(req)}`);
    else if (lim && compareQuantity(lim, min) < 0) errs.push(`minimum ${k} usage per ${kind} is ${fmt(min)}, but limit is ${fmt(lim)}`);
  }
  for (const [k, v] of Object.entries(item.max ?? {})) {
    const max = q(v);
    const req = requests.get(k);
    const lim = limits.get(k);
    // A PersistentVolumeClaim states requests only.
    if (kind !== 'PersistentVolumeClaim' && !lim) errs.push(`maximum ${k} usage per ${kind} is ${fmt(max)}.  No limit is specified`);
    else if (lim && compareQuantity(lim, max) > 0) errs.push(`maximum ${k} usage per ${kind} is ${fmt(max)}, but limit is ${fmt(lim)}`);
    else if (req && compareQuantity(req, max) > 0) errs.push(`maximum ${k} usage per ${kind} is ${fmt(max)}, but request is ${fmt(req)}`);
  }
  for (const [k, v] of Object.entries(item.maxLimitRequestRatio ?? {})) {
    const ratio = q(v);
    const req = requests.get(k);
    const lim = limits.get(k);
    if (!req || !lim || req.nanos === 0n) {
      errs.push(`${k} max limit to request ratio per ${kind} is ${fmt(ratio)}, but no request is specified or request is 0`);
      continue;
    }
    const actual = Number(lim.nanos) / Number(req.nanos);
    if (actual > Number(ratio.nanos) / 1e9) errs.push(`${k} max limit to request ratio per ${kind} is ${fmt(ratio)}, but provided ratio is ${actual.toFixed(6)}`);
  }
  return errs;
}

const toMap = (l: List | undefined): Map<string, Quantity> => new Map(Object.entries(l ?? {}).map(([k, v]) => [k, q(v)]));

/** Default and check a pod; returns error messages. */
export function admitPod(pod: KObject, items: LimitItem[]): string[] {
  const notes: string[] = [];
  const errs: string[] = [];
  for (const item of items.filter((i) => i.type === 'Container')) {
    const d = effectiveDefaults(item);
    for (const [list, label] of [[pod.spec?.initContainers, 'init container'], [pod.spec?.containers, 'container']] as const) {
      for (const c of (list ?? []) as Container[]) {
        const set = defaultContainer(c, d);
        if (set.requests.length) notes.push(`${set.requests.sort().join(', ')} request for ${label} ${c.name}`);
        if (set.limits.length) notes.push(`${set.limits.sort().join(', ')} limit for ${label} ${c.name}`);
      }
    }
  }
  if (notes.length) {
    pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [ANNOTATION]: `LimitRanger plugin set: ${notes.join('; ')}` };
    // The create strategy computed the QoS class before defaults were added.
    if (pod.status?.qosClass) pod.status.qosClass = podQOSClass(pod);
  }
  for (const item of items) {
    if (item.type === 'Container') {
      for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])] as Container[]) {
        errs.push(...violations(item, 'Container', toMap(c.resources?.requests), toMap(c.resources?.limits)));
      }
    } else if (item.type === 'Pod') {
      errs.push(...violations(item, 'Pod', podResources(pod, 'requests'), podResources(pod, 'limits')));
    }
  }
  return errs;
}

/** Build the hook; LimitRanges are read straight from the store. */
export function limitRanger(ctx: () => RegistryContext): AdmissionHook {
  let presence: Promise<NamespacePresence> | undefined;
  return {
    name: 'LimitRanger',
    async admit(a) {
      if (a.operation !== 'CREATE' || a.subresource || a.resource.group !== '' || !a.object) return;
      const kind = a.resource.kind;
      if (kind !== 'Pod' && kind !== 'PersistentVolumeClaim') return;
      presence ??= watchNamespacePresence(ctx(), limitRangeResource);
      if (!(await presence).has(a.namespace)) return;
      const page = await listObjects(ctx(), limitRangeResource, { namespace: a.namespace });
      if (page.items.length === 0) return;
      const items = page.items.flatMap((i) => ((i.obj ?? decode(i.kv)).spec?.limits ?? []) as LimitItem[]);
      const errs = kind === 'Pod'
        ? admitPod(a.object, items)
        : items.filter((i) => i.type === 'PersistentVolumeClaim').flatMap((i) => violations(i, 'PersistentVolumeClaim',
          toMap(a.object!.spec?.resources?.requests), toMap(a.object!.spec?.resources?.limits)));
      if (errs.length === 0) return;
      const msg = errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`;
      throw new K8sError('Forbidden', `${a.resource.plural} "${a.name}" is forbidden: ${msg}`, { name: a.name, kind: a.resource.plural });
    },
  };
}

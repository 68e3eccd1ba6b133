/**
 * ResourceQuota evaluation shared by the quota controller (status.used) and
 * quota admission, pure: what one object charges against a quota (object
 * counts, pod compute requests/limits, storage), which quotas' scopes an
 * object falls under, and resource-list arithmetic in canonical quantities.
 */
import type { KObject } from '../types.ts';
import { addQuantity, compareQuantity, formatQuantity, parseQuantity, subQuantity, ZERO_QUANTITY, type Quantity } from '../quantity.ts';

/** A resource list: resource name to amount. */
export type Usage = Map<string, Quantity>;

const ONE = parseQuantity('1');
/** Legacy object-count names upstream still accepts beside count/<resource>. */
const LEGACY_COUNTS: Record<string, string> = {
  '/pods': 'pods', '/services': 'services', '/configmaps': 'configmaps', '/secrets': 'secrets',
  '/persistentvolumeclaims': 'persistentvolumeclaims', '/replicationcontrollers': 'replicationcontrollers',
  '/resourcequotas': 'resourcequotas',
};

/** `count/<plural>` for core, `count/<plural>.<group>` otherwise. */
export function countName(group: string, plural: string): string {
  return group ? `count/${plural}.${group}` : `count/${plural}`;
}

/** Parse `count/<plural>[.<group>]` into group and plural. */
export function parseCountName(name: string): { group: string; plural: string } | undefined {
  if (!name.startsWith('count/')) return undefined;
  const rest = name.slice(6);
  const i = rest.indexOf('.');
  return i < 0 ? { group: '', plural: rest } : { group: rest.slice(i + 1), plural: rest.slice(0, i) };
}

/** A pod still holds quota unless terminal. */
export function podCounts(pod: KObject): boolean {
  return pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';
}

function add(u: Usage, k: string, q: Quantity): void {
  u.set(k, addQuantity(u.get(k) ?? ZERO_QUANTITY, q));
}

type Resources = { requests?: Record<string, string>; limits?: Record<string, string> };

/** Effective pod requests or limits: max(sum of containers, largest init container) plus overhead. */
export function podResources(pod: KObject, which: 'requests' | 'limits'): Usage {
  const sum: Usage = new Map();
  for (const c of (pod.spec?.containers ?? []) as { resources?: Resources }[]) {
    for (const [k, v] of Object.entries(c.resources?.[which] ?? {})) add(sum, k, parseQuantity(v));
  }
  for (const c of (pod.spec?.initContainers ?? []) as { resources?: Resources }[]) {
    for (const [k, v] of Object.entries(c.resources?.[which] ?? {})) {
      const q = parseQuantity(v);
      if (compareQuantity(q, sum.get(k) ?? ZERO_QUANTITY) > 0) sum.set(k, q);
    }
  }
  for (const [k, v] of Object.entries((pod.spec?.overhead ?? {}) as Record<string, string>)) add(sum, k, parseQuantity(v));
  return sum;
}

/** True when no container has any request or limit (BestEffort QoS). */
export function isBestEffort(pod: KObject): boolean {
  const all = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])] as { resources?: Resources }[];
  return all.every((c) => Object.keys(c.resources?.requests ?? {}).length === 0 && Object.keys(c.resources?.limits ?? {}).length === 0);
}

/** What one object charges (all resource names it affects). */
export function objectUsage(group: string, plural: string, obj: KObject): Usage {
  const u: Usage = new Map();
  if (group === '' && plural === 'pods' && !podCounts(obj)) return u;
  u.set(countName(group, plural), ONE);
  const legacy = LEGACY_COUNTS[`${group}/${plural}`];
  if (legacy) u.set(legacy, ONE);
  if (group === '' && plural === 'pods') {
    for (const [k, q] of podResources(obj, 'requests')) {
      add(u, `requests.${k}`, q);
      if (k === 'cpu' || k === 'memory' || k === 'ephemeral-storage') add(u, k, q);
    }
    for (const [k, q] of podResources(obj, 'limits')) add(u, `limits.${k}`, q);
  } else if (group === '' && plural === 'services') {
    const type = obj.spec?.type ?? 'ClusterIP';
    if (type === 'LoadBalancer') u.set('services.loadbalancers', ONE);
    if (type === 'NodePort' || type === 'LoadBalancer') {
      const n = ((obj.spec?.ports ?? []) as { nodePort?: number }[]).length;
      u.set('services.nodeports', parseQuantity(String(n)));
    }
  } else if (group === '' && plural === 'persistentvolumeclaims') {
    const storage = obj.spec?.resources?.requests?.storage as string | undefined;
    const cls = obj.spec?.storageClassName as string | undefined;
    if (storage) add(u, 'requests.storage', parseQuantity(storage));
    if (cls) {
      u.set(`${cls}.storageclass.storage.k8s.io/persistentvolumeclaims`, ONE);
      if (storage) u.set(`${cls}.storageclass.storage.k8s.io/requests.storage`, parseQuantity(storage));
    }
  }
  return u;
}

/** Does the object fall under the quota's scopes (spec.scopes and spec.scopeSelector)? */
export function matchesScopes(quota: KObject, group: string, plural: string, obj: KObject): boolean {
  const scopes: { scopeName: string; operator?: string; values?: string[] }[] = [
    ...((quota.spec?.scopes ?? []) as string[]).map((s) => ({ scopeName: s, operator: 'Exists' })),
    ...((quota.spec?.scopeSelector?.matchExpressions ?? []) as { scopeName: string; operator: string; values?: string[] }[]),
  ];
  if (scopes.length === 0) return true;
  if (group !== '' || plural !== 'pods') return false;
  return scopes.every((s) => {
    switch (s.scopeName) {
      case 'Terminating': return typeof obj.spec?.activeDeadlineSeconds === 'number';
      case 'NotTerminating': return typeof obj.spec?.activeDeadlineSeconds !== 'number';
      case 'BestEffort': return isBestEffort(obj);
      case 'NotBestEffort': return !isBestEffort(obj);
      case 'PriorityClass': {
        const pc = obj.spec?.priorityClassName as string | undefined;
        if (s.operator === 'Exists') return !!pc;
        if (s.operator === 'DoesNotExist') return !pc;
        const inValues = !!pc && (s.values ?? []).includes(pc);
        return s.operator === 'NotIn' ? !inValues : inValues;
      }
      default: return false;
    }
  });
}

/** Only the resource names the quota constrains. */
export function mask(u: Usage, names: Iterable<string>): Usage {
  const out: Usage = new Map();
  for (const n of names) { const q = u.get(n); if (q) out.set(n, q); }
  return out;
}

/** a + b (or a - b with sign -1). */
export function addUsage(a: Usage, b: Usage, sign: 1 | -1 = 1): Usage {
  const out: Usage = new Map(a);
  for (const [k, q] of b) out.set(k, sign > 0 ? addQuantity(out.get(k) ?? ZERO_QUANTITY, q) : subQuantity(out.get(k) ?? ZERO_QUANTITY, q));
  return out;
}

/** Parse a ResourceList object. */
export function parseUsage(list: Record<string, string> | undefined): Usage {
  return new Map(Object.entries(list ?? {}).map(([k, v]) => [k, parseQuantity(v)]));
}

/** A ResourceList object in canonical form, keys sorted. */
export function formatUsage(u: Usage): Record<string, string> {
  return Object.fromEntries([...u.keys()].sort().map((k) => [k, formatQuantity(u.get(k) as Quantity)]));
}

/** `a=1,b=2` as upstream prints resource lists in quota errors. */
export function prettyUsage(u: Usage): string {
  return [...u.keys()].sort().map((k) => `${k}=${formatQuantity(u.get(k) as Quantity)}`).join(',');
}

/** Compute resources a pod must state because the quota constrains them (upstream's "must specify"). */
export function missingPodResources(pod: KObject, hard: Iterable<string>): string[] {
  const missing = new Set<string>();
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])] as { resources?: Resources }[];
  for (const name of hard) {
    const m = /^(requests|limits)\.(cpu|memory|ephemeral-storage)$/.exec(name) ?? /^()(cpu|memory|ephemeral-storage)$/.exec(name);
    if (!m) continue;
    const which = m[1] === 'limits' ? 'limits' : 'requests';
    const res = m[2] as string;
    if (containers.some((c) => c.resources?.[which]?.[res] === undefined)) missing.add(name);
  }
  return [...missing].sort();
}

/**
 * Resource arithmetic on plain numbers: CPU in millicores, everything else
 * in whole units. Quantities are parsed once per pod or node (parsing goes
 * through bigint), and parse results are memoized because clusters repeat
 * the same few strings ("100m", "128Mi") thousands of times.
 */
import { parseQuantity, quantityMilli, quantityValue } from '../../api/quantity.ts';
import type { Node, Pod } from './types.ts';

/** An amount of every resource the scheduler accounts. */
export interface Resource {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  /** Max pods (only meaningful for allocatable). */
  allowedPodNumber: number;
  /** Extended resources and hugepages, by name. */
  scalar: Map<string, number>;
}

/** Upstream's defaults for containers without requests, used only when scoring. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** A zero resource. */
export function emptyResource(): Resource {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, allowedPodNumber: 0, scalar: new Map() };
}

const milliMemo = new Map<string, number>();
const valueMemo = new Map<string, number>();

function memo(cache: Map<string, number>, raw: unknown, conv: (s: string) => number): number {
  const s = String(raw);
  let v = cache.get(s);
  if (v === undefined) {
    try {
      v = conv(s);
    } catch {
      v = 0; // the API server validated the object; a bad value counts as nothing
    }
    if (cache.size > 10_000) cache.clear();
    cache.set(s, v);
  }
  return v;
}

/** Millicores of a quantity string. */
export function milli(raw: unknown): number { return memo(milliMemo, raw, (s) => quantityMilli(parseQuantity(s))); }
/** Whole units of a quantity string (rounded up). */
export function units(raw: unknown): number { return memo(valueMemo, raw, (s) => quantityValue(parseQuantity(s))); }

/** True for names the scheduler checks as scalar resources (extended resources, hugepages). */
function isScalar(name: string): boolean {
  return name.startsWith('hugepages-') || (name.includes('/') && !name.startsWith('kubernetes.io/'));
}

/** Add a resource list (`{cpu: "100m", ...}`) into `r`. */
export function addList(r: Resource, list: Record<string, unknown> | undefined): void {
  if (!list) return;
  for (const [name, q] of Object.entries(list)) {
    switch (name) {
      case 'cpu': r.milliCPU += milli(q); break;
      case 'memory': r.memory += units(q); break;
      case 'ephemeral-storage': r.ephemeralStorage += units(q); break;
      case 'pods': r.allowedPodNumber += units(q); break;
      default:
        if (isScalar(name)) r.scalar.set(name, (r.scalar.get(name) ?? 0) + units(q));
    }
  }
}

/** r = max(r, o) per resource. */
function maxInto(r: Resource, o: Resource): void {
  r.milliCPU = Math.max(r.milliCPU, o.milliCPU);
  r.memory = Math.max(r.memory, o.memory);
  r.ephemeralStorage = Math.max(r.ephemeralStorage, o.ephemeralStorage);
  for (const [k, v] of o.scalar) r.scalar.set(k, Math.max(r.scalar.get(k) ?? 0, v));
}

/** r += o (or -= with sign -1), pods excluded. */
export function addResource(r: Resource, o: Resource, sign = 1): void {
  r.milliCPU += sign * o.milliCPU;
  r.memory += sign * o.memory;
  r.ephemeralStorage += sign * o.ephemeralStorage;
  for (const [k, v] of o.scalar) r.scalar.set(k, (r.scalar.get(k) ?? 0) + sign * v);
}

/**
 * A pod's effective requests as upstream computes them: the sum of regular
 * and restartable (sidecar) init containers, or the largest plain init
 * container plus the sidecars started before it if larger, plus overhead.
 * With `nonZero`, containers without a cpu/memory request count upstream's
 * defaults (scoring spreads such pods instead of piling them up).
 */
export function podRequests(pod: Pod, nonZero = false): Resource {
  const sum = emptyResource();
  const one = (c: { resources?: { requests?: Record<string, unknown> } }): Resource => {
    const r = emptyResource();
    addList(r, c.resources?.requests);
    if (nonZero) {
      const req = c.resources?.requests ?? {};
      if (req.cpu === undefined) r.milliCPU = DEFAULT_MILLI_CPU_REQUEST;
      if (req.memory === undefined) r.memory = DEFAULT_MEMORY_REQUEST;
    }
    return r;
  };
  for (const c of pod.spec?.containers ?? []) addResource(sum, one(c));
  const sidecars = emptyResource();
  const initMax = emptyResource();
  for (const c of pod.spec?.initContainers ?? []) {
    const r = one(c);
    if (c.restartPolicy === 'Always') {
      addResource(sum, r);
      addResource(sidecars, r);
    } else {
      addResource(r, sidecars);
      maxInto(initMax, r);
    }
  }
  maxInto(sum, initMax);
  const overhead = emptyResource();
  addList(overhead, pod.spec?.overhead);
  addResource(sum, overhead);
  return sum;
}

/** A node's allocatable resources (capacity when allocatable is absent). */
export function nodeAllocatable(node: Node): Resource {
  const r = emptyResource();
  addList(r, node.status?.allocatable ?? node.status?.capacity);
  return r;
}

/**
 * Pure rules of upstream's localStorageEviction for emptyDir volumes
 * (pkg/kubelet/eviction): which volumes have a limit to enforce, which pods
 * may be evicted at all, and the message kubectl shows.
 */
import { formatQuantity, parseQuantity, quantityValue, type Quantity } from '../../../api/quantity.ts';
import type { KObject } from '../../../api/types.ts';
import type { EmptyDirLimit } from './types.ts';

type Obj = Record<string, unknown>;

/** Upstream's SystemCriticalPriority: pods at or above it are never evicted by the kubelet. */
export const SYSTEM_CRITICAL_PRIORITY = 2_000_000_000;

/**
 * Disk-backed emptyDir volumes of a pod with a positive sizeLimit. Memory
 * emptyDirs are left out: their tmpfs is mounted with size=sizeLimit, so
 * writes fail with ENOSPC before usage can exceed it.
 */
export function diskEmptyDirLimits(pod: KObject): EmptyDirLimit[] {
  const out: EmptyDirLimit[] = [];
  for (const vol of (pod.spec?.volumes ?? []) as Obj[]) {
    const ed = vol.emptyDir as Obj | undefined;
    if (!ed || ed.medium === 'Memory' || ed.sizeLimit === undefined || ed.sizeLimit === null) continue;
    let q: Quantity;
    try { q = parseQuantity(ed.sizeLimit as string | number); } catch { continue; } // validation rejects these; never evict on a bad spec
    const limitBytes = quantityValue(q);
    if (limitBytes > 0) out.push({ volume: vol.name as string, limitBytes, limit: formatQuantity(q) });
  }
  return out;
}

/**
 * Upstream's emptyDirMessageFmt, `Usage of EmptyDir volume %q exceeds the limit %q. `
 * (trailing space included). JSON.stringify quotes as Go's %q does for the
 * characters volume names and quantities can hold.
 */
export function emptyDirLimitMessage(volume: string, limit: string): string {
  return `Usage of EmptyDir volume ${JSON.stringify(volume)} exceeds the limit ${JSON.stringify(limit)}. `;
}

/**
 * Upstream's IsCriticalPod: static pods (config.source other than "api"),
 * mirror pods and pods of system-critical priority; the kubelet refuses to
 * evict them because nothing would re-admit them (kubernetes#40573).
 */
export function isCriticalPod(pod: KObject): boolean {
  const ann = pod.metadata.annotations ?? {};
  const source = ann['kubernetes.io/config.source'];
  if (source !== undefined && source !== 'api') return true;
  if (ann['kubernetes.io/config.mirror'] !== undefined) return true;
  const prio = pod.spec?.priority;
  return typeof prio === 'number' && prio >= SYSTEM_CRITICAL_PRIORITY;
}

/** Upstream's active pods: not terminal and not being deleted. */
export function isActivePod(pod: KObject): boolean {
  const phase = pod.status?.phase;
  return !pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed';
}

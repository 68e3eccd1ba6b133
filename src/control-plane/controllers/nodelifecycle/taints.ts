/**
 * The taints the node lifecycle controller owns, pure: NoExecute and
 * NoSchedule `not-ready` / `unreachable` from the Ready condition, the
 * NoSchedule pressure and network taints from the other conditions, and
 * `unschedulable` from spec.unschedulable (upstream's TaintNodesByCondition
 * and taint-based evictions). Taints of anyone else are kept as they are.
 */
import type { KObject } from '../../../api/types.ts';
import { rfc3339 } from '../common/pod-utils.ts';
import { nodeCondition } from './health.ts';

/** A node taint. */
export interface Taint { key: string; value?: string; effect: string; timeAdded?: string }

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
const CONDITION_TAINTS: [string, string, string][] = [
  ['MemoryPressure', 'True', 'node.kubernetes.io/memory-pressure'],
  ['DiskPressure', 'True', 'node.kubernetes.io/disk-pressure'],
  ['PIDPressure', 'True', 'node.kubernetes.io/pid-pressure'],
  ['NetworkUnavailable', 'True', 'node.kubernetes.io/network-unavailable'],
];
const MANAGED = new Set([TAINT_NOT_READY, TAINT_UNREACHABLE, 'node.kubernetes.io/unschedulable', ...CONDITION_TAINTS.map((c) => c[2])]);

/** The managed taints (key + effect) the node should carry. */
export function wantedTaints(node: KObject): Taint[] {
  const out: Taint[] = [];
  const ready = nodeCondition(node, 'Ready')?.status;
  const key = ready === 'False' ? TAINT_NOT_READY : ready === 'Unknown' ? TAINT_UNREACHABLE : undefined;
  if (key) out.push({ key, effect: 'NoSchedule' }, { key, effect: 'NoExecute' });
  for (const [type, status, k] of CONDITION_TAINTS) {
    if (nodeCondition(node, type)?.status === status) out.push({ key: k, effect: 'NoSchedule' });
  }
  if (node.spec?.unschedulable) out.push({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' });
  return out;
}

/** The node's new taint list, or undefined when it already matches. */
export function reconcileTaints(node: KObject, now: number): Taint[] | undefined {
  const cur = (node.spec?.taints ?? []) as Taint[];
  const want = wantedTaints(node);
  const same = (a: Taint, b: Taint): boolean => a.key === b.key && a.effect === b.effect;
  const kept = cur.filter((t) => !MANAGED.has(t.key) || want.some((w) => same(w, t)));
  const added = want.filter((w) => !cur.some((t) => same(w, t)))
    .map((w) => (w.effect === 'NoExecute' ? { ...w, timeAdded: rfc3339(now) } : w));
  if (added.length === 0 && kept.length === cur.length) return undefined;
  return [...kept, ...added];
}

/**
 * Taint-based eviction, pure: when must a pod on a node with NoExecute
 * taints go? At once if some taint has no matching toleration, after the
 * smallest tolerationSeconds of the matching tolerations otherwise, never
 * if they tolerate forever.
 */
import type { KObject } from '../../../api/types.ts';
import type { Taint } from './taints.ts';

/** A pod toleration. */
export interface Toleration { key?: string; operator?: string; value?: string; effect?: string; tolerationSeconds?: number }

/** Does the toleration match the taint (key, value per operator, effect)? */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  const op = t.operator ?? 'Equal';
  if (!t.key) return op === 'Exists';
  if (t.key !== taint.key) return false;
  return op === 'Exists' || (t.value ?? '') === (taint.value ?? '');
}

/** Outcome of {@link evictionTime}: epoch ms to evict at, or undefined for never. */
export function evictionTime(pod: KObject, taints: Taint[], firstSeen: (t: Taint) => number): number | undefined {
  const noExecute = taints.filter((t) => t.effect === 'NoExecute');
  if (noExecute.length === 0) return undefined;
  const tolerations = (pod.spec?.tolerations ?? []) as Toleration[];
  let at: number | undefined;
  for (const taint of noExecute) {
    const matching = tolerations.filter((t) => tolerates(t, taint));
    if (matching.length === 0) return -Infinity;
    const bounded = matching.filter((t) => typeof t.tolerationSeconds === 'number');
    // Only unbounded tolerations: tolerated forever. Otherwise the shortest bound wins, as upstream.
    if (bounded.length === 0) continue;
    const secs = Math.max(0, Math.min(...bounded.map((t) => t.tolerationSeconds as number)));
    const when = firstSeen(taint) + secs * 1000;
    at = at === undefined ? when : Math.min(at, when);
  }
  return at;
}

/** Taint and toleration matching, as upstream's v1 helpers define it. */

/** A node taint. */
export interface Taint { key: string; value?: string; effect: string }
/** A pod toleration. */
export interface Toleration { key?: string; operator?: string; value?: string; effect?: string }

/** Whether one toleration tolerates a taint (empty effect matches all; empty key with Exists matches all keys). */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (!t.key && t.operator !== 'Exists') return false;
  if (t.operator === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

/** The first taint (with an effect in `effects`) no toleration tolerates. */
export function firstUntolerated(taints: Taint[] | undefined, tolerations: Toleration[] | undefined,
  effects: readonly string[]): Taint | undefined {
  for (const taint of taints ?? []) {
    if (!effects.includes(taint.effect)) continue;
    if (!(tolerations ?? []).some((t) => tolerates(t, taint))) return taint;
  }
  return undefined;
}

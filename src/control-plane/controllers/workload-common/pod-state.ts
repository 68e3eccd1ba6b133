/**
 * Pod state as the workload controllers judge it: active, ready, available
 * (ready for minReadySeconds), terminal.
 */
import type { KObject } from '../../../api/types.ts';

interface Condition { type: string; status: string; lastTransitionTime?: string }

/** The pod's condition of the given type. */
export function podCondition(p: KObject, type: string): Condition | undefined {
  return (p.status?.conditions as Condition[] | undefined)?.find((c) => c.type === type);
}

/** Succeeded or Failed. */
export function isPodTerminal(p: KObject): boolean {
  const phase = p.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** Not terminal and not being deleted (upstream's FilterActivePods). */
export function isPodActive(p: KObject): boolean {
  return !isPodTerminal(p) && !p.metadata.deletionTimestamp;
}

/** Ready condition True. */
export function isPodReady(p: KObject): boolean {
  return podCondition(p, 'Ready')?.status === 'True';
}

/** Running with Ready True (StatefulSet's OrderedReady gate). */
export function isRunningAndReady(p: KObject): boolean {
  return p.status?.phase === 'Running' && isPodReady(p);
}

/** Ready for at least minReadySeconds at `nowMs`. */
export function isPodAvailable(p: KObject, minReadySeconds: number, nowMs: number): boolean {
  const c = podCondition(p, 'Ready');
  if (c?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  const since = c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : NaN;
  return !Number.isNaN(since) && since + minReadySeconds * 1000 <= nowMs;
}

/** When a ready pod becomes available, ms from now (for requeue); undefined if never/already. */
export function msUntilAvailable(p: KObject, minReadySeconds: number, nowMs: number): number | undefined {
  const c = podCondition(p, 'Ready');
  if (c?.status !== 'True' || !minReadySeconds || !c.lastTransitionTime) return undefined;
  const at = Date.parse(c.lastTransitionTime) + minReadySeconds * 1000;
  return at > nowMs ? at - nowMs : undefined;
}

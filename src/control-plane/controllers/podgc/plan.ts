/**
 * What the pod garbage collector deletes, pure (upstream pkg/controller/podgc):
 * - terminated pods (Succeeded/Failed) beyond the threshold, oldest first;
 * - pods bound to nodes that do not exist;
 * - terminating pods that were never scheduled;
 * - terminating pods on NotReady nodes tainted out-of-service.
 */
import type { KObject } from '../../../api/types.ts';

/** Why a pod is collected (log field and condition message). */
export type GCReason = 'terminated' | 'orphaned' | 'unscheduled-terminating' | 'out-of-service';

/** A pod to delete (always force: grace 0, as nothing will finish it). */
export interface GCItem { pod: KObject; reason: GCReason }

const OUT_OF_SERVICE = 'node.kubernetes.io/out-of-service';

const terminal = (p: KObject): boolean => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
const created = (p: KObject): number => Date.parse(p.metadata.creationTimestamp ?? '') || 0;

/** Terminated pods past `threshold`, oldest first (threshold <= 0 disables). */
export function terminatedOverThreshold(pods: KObject[], threshold: number): KObject[] {
  if (threshold <= 0) return [];
  const done = pods.filter((p) => terminal(p) && !p.metadata.deletionTimestamp);
  if (done.length <= threshold) return [];
  return done.sort((a, b) => created(a) - created(b) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '')).slice(0, done.length - threshold);
}

/** Pods whose node is missing from `nodes` (candidates: the caller confirms with the API). */
export function orphanCandidates(pods: KObject[], nodeExists: (name: string) => boolean): KObject[] {
  return pods.filter((p) => p.spec?.nodeName && !nodeExists(p.spec.nodeName));
}

/** Terminating pods never bound to a node. */
export function unscheduledTerminating(pods: KObject[]): KObject[] {
  return pods.filter((p) => p.metadata.deletionTimestamp && !p.spec?.nodeName && !terminal(p));
}

/** Terminating pods on nodes that are not Ready and tainted out-of-service. */
export function outOfServiceTerminating(pods: KObject[], node: (name: string) => KObject | undefined): KObject[] {
  return pods.filter((p) => {
    if (!p.metadata.deletionTimestamp || !p.spec?.nodeName) return false;
    const n = node(p.spec.nodeName);
    if (!n) return false;
    const ready = ((n.status?.conditions ?? []) as { type: string; status: string }[]).find((c) => c.type === 'Ready')?.status === 'True';
    return !ready && ((n.spec?.taints ?? []) as { key: string; effect: string }[]).some((t) => t.key === OUT_OF_SERVICE && t.effect === 'NoExecute');
  });
}

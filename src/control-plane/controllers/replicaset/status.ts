/**
 * ReplicaSet / ReplicationController status computed from the claimed pods,
 * kept apart from the loop so it is tested as data (upstream's
 * replica_set_utils).
 */
import type { KObject } from '../../../api/types.ts';
import { isPodActive, isPodAvailable, isPodReady, rfc3339 } from '../common/pod-utils.ts';

/** A condition in status.conditions. */
export interface ReplicaCondition { type: string; status: string; lastTransitionTime?: string; reason?: string; message?: string }

/** The status fields this controller owns. */
export interface ReplicaStatus {
  replicas: number;
  fullyLabeledReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  observedGeneration?: number;
  conditions?: ReplicaCondition[];
}

/** The outcome of managing replicas: which way it went wrong, if it did. */
export interface ManageError { reason: 'FailedCreate' | 'FailedDelete'; message: string }

/** Status for `owner` given its claimed pods (active or not) and the manage outcome. */
export function calculateStatus(owner: KObject, pods: KObject[], err: ManageError | undefined, now: number): ReplicaStatus {
  const minReady = Number(owner.spec?.minReadySeconds ?? 0);
  const templateLabels = (owner.spec?.template?.metadata?.labels ?? {}) as Record<string, string>;
  let replicas = 0, fullyLabeled = 0, ready = 0, available = 0;
  for (const p of pods) {
    if (!isPodActive(p)) continue;
    replicas++;
    const labels = p.metadata.labels ?? {};
    if (Object.entries(templateLabels).every(([k, v]) => labels[k] === v)) fullyLabeled++;
    if (isPodReady(p)) {
      ready++;
      if (isPodAvailable(p, minReady, now)) available++;
    }
  }
  const conditions = ((owner.status?.conditions ?? []) as ReplicaCondition[]).filter((c) => c.type !== 'ReplicaFailure' || err);
  const failure = conditions.find((c) => c.type === 'ReplicaFailure');
  if (err && !failure) {
    conditions.push({ type: 'ReplicaFailure', status: 'True', lastTransitionTime: rfc3339(now), reason: err.reason, message: err.message });
  }
  const status: ReplicaStatus = {
    replicas, fullyLabeledReplicas: fullyLabeled, readyReplicas: ready, availableReplicas: available,
    observedGeneration: owner.metadata.generation,
  };
  if (conditions.length > 0) status.conditions = conditions;
  return status;
}

/** True when `next` differs from what `owner.status` says. */
export function statusChanged(owner: KObject, next: ReplicaStatus): boolean {
  const cur = owner.status ?? {};
  return (cur.replicas ?? 0) !== next.replicas
    || (cur.fullyLabeledReplicas ?? 0) !== next.fullyLabeledReplicas
    || (cur.readyReplicas ?? 0) !== next.readyReplicas
    || (cur.availableReplicas ?? 0) !== next.availableReplicas
    || cur.observedGeneration !== next.observedGeneration
    || JSON.stringify(cur.conditions ?? []) !== JSON.stringify(next.conditions ?? []);
}

/**
 * The status as written: zero counts are omitted as upstream's omitempty
 * does, except `replicas`, which is always present.
 */
export function toWire(s: ReplicaStatus): Record<string, unknown> {
  const out: Record<string, unknown> = { replicas: s.replicas };
  if (s.fullyLabeledReplicas) out.fullyLabeledReplicas = s.fullyLabeledReplicas;
  if (s.readyReplicas) out.readyReplicas = s.readyReplicas;
  if (s.availableReplicas) out.availableReplicas = s.availableReplicas;
  if (s.observedGeneration !== undefined) out.observedGeneration = s.observedGeneration;
  if (s.conditions) out.conditions = s.conditions;
  return out;
}

/**
 * StatefulSet status from its pods and revisions (pure): counts of created,
 * ready, available, current and updated pods, and the completion of a
 * rolling update (current revision catches up with the update revision).
 */
import type { KObject } from '../../../api/types.ts';
import { isPodAvailable, isPodReady } from '../workload-common/pod-state.ts';
import { podRevision } from './identity.ts';

/** Inputs of {@link computeStatus}. */
export interface StatusInput {
  set: KObject;
  /** Pods of the set that exist (any ordinal). */
  pods: KObject[];
  currentRevision: string;
  updateRevision: string;
  collisionCount: number;
  nowMs: number;
}

/** The new status object. */
export function computeStatus(i: StatusInput): Record<string, unknown> {
  const minReady = Number(i.set.spec?.minReadySeconds ?? 0);
  let replicas = 0, ready = 0, available = 0, current = 0, updated = 0;
  for (const p of i.pods) {
    if (p.metadata.deletionTimestamp) continue;
    replicas++;
    if (p.status?.phase === 'Running' && isPodReady(p)) {
      ready++;
      if (isPodAvailable(p, minReady, i.nowMs)) available++;
    }
    const rev = podRevision(p);
    if (rev === i.currentRevision) current++;
    if (rev === i.updateRevision) updated++;
  }
  let currentRevision = i.currentRevision;
  const want = Number(i.set.spec?.replicas ?? 1);
  // A rolling update is complete once every wanted pod runs the update revision and is ready.
  if (i.set.spec?.updateStrategy?.type !== 'OnDelete' && updated === want && ready === want && replicas === want) {
    currentRevision = i.updateRevision;
    current = updated;
  }
  const status: Record<string, unknown> = {
    observedGeneration: i.set.metadata.generation,
    replicas, readyReplicas: ready, currentReplicas: current, updatedReplicas: updated,
    currentRevision, updateRevision: i.updateRevision, collisionCount: i.collisionCount,
    availableReplicas: available,
  };
  if (Array.isArray(i.set.status?.conditions)) status.conditions = i.set.status.conditions;
  return status;
}

/** True when two statuses differ in any field we own. */
export function statusChanged(old: Record<string, unknown> | undefined, next: Record<string, unknown>): boolean {
  return Object.keys(next).some((k) => JSON.stringify(old?.[k]) !== JSON.stringify(next[k]));
}

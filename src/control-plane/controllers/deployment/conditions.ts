/**
 * Deployment conditions (Available, Progressing, ReplicaFailure) with
 * upstream's rules: setting a condition with the same status and reason is
 * a no-op; a status change moves lastTransitionTime; the reasons are the
 * strings `kubectl rollout status` and users match on.
 */
import { rfc3339 } from '../common/pod-utils.ts';

/** A DeploymentCondition. */
export interface DeploymentCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export const REASON = {
  newRSAvailable: 'NewReplicaSetAvailable',
  rsUpdated: 'ReplicaSetUpdated',
  newRSCreated: 'NewReplicaSetCreated',
  foundNewRS: 'FoundNewReplicaSet',
  timedOut: 'ProgressDeadlineExceeded',
  paused: 'DeploymentPaused',
  resumed: 'DeploymentResumed',
  minAvailable: 'MinimumReplicasAvailable',
  minUnavailable: 'MinimumReplicasUnavailable',
} as const;

/** A new condition stamped `now`. */
export function newCondition(type: string, status: DeploymentCondition['status'], reason: string, message: string, now: number): DeploymentCondition {
  const t = rfc3339(now);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

/** The condition of `type` in `status`. */
export function getCondition(status: Record<string, unknown> | undefined, type: string): DeploymentCondition | undefined {
  return (status?.conditions as DeploymentCondition[] | undefined)?.find((c) => c.type === type);
}

/** Set `c` in `status.conditions` as upstream's SetDeploymentCondition. */
export function setCondition(status: Record<string, unknown>, c: DeploymentCondition): void {
  const cur = getCondition(status, c.type);
  if (cur && cur.status === c.status && cur.reason === c.reason) return;
  if (cur && cur.status === c.status) c.lastTransitionTime = cur.lastTransitionTime;
  status.conditions = [...((status.conditions as DeploymentCondition[] | undefined) ?? []).filter((x) => x.type !== c.type), c];
}

/** Remove the condition of `type`. */
export function removeCondition(status: Record<string, unknown>, type: string): void {
  const list = (status.conditions as DeploymentCondition[] | undefined) ?? [];
  const next = list.filter((x) => x.type !== type);
  if (next.length > 0) status.conditions = next;
  else delete status.conditions;
}

/**
 * Node health as the node lifecycle controller judges it, pure: when did
 * this controller last see the node's kubelet alive (a renewed Lease or a
 * new Ready heartbeat, measured on this controller's clock so kubelet clock
 * skew does not matter), and which conditions turn Unknown once it has
 * been silent for longer than the grace period.
 */
import type { KObject } from '../../../api/types.ts';
import { rfc3339 } from '../common/pod-utils.ts';

/** The condition types a kubelet posts that turn Unknown when it goes silent. */
export const MONITORED_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

/** What this controller remembers of one node's heartbeats. */
export interface HealthRecord {
  /** Lease spec.renewTime last seen. */
  renewTime?: string;
  /** Ready condition lastHeartbeatTime last seen. */
  readyHeartbeat?: string;
  /** Local time (ms) when a heartbeat last changed. */
  probeAt: number;
}

/** A node condition. */
export interface NodeCondition {
  type: string; status: string; reason?: string; message?: string; lastHeartbeatTime?: string; lastTransitionTime?: string;
}

/** The node's condition of `type`. */
export function nodeCondition(node: KObject, type: string): NodeCondition | undefined {
  return (node.status?.conditions as NodeCondition[] | undefined)?.find((c) => c.type === type);
}

/**
 * Update the record from the current Node and Lease; a changed heartbeat
 * moves probeAt to now. A node first seen without any status starts its
 * clock at its creation (startup grace), any other at now.
 */
export function observe(rec: HealthRecord | undefined, node: KObject, lease: KObject | undefined, now: number): HealthRecord {
  const renewTime = lease?.spec?.renewTime as string | undefined;
  const readyHeartbeat = nodeCondition(node, 'Ready')?.lastHeartbeatTime;
  if (!rec) {
    const created = Date.parse(node.metadata.creationTimestamp ?? '');
    const start = nodeCondition(node, 'Ready') || Number.isNaN(created) ? now : Math.min(now, created);
    return { renewTime, readyHeartbeat, probeAt: start };
  }
  if (renewTime !== rec.renewTime || readyHeartbeat !== rec.readyHeartbeat) return { renewTime, readyHeartbeat, probeAt: now };
  return rec;
}

/** Grace periods of {@link silentConditions}. */
export interface Grace { monitorMs: number; startupMs: number }

/** Ms until the node counts as silent (<= 0: it is). */
export function msUntilSilent(node: KObject, rec: HealthRecord, now: number, g: Grace): number {
  const grace = nodeCondition(node, 'Ready') ? g.monitorMs : g.startupMs;
  return rec.probeAt + grace - now;
}

/**
 * The conditions a silent node should have: every monitored condition
 * Unknown (NodeStatusUnknown), missing ones added (NodeStatusNeverUpdated).
 * Undefined when nothing changes.
 */
export function silentConditions(node: KObject, now: number): NodeCondition[] | undefined {
  const ts = rfc3339(now);
  const conds = structuredClone((node.status?.conditions ?? []) as NodeCondition[]);
  let changed = false;
  for (const type of MONITORED_CONDITIONS) {
    const c = conds.find((x) => x.type === type);
    if (!c) {
      conds.push({
        type, status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.',
        lastHeartbeatTime: node.metadata.creationTimestamp, lastTransitionTime: ts,
      });
      changed = true;
    } else if (c.status !== 'Unknown') {
      Object.assign(c, { status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: ts });
      changed = true;
    }
  }
  return changed ? conds : undefined;
}

/**
 * The FailedScheduling message in upstream's form:
 * "0/5 nodes are available: 2 Insufficient cpu, 3 node(s) had untolerated
 * taint {k: v}. preemption: 0/5 nodes are available: 5 No preemption
 * victims found for incoming pod." Reasons are counted over nodes and
 * sorted as strings, exactly as upstream sorts them.
 */
import type { Status } from './types.ts';

/** Why no node fitted. */
export interface Diagnosis {
  /** Failure status per rejected node. */
  nodeToStatus: Map<string, Status>;
  /** Set when a pre-filter rejected the pod before any node was tried. */
  preFilterMsg?: string;
  /** Set by preemption (PostFilter) when it could not help. */
  postFilterMsg?: string;
}

/** Summarise reasons as "N reason" strings, sorted. */
export function reasonHistogram(statuses: Iterable<Status>): string[] {
  const counts = new Map<string, number>();
  for (const s of statuses) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([r, n]) => `${n} ${r}`).sort();
}

/** The upstream message of a failed scheduling attempt. */
export function fitErrorMessage(numAllNodes: number, d: Diagnosis): string {
  if (numAllNodes === 0) return 'no nodes available to schedule pods';
  let msg = `0/${numAllNodes} nodes are available:`;
  if (d.preFilterMsg) msg += ` ${d.preFilterMsg}.`;
  else {
    const h = reasonHistogram(d.nodeToStatus.values());
    if (h.length > 0) msg += ` ${h.join(', ')}.`;
  }
  if (d.postFilterMsg) msg += ` ${d.postFilterMsg}.`;
  return msg;
}

/** A pod that fits nowhere; its message is what FailedScheduling and PodScheduled=False carry. */
export class FitError extends Error {
  constructor(readonly numAllNodes: number, readonly diagnosis: Diagnosis) {
    super('pod does not fit on any node');
    this.name = 'FitError';
  }

  /** The message, including what preemption added to the diagnosis. */
  describe(): string { return fitErrorMessage(this.numAllNodes, this.diagnosis); }
}

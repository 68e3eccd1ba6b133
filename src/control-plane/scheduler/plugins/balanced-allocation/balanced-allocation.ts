/**
 * NodeResourcesBalancedAllocation: prefers nodes whose cpu and memory
 * would be used in similar proportions after placing the pod (one
 * standard deviation of the shares, subtracted from the best score).
 */
import { MAX_NODE_SCORE, type CycleState, type ScorePlugin } from '../../types.ts';
import type { NodeInfo } from '../../node-info.ts';
import type { PodInfo } from '../../pod-info.ts';

function share(req: number, cap: number): number {
  return cap === 0 ? 0 : Math.min(1, req / cap);
}

/** The NodeResourcesBalancedAllocation plugin. */
export class BalancedAllocation implements ScorePlugin {
  readonly name = 'NodeResourcesBalancedAllocation';

  score(_s: CycleState, pod: PodInfo, node: NodeInfo): number {
    const a = node.allocatable;
    // Upstream uses the requests as given here (no non-zero defaults), pod included.
    const cpu = share(node.requested.milliCPU + pod.requests.milliCPU, a.milliCPU);
    const mem = share(node.requested.memory + pod.requests.memory, a.memory);
    const std = Math.abs(cpu - mem) / 2;
    return Math.trunc((1 - std) * MAX_NODE_SCORE);
  }
}

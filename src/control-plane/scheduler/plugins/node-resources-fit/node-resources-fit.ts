/**
 * NodeResourcesFit: the pod's requests (init containers and overhead
 * included) must fit in the node's allocatable minus what its pods
 * request, and the node must have a pod slot left. Scores with
 * LeastAllocated: emptier nodes (cpu and memory, weight 1 each) win.
 */
import { fail, MAX_NODE_SCORE, type CycleState, type FilterPlugin, type ScorePlugin, type Status } from '../../types.ts';
import type { NodeInfo } from '../../node-info.ts';
import type { PodInfo } from '../../pod-info.ts';

const NONE: string[] = [];

/** Reasons the pod does not fit on the node (empty when it fits). */
export function insufficientResources(pod: PodInfo, node: NodeInfo): string[] {
  const alloc = node.allocatable;
  const used = node.requested;
  const req = pod.requests;
  // Fast path (the common case): everything fits, no allocation.
  if (node.pods.size + 1 <= alloc.allowedPodNumber && req.milliCPU <= alloc.milliCPU - used.milliCPU &&
    req.memory <= alloc.memory - used.memory && req.ephemeralStorage <= alloc.ephemeralStorage - used.ephemeralStorage &&
    req.scalar.size === 0) return NONE;
  const out: string[] = [];
  if (node.pods.size + 1 > alloc.allowedPodNumber) out.push('Too many pods');
  if (req.milliCPU === 0 && req.memory === 0 && req.ephemeralStorage === 0 && req.scalar.size === 0) return out;
  if (req.milliCPU > 0 && req.milliCPU > alloc.milliCPU - used.milliCPU) out.push('Insufficient cpu');
  if (req.memory > 0 && req.memory > alloc.memory - used.memory) out.push('Insufficient memory');
  if (req.ephemeralStorage > 0 && req.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) out.push('Insufficient ephemeral-storage');
  for (const [name, v] of req.scalar) {
    if (v > 0 && v > (alloc.scalar.get(name) ?? 0) - (used.scalar.get(name) ?? 0)) out.push(`Insufficient ${name}`);
  }
  return out;
}

/** LeastAllocated share of one resource: 0..100, 0 when over capacity. */
function leastAllocated(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** The NodeResourcesFit plugin (LeastAllocated scoring strategy). */
export class NodeResourcesFit implements FilterPlugin, ScorePlugin {
  readonly name = 'NodeResourcesFit';

  filter(_s: CycleState, pod: PodInfo, node: NodeInfo): Status | undefined {
    const reasons = insufficientResources(pod, node);
    return reasons.length === 0 ? undefined : fail(this.name, 'Unschedulable', ...reasons);
  }

  score(_s: CycleState, pod: PodInfo, node: NodeInfo): number {
    const a = node.allocatable;
    const cpu = leastAllocated(node.nonZeroRequested.milliCPU + pod.nonZero.milliCPU, a.milliCPU);
    const mem = leastAllocated(node.nonZeroRequested.memory + pod.nonZero.memory, a.memory);
    return Math.trunc((cpu + mem) / 2);
  }
}

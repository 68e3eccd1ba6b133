/**
 * NodeName: a pod that names a node (spec.nodeName) fits only there. The
 * scheduler only sees pods without one, so this matters for preemption's
 * what-if and for completeness of the filter list.
 */
import { fail, type CycleState, type FilterPlugin, type Status } from '../../types.ts';
import type { NodeInfo } from '../../node-info.ts';
import type { PodInfo } from '../../pod-info.ts';

/** The NodeName plugin. */
export class NodeName implements FilterPlugin {
  readonly name = 'NodeName';

  filter(_s: CycleState, pod: PodInfo, node: NodeInfo): Status | undefined {
    const want = pod.pod.spec?.nodeName;
    if (!want || want === node.name) return undefined;
    return fail(this.name, 'UnschedulableAndUnresolvable', "node(s) didn't match the requested node name");
  }
}

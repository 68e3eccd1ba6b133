/**
 * NodeUnschedulable: cordoned nodes (spec.unschedulable) take only pods
 * that tolerate the node.kubernetes.io/unschedulable:NoSchedule taint.
 */
import { fail, type CycleState, type FilterPlugin, type Status } from '../../types.ts';
import type { NodeInfo } from '../../node-info.ts';
import type { PodInfo } from '../../pod-info.ts';
import { tolerates, type Toleration } from '../taint-toleration/tolerations.ts';

const TAINT = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

/** The NodeUnschedulable plugin. */
export class NodeUnschedulable implements FilterPlugin {
  readonly name = 'NodeUnschedulable';

  filter(_s: CycleState, pod: PodInfo, node: NodeInfo): Status | undefined {
    if (!node.node.spec?.unschedulable) return undefined;
    const tols: Toleration[] = pod.pod.spec?.tolerations ?? [];
    if (tols.some((t) => tolerates(t, TAINT))) return undefined;
    return fail(this.name, 'UnschedulableAndUnresolvable', 'node(s) were unschedulable');
  }
}

/**
 * NodeAffinity: the pod's nodeSelector and required node affinity must
 * accept the node; preferred terms add their weights to the node's score.
 */
import { fail, type CycleState, type FilterPlugin, type ScorePlugin, type Status } from '../../types.ts';
import type { NodeInfo } from '../../node-info.ts';
import type { PodInfo } from '../../pod-info.ts';
import { normalizeByMax } from '../normalize.ts';
import { matchTerm, podMatchesNode } from './node-selector.ts';

/** The NodeAffinity plugin. */
export class NodeAffinity implements FilterPlugin, ScorePlugin {
  readonly name = 'NodeAffinity';

  filter(_s: CycleState, pod: PodInfo, node: NodeInfo): Status | undefined {
    const spec = pod.pod.spec;
    if (!spec?.nodeSelector && !spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution) return undefined;
    if (podMatchesNode(pod.pod, node.node)) return undefined;
    return fail(this.name, 'UnschedulableAndUnresolvable', "node(s) didn't match Pod's node affinity/selector");
  }

  score(_s: CycleState, pod: PodInfo, node: NodeInfo): number {
    const prefs = pod.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    let sum = 0;
    for (const p of prefs) if (p.weight && p.preference && matchTerm(p.preference, node.node)) sum += Number(p.weight);
    return sum;
  }

  normalize(_s: CycleState, _p: PodInfo, scores: number[]): void { normalizeByMax(scores); }
}

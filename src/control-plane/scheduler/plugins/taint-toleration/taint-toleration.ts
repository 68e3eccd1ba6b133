/**
 * TaintToleration: a pod may land only on nodes whose NoSchedule and
 * NoExecute taints it tolerates; among those, fewer untolerated
 * PreferNoSchedule taints score higher.
 */
import { fail, type CycleState, type FilterPlugin, type ScorePlugin, type Status } from '../../types.ts';
import type { NodeInfo } from '../../node-info.ts';
import type { PodInfo } from '../../pod-info.ts';
import { firstUntolerated, tolerates, type Taint, type Toleration } from './tolerations.ts';
import { normalizeReverse } from '../normalize.ts';

const FILTER_EFFECTS = ['NoSchedule', 'NoExecute'] as const;

/** The TaintToleration plugin. */
export class TaintToleration implements FilterPlugin, ScorePlugin {
  readonly name = 'TaintToleration';

  filter(_s: CycleState, pod: PodInfo, node: NodeInfo): Status | undefined {
    const taint = firstUntolerated(node.node.spec?.taints, pod.pod.spec?.tolerations, FILTER_EFFECTS);
    if (!taint) return undefined;
    return fail(this.name, 'UnschedulableAndUnresolvable', `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
  }

  score(_s: CycleState, pod: PodInfo, node: NodeInfo): number {
    const taints: Taint[] | undefined = node.node.spec?.taints;
    if (!taints || taints.length === 0) return 0;
    const tols: Toleration[] = pod.pod.spec?.tolerations ?? [];
    let n = 0;
    for (const taint of taints) {
      if (taint.effect !== 'PreferNoSchedule') continue;
      let ok = false;
      // Only PreferNoSchedule tolerations (or effect-less ones) count, as upstream.
      for (const t of tols) if ((!t.effect || t.effect === 'PreferNoSchedule') && tolerates(t, taint)) { ok = true; break; }
      if (!ok) n++;
    }
    return n;
  }

  normalize(_s: CycleState, _p: PodInfo, scores: number[]): void { normalizeReverse(scores); }
}

/**
 * A pod's priority: spec.priority when the API server (Priority admission)
 * resolved it; otherwise the value of its priorityClassName, or of the
 * globalDefault PriorityClass, or 0, as that admission plugin would have.
 */
import type { Lister } from '../../client/lister.ts';
import type { KObject } from '../../api/types.ts';
import type { Pod } from './types.ts';

/** Built-in classes exist even before their objects are created. */
const BUILTIN: Record<string, number> = { 'system-cluster-critical': 2_000_000_000, 'system-node-critical': 2_000_001_000 };

/** Resolves pod priorities from a PriorityClass lister. */
export class PriorityResolver {
  constructor(private readonly classes?: Lister<KObject>) {}

  /** The pod's effective priority. */
  priorityOf(pod: Pod): number {
    const p = pod.spec?.priority;
    if (typeof p === 'number') return p;
    const name: string | undefined = pod.spec?.priorityClassName;
    if (name) {
      const pc = this.classes?.get(name);
      if (pc && typeof pc.value === 'number') return pc.value;
      return BUILTIN[name] ?? 0;
    }
    for (const pc of this.classes?.list() ?? []) if (pc.globalDefault === true && typeof pc.value === 'number') return pc.value;
    return 0;
  }

  /** The preemption policy of the pod's class unless the pod has its own. */
  preemptionPolicyOf(pod: Pod): string {
    if (pod.spec?.preemptionPolicy) return pod.spec.preemptionPolicy;
    const name: string | undefined = pod.spec?.priorityClassName;
    const pc = name ? this.classes?.get(name) : undefined;
    return pc?.preemptionPolicy ?? 'PreemptLowerPriority';
  }
}

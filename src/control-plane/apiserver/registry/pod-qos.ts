/**
 * A pod's QoS class, as upstream computes it for status.qosClass: Guaranteed
 * when every container has cpu and memory limits equal to requests,
 * BestEffort when none sets any, Burstable otherwise.
 */
import type { KObject } from '../../../api/types.ts';

type ResourceList = Record<string, string | number>;

/** Compute status.qosClass for a pod spec. */
export function podQOSClass(pod: KObject): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])] as
    { resources?: { requests?: ResourceList; limits?: ResourceList } }[];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const req = { ...(c.resources?.limits ?? {}), ...(c.resources?.requests ?? {}) };
    const lim = c.resources?.limits ?? {};
    for (const k of ['cpu', 'memory']) {
      if (req[k] !== undefined || lim[k] !== undefined) any = true;
      if (lim[k] === undefined || String(req[k]) !== String(lim[k])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

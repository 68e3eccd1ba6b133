/**
 * Pod defaults: the PodSpec defaults plus what upstream's Pod strategy and
 * default admission plugins (ServiceAccount, Priority, DefaultTolerationSeconds)
 * add on create, so a stored Pod looks exactly like upstream's.
 */
import type { KObject } from '../types.ts';
import { parseQuantity } from '../validation/quantity-lite.ts';
import { defaultPodSpec } from './pod-spec.ts';
import { type Obj, setDefault, child, isObj, eachObj } from './util.ts';

const CONTAINER_KINDS = ['initContainers', 'containers'];

/** Tolerations DefaultTolerationSeconds adds so pods survive short node outages. */
const NODE_TAINTS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

/** Requests default to limits for every resource that has only a limit. */
function requestsFromLimits(c: Obj): void {
  const r = c.resources;
  if (!isObj(r) || !isObj(r.limits)) return;
  const req = child(r, 'requests');
  for (const [k, v] of Object.entries(r.limits)) setDefault(req, k, v);
}

function defaultTolerations(spec: Obj): void {
  const tols: Obj[] = Array.isArray(spec.tolerations) ? spec.tolerations : [];
  for (const key of NODE_TAINTS) {
    const has = tols.some((t) => isObj(t) && (t.key === key || (t.operator === 'Exists' && !t.key))
      && (!t.effect || t.effect === 'NoExecute'));
    if (!has) tols.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  }
  spec.tolerations = tols;
}

/** QoS class from requests and limits of regular and init containers, as upstream computes it. */
export function qosClass(spec: Obj): string {
  let any = false;
  let guaranteed = true;
  for (const key of CONTAINER_KINDS) {
    eachObj(spec[key], (c) => {
      const req: Obj = isObj(c.resources?.requests) ? c.resources.requests : {};
      const lim: Obj = isObj(c.resources?.limits) ? c.resources.limits : {};
      for (const res of ['cpu', 'memory']) {
        const rq = parseQuantity(req[res]);
        const lm = parseQuantity(lim[res]);
        if ((rq !== undefined && rq !== 0) || (lm !== undefined && lm !== 0)) any = true;
        if (lm === undefined || lm === 0 || (rq !== undefined && rq !== lm)) guaranteed = false;
      }
    });
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** Defaults a Pod in place. */
export function defaultPod(pod: KObject): void {
  const spec = child(pod, 'spec');
  for (const key of CONTAINER_KINDS) eachObj(spec[key], requestsFromLimits);
  // The ServiceAccount admission plugin names the default account for pods only (not templates).
  if (!spec.serviceAccountName && !spec.serviceAccount) spec.serviceAccountName = 'default';
  defaultPodSpec(spec);
  setDefault(spec, 'enableServiceLinks', true);
  if (!spec.priorityClassName) setDefault(spec, 'priority', 0);
  setDefault(spec, 'preemptionPolicy', 'PreemptLowerPriority');
  defaultTolerations(spec);
  const status = child(pod, 'status');
  setDefault(status, 'phase', 'Pending');
  setDefault(status, 'qosClass', qosClass(spec));
}

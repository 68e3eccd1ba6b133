/**
 * The PodDisruptionBudget check of the Eviction API, as upstream: a pod
 * covered by one budget may be evicted only while the budget allows a
 * disruption; the eviction is then recorded in status.disruptedPods and
 * disruptionsAllowed goes down by one, in one compare-and-swap on the
 * budget, so two concurrent evictions cannot both use the last disruption.
 * The disruption controller recomputes the status and expires the records.
 */
import { K8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import { findByKind } from '../../../api/resources.ts';
import { compileLabelSelectorObject } from '../../../api/selectors/labels.ts';
import type { RegistryContext } from '../registry/types.ts';
import { listObjects } from '../registry/read.ts';
import { updateObject } from '../registry/update.ts';
import { decode } from '../registry/codec.ts';

const pdbResource = findByKind('policy', 'PodDisruptionBudget')!;
/** Upstream's MaxDisruptedPodSize. */
const MAX_DISRUPTED_PODS = 2000;
const VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget.";

const tooMany = (cause: string): K8sError =>
  new K8sError('TooManyRequests', VIOLATION, { causes: [{ reason: 'DisruptionBudget', message: cause }] });

const isReady = (pod: KObject): boolean =>
  ((pod.status?.conditions ?? []) as { type: string; status: string }[]).some((c) => c.type === 'Ready' && c.status === 'True');

/** Pods that never need a budget's permission: finished, not started, or already going. */
export function canIgnoreBudget(pod: KObject): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || !!pod.metadata.deletionTimestamp;
}

/** Budgets whose selector selects the pod (an empty or missing selector selects nothing here, as upstream). */
async function budgetsFor(reg: RegistryContext, pod: KObject): Promise<KObject[]> {
  const page = await listObjects(reg, pdbResource, { namespace: pod.metadata.namespace ?? '' });
  return page.items.map((i) => i.obj ?? decode(i.kv)).filter((pdb) => {
    const sel = pdb.spec?.selector;
    if (!sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0)) return false;
    return compileLabelSelectorObject(sel)(pod.metadata.labels);
  });
}

/**
 * Throw unless the pod may be evicted now; when it may, record the
 * disruption (unless dryRun). Returns normally when eviction may proceed.
 */
export async function checkDisruptionBudget(reg: RegistryContext, pod: KObject, dryRun: boolean): Promise<void> {
  if (canIgnoreBudget(pod)) return;
  const pdbs = await budgetsFor(reg, pod);
  if (pdbs.length === 0) return;
  if (pdbs.length > 1) {
    throw new K8sError('InternalError', 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
  }
  const pdb = pdbs[0] as KObject;
  const st = pdb.status ?? {};
  // An unhealthy pod may go while the budget is met (IfHealthyBudget) or always (AlwaysAllow): it does not count anyway.
  if (!isReady(pod)) {
    const policy = pdb.spec?.unhealthyPodEvictionPolicy ?? 'IfHealthyBudget';
    if (policy === 'AlwaysAllow') return;
    if ((st.currentHealthy ?? 0) >= (st.desiredHealthy ?? 0) && (st.desiredHealthy ?? 0) > 0) return;
  }
  const name = pdb.metadata.name ?? '';
  const now = new Date(reg.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
  const decide = (cur: KObject): KObject => {
    // Unpinned: a concurrent eviction makes this run again on the fresh budget.
    delete cur.metadata.resourceVersion;
    const s = cur.status ?? {};
    if ((s.observedGeneration ?? 0) < (cur.metadata.generation ?? 1)) throw tooMany(`The disruption budget ${name} is still being processed by the server.`);
    if ((s.disruptionsAllowed ?? 0) < 0) throw new K8sError('Forbidden', 'pdb disruptions allowed is negative');
    if (Object.keys(s.disruptedPods ?? {}).length > MAX_DISRUPTED_PODS) {
      throw new K8sError('Forbidden', 'DisruptedPods map too big - too many evictions not confirmed by PDB controller');
    }
    if ((s.disruptionsAllowed ?? 0) === 0) {
      throw tooMany(`The disruption budget ${name} needs ${s.desiredHealthy ?? 0} healthy pods and has ${s.currentHealthy ?? 0} currently`);
    }
    const allowed = s.disruptionsAllowed - 1;
    const conditions = allowed > 0 ? s.conditions : ((s.conditions ?? []) as KObject[]).map((c) => (c.type === 'DisruptionAllowed'
      ? { ...c, status: 'False', reason: 'InsufficientPods', message: '', lastTransitionTime: c.status === 'False' ? c.lastTransitionTime : now } : c));
    cur.status = { ...s, disruptionsAllowed: allowed, disruptedPods: { ...(s.disruptedPods ?? {}), [pod.metadata.name ?? '']: now }, conditions };
    return cur;
  };
  if (dryRun) { decide(structuredClone(pdb)); return; }
  await updateObject(reg, pdbResource, pod.metadata.namespace ?? '', name, (cur) => decide(cur!), { subresource: 'status' });
}

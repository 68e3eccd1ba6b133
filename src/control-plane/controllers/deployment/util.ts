/**
 * Deployment facts shared by the rollout strategies (upstream's
 * deployment/util): surge and unavailability limits, revisions and their
 * annotations, which ReplicaSet is new, and replica sums.
 */
import type { KObject } from '../../../api/types.ts';
import { canonicalJson } from './hash.ts';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const POD_TEMPLATE_HASH = 'pod-template-hash';
/** Longest revision-history annotation kept, as upstream's default. */
const MAX_HISTORY_CHARS = 2000;

/** Deployment annotations never copied to its ReplicaSets. */
const SKIP_COPY = new Set([
  'kubectl.kubernetes.io/last-applied-configuration', REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS,
  'deprecated.deployment.rollback.to',
]);

export const replicas = (o: KObject | undefined): number => Number(o?.spec?.replicas ?? 0);
export const statusOf = (o: KObject | undefined, f: string): number => Number(o?.status?.[f] ?? 0);

/** An int-or-percent against `total`, rounding up or down. */
export function scaledValue(v: unknown, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(String(v ?? '0'));
  if (!m) return Number(v) || 0;
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

const isRolling = (d: KObject): boolean => (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';

/** [maxSurge, maxUnavailable]; both zero becomes maxUnavailable 1, as upstream. */
export function fenceposts(d: KObject): [number, number] {
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  const want = replicas(d);
  const surge = scaledValue(ru.maxSurge ?? '25%', want, true);
  const unavailable = scaledValue(ru.maxUnavailable ?? '25%', want, false);
  return surge === 0 && unavailable === 0 ? [0, 1] : [surge, unavailable];
}

export function maxSurge(d: KObject): number {
  return isRolling(d) ? fenceposts(d)[0] : 0;
}

export function maxUnavailable(d: KObject): number {
  if (!isRolling(d) || replicas(d) === 0) return 0;
  return Math.min(fenceposts(d)[1], replicas(d));
}

export { isRolling };

/** The revision annotation as a number (0 when absent or bad). */
export function revisionOf(o: KObject | undefined): number {
  const n = Number(o?.metadata.annotations?.[REVISION] ?? 0);
  return Number.isFinite(n) ? n : 0;
}

/** The template without the pod-template-hash label, canonical, for comparison. */
function templateKey(t: KObject['spec']): string {
  const c = structuredClone(t ?? {});
  if (c.metadata?.labels) {
    delete c.metadata.labels[POD_TEMPLATE_HASH];
    if (Object.keys(c.metadata.labels).length === 0) delete c.metadata.labels;
  }
  return canonicalJson(c);
}

/** True when the two pod templates are equal apart from the pod-template-hash label. */
export function equalIgnoreHash(a: unknown, b: unknown): boolean {
  return templateKey(a) === templateKey(b);
}

const created = (o: KObject): number => Date.parse(o.metadata.creationTimestamp ?? '') || 0;

/** Oldest first; ties by name. */
export function byCreation(a: KObject, b: KObject): number {
  return created(a) - created(b) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

/** The oldest ReplicaSet whose template is the Deployment's. */
export function findNewReplicaSet(d: KObject, rsList: KObject[]): KObject | undefined {
  return [...rsList].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

/** Sum of spec.replicas. */
export const specSum = (rss: KObject[]): number => rss.reduce((n, rs) => n + replicas(rs), 0);
/** Sum of a status field. */
export const statusSum = (rss: KObject[], f: string): number => rss.reduce((n, rs) => n + statusOf(rs, f), 0);
/** ReplicaSets with spec.replicas > 0. */
export const active = (rss: KObject[]): KObject[] => rss.filter((rs) => replicas(rs) > 0);

/** Set desired-replicas and max-replicas; true when they changed. */
export function setReplicasAnnotations(rs: KObject, desired: number, max: number): boolean {
  const a = (rs.metadata.annotations ??= {});
  if (a[DESIRED_REPLICAS] === String(desired) && a[MAX_REPLICAS] === String(max)) return false;
  a[DESIRED_REPLICAS] = String(desired);
  a[MAX_REPLICAS] = String(max);
  return true;
}

/**
 * Copy the Deployment's annotations to its new ReplicaSet and raise the
 * ReplicaSet's revision to `newRevision`, remembering the old one in the
 * revision history. True when anything changed.
 */
export function setNewReplicaSetAnnotations(d: KObject, rs: KObject, newRevision: number, exists: boolean): boolean {
  const a = (rs.metadata.annotations ??= {});
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (SKIP_COPY.has(k) || a[k] === v) continue;
    a[k] = v;
    changed = true;
  }
  const old = a[REVISION];
  if (old === undefined || Number(old) < newRevision) {
    a[REVISION] = String(newRevision);
    changed = true;
    if (old !== undefined) {
      const hist = a[REVISION_HISTORY] ? `${a[REVISION_HISTORY]},${old}` : old;
      a[REVISION_HISTORY] = hist.length > MAX_HISTORY_CHARS ? hist.slice(hist.indexOf(',', hist.length - MAX_HISTORY_CHARS) + 1) : hist;
    }
  }
  if (!exists && setReplicasAnnotations(rs, replicas(d), replicas(d) + maxSurge(d))) changed = true;
  return changed;
}

/** Number of pods the new ReplicaSet should have now (upstream's NewRSNewReplicas). */
export function newRSNewReplicas(d: KObject, allRSs: KObject[], newRS: KObject): number {
  if (!isRolling(d)) return replicas(d);
  const current = specSum(allRSs);
  const maxTotal = replicas(d) + maxSurge(d);
  if (current >= maxTotal) return replicas(newRS);
  return replicas(newRS) + Math.min(maxTotal - current, replicas(d) - replicas(newRS));
}

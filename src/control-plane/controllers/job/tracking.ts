/**
 * Exactly-once counting of finished pods through the job-tracking
 * finalizer, as upstream: a finished pod's uid is first recorded in
 * status.uncountedTerminatedPods (written before anything else), then its
 * finalizer is removed, and only then is it moved into succeeded/failed.
 * A crash between the steps repeats a step but never counts twice.
 */
import { isK8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import type { KubeClient } from '../../../client/types.ts';
import { isPodTerminal } from '../workload-common/pod-state.ts';
import { JOBS, PODS, at } from '../workload-common/resources.ts';
import { matchFailurePolicy } from './failure-policy.ts';
import { formatIndexes, parseIndexes, podIndex } from './indexes.ts';
import { hasTrackingFinalizer, withoutTrackingFinalizer } from './job-pods.ts';

/** The Job status fields tracking changes. */
export interface TrackedStatus {
  succeeded: number;
  failed: number;
  uncounted: { succeeded: string[]; failed: string[] };
  /** Indexed Jobs: completed indexes. */
  completed: Set<number>;
  /** A podFailurePolicy FailJob match, if any. */
  failJob?: string;
  /** Failed pods (existing) for backoff timing. */
  failedPods: KObject[];
}

/** Is a pod done from the Job's point of view (terminal, or deleted before finishing)? */
function finishedAs(pod: KObject, countDeletes: boolean): 'succeeded' | 'failed' | 'released' | undefined {
  if (pod.status?.phase === 'Succeeded') return 'succeeded';
  if (pod.status?.phase === 'Failed') return 'failed';
  if (pod.metadata.deletionTimestamp) return countDeletes ? 'failed' : 'released';
  return undefined;
}

/**
 * Record newly finished pods, release their finalizers, fold the released
 * ones into the counters. `countDeletes` is false while the Job itself is
 * removing pods (suspended, finishing), whose deleted pods are not failures.
 */
export async function trackPods(client: KubeClient, job: KObject, pods: KObject[], countDeletes: boolean): Promise<TrackedStatus> {
  const st = job.status ?? {};
  const completions = Number(job.spec?.completions ?? 0);
  const indexed = job.spec?.completionMode === 'Indexed';
  const t: TrackedStatus = {
    succeeded: Number(st.succeeded ?? 0), failed: Number(st.failed ?? 0),
    uncounted: { succeeded: [...(st.uncountedTerminatedPods?.succeeded ?? [])], failed: [...(st.uncountedTerminatedPods?.failed ?? [])] },
    completed: parseIndexes(st.completedIndexes, completions), failedPods: pods.filter((p) => p.status?.phase === 'Failed'),
  };
  const known = new Set([...t.uncounted.succeeded, ...t.uncounted.failed]);
  const release: KObject[] = [];
  let recorded = false;
  for (const p of pods) {
    if (!hasTrackingFinalizer(p)) continue;
    const uid = p.metadata.uid ?? '';
    const how = finishedAs(p, countDeletes);
    if (how === undefined) continue;
    release.push(p);
    if (known.has(uid) || how === 'released') continue;
    if (how === 'succeeded') {
      const i = indexed ? podIndex(p, completions) : undefined;
      if (indexed && (i === undefined || t.completed.has(i))) continue;
      if (i !== undefined) t.completed.add(i);
      t.uncounted.succeeded.push(uid);
    } else {
      const m = isPodTerminal(p) ? matchFailurePolicy(job, p) : undefined;
      if (m?.action === 'Ignore') continue;
      if (m?.action === 'FailJob') t.failJob ??= m.message;
      t.uncounted.failed.push(uid);
    }
    recorded = true;
  }
  if (recorded) {
    const status = { ...st, uncountedTerminatedPods: t.uncounted };
    if (indexed) status.completedIndexes = formatIndexes(t.completed);
    const next = await client.update(at(JOBS, job.metadata.namespace, job.metadata.name, 'status'), { ...job, status });
    job.metadata.resourceVersion = next.metadata.resourceVersion;
  }
  const released = new Set<string>();
  await Promise.all(release.map(async (p) => {
    try {
      await client.update(at(PODS, p.metadata.namespace, p.metadata.name), withoutTrackingFinalizer(p));
      released.add(p.metadata.uid ?? '');
    } catch (e) {
      if (isK8sError(e, 'NotFound')) released.add(p.metadata.uid ?? '');
      else if (!isK8sError(e, 'Conflict')) throw e;
    }
  }));
  // A uid is final once its pod no longer holds the finalizer (released now, or gone / released before).
  const holding = new Set(pods.filter((p) => hasTrackingFinalizer(p) && !released.has(p.metadata.uid ?? '')).map((p) => p.metadata.uid));
  const fold = (uids: string[]): [string[], number] => {
    const keep = uids.filter((u) => holding.has(u));
    return [keep, uids.length - keep.length];
  };
  const [s, ns] = fold(t.uncounted.succeeded);
  const [f, nf] = fold(t.uncounted.failed);
  t.uncounted = { succeeded: s, failed: f };
  t.succeeded += ns;
  t.failed += nf;
  return t;
}

/**
 * Creating and deleting a running Job's pods: how many should be active
 * (parallelism, remaining completions, Indexed pending indexes), which
 * pods go first when there are too many (not ready, then newest), and the
 * backoff after failures.
 */
import { isK8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import type { KubeClient } from '../../../client/types.ts';
import type { EventRecorder } from '../../../client/event-recorder.ts';
import type { Expectations } from '../workload-common/expectations.ts';
import { isPodReady } from '../workload-common/pod-state.ts';
import { PODS, at } from '../workload-common/resources.ts';
import { backoffDelayMs, failedAt } from './conditions.ts';
import { pendingIndexes, podIndex } from './indexes.ts';
import { newJobPod } from './job-pods.ts';
import type { TrackedStatus } from './tracking.ts';

/** Outcome of {@link managePods}. */
export interface ManageResult { created: number; deleted: number; requeueAfterMs?: number }

/** Least valuable first: not ready before ready, then newest first. */
function byValue(a: KObject, b: KObject): number {
  const r = Number(isPodReady(a)) - Number(isPodReady(b));
  return r || (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '');
}

/** involvedObject kind of Job events (cached Jobs may lack it). */
export const JOB_KIND = { apiVersion: 'batch/v1', kind: 'Job' };

/** Bring the active pods to what the Job wants. */
export async function managePods(client: KubeClient, exp: Expectations, key: string, job: KObject, active: KObject[],
  terminating: number, t: TrackedStatus, nowMs: number, recorder?: EventRecorder): Promise<ManageResult> {
  const parallelism = Number(job.spec?.parallelism ?? 1);
  const completions = job.spec?.completions == null ? undefined : Number(job.spec.completions);
  const succeeded = t.succeeded + t.uncounted.succeeded.length;
  // With podReplacementPolicy Failed a terminating pod still holds its slot.
  const held = job.spec?.podReplacementPolicy === 'Failed' ? terminating : 0;
  const remove: KObject[] = [];
  let toCreate: Array<number | undefined> = [];
  if (job.spec?.completionMode === 'Indexed' && completions !== undefined) {
    const seen = new Set<number>();
    const keep: KObject[] = [];
    for (const p of active.slice().sort((a, b) => -byValue(a, b))) {
      const i = podIndex(p, completions);
      if (i === undefined || t.completed.has(i) || seen.has(i)) remove.push(p);
      else { seen.add(i); keep.push(p); }
    }
    const extra = keep.length + held - parallelism;
    if (extra > 0) remove.push(...keep.sort(byValue).slice(0, extra));
    const room = parallelism - (keep.length - Math.max(0, extra)) - held;
    toCreate = pendingIndexes(completions, t.completed, seen, Math.max(0, room));
  } else {
    let want = completions === undefined ? (succeeded > 0 ? 0 : parallelism) : Math.min(parallelism, Math.max(0, completions - succeeded));
    if (completions === undefined && succeeded > 0) want = active.length;
    const diff = active.length + held - want;
    if (diff > 0) remove.push(...active.slice().sort(byValue).slice(0, Math.min(diff, active.length)));
    else toCreate = Array.from({ length: -diff }, () => undefined);
  }
  let requeueAfterMs: number | undefined;
  const failures = t.failed + t.uncounted.failed.length;
  if (toCreate.length > 0 && failures > 0) {
    const last = t.failedPods.reduce((m, p) => Math.max(m, failedAt(p)), 0);
    const wait = last + backoffDelayMs(failures) - nowMs;
    if (last > 0 && wait > 0) {
      requeueAfterMs = wait;
      toCreate = [];
    }
  }
  exp.expect(key, toCreate.length, remove.length);
  await Promise.all([
    ...toCreate.map(async (i) => {
      try {
        const pod = await client.create(at(PODS, job.metadata.namespace), newJobPod(job, i));
        recorder?.event(job, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, JOB_KIND);
      } catch (e) {
        exp.creationObserved(key);
        throw e;
      }
    }),
    ...remove.map((p) => deleteJobPod(client, exp, key, p)),
  ]);
  return { created: toCreate.length, deleted: remove.length, requeueAfterMs };
}

/** Delete one pod (as part of the Job's own bookkeeping). */
export async function deleteJobPod(client: KubeClient, exp: Expectations, key: string, p: KObject): Promise<void> {
  try {
    await client.delete(at(PODS, p.metadata.namespace, p.metadata.name), { preconditions: { uid: p.metadata.uid } });
  } catch (e) {
    exp.deletionObserved(key);
    if (!isK8sError(e, 'NotFound')) throw e;
  }
}

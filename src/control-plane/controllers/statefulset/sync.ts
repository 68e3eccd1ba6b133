/**
 * One StatefulSet reconcile: adopt/release pods, make sure the update
 * revision exists, then walk the ordinals. OrderedReady creates the next
 * pod only when every lower one is Running and Ready and deletes condemned
 * pods one at a time from the highest ordinal; Parallel does all at once.
 * RollingUpdate replaces pods from the highest ordinal down to the
 * partition, one at a time and only while all pods are healthy; OnDelete
 * waits for the user. Claims from volumeClaimTemplates are created before
 * their pod. Status and history truncation come last.
 */
import { isK8sError } from '../../../base/errors.ts';
import type { Clock } from '../../../base/clock.ts';
import type { Logger } from '../../../base/logger.ts';
import type { KObject } from '../../../api/types.ts';
import { compileLabelSelectorObject } from '../../../api/selectors/labels.ts';
import type { KubeClient } from '../../../client/types.ts';
import type { SyncResult } from '../types.ts';
import type { CacheView } from '../workload-common/cache-view.ts';
import type { Expectations } from '../workload-common/expectations.ts';
import { syncRevisions, truncateHistory, type Revisions } from '../workload-common/history.ts';
import { claimPods } from '../workload-common/claim-pods.ts';
import { isRunningAndReady, isPodTerminal, msUntilAvailable } from '../workload-common/pod-state.ts';
import { PODS, PVCS, STATEFULSETS, at } from '../workload-common/resources.ts';
import { writeStatus } from '../workload-common/write-status.ts';
import { claimsFor, identityMatches, newPod, ordinalOf, podRevision, startOrdinal, templateOfRevision, POD_INDEX_LABEL, POD_NAME_LABEL } from './identity.ts';
import { computeStatus, statusChanged } from './status.ts';

/** What sync reads and writes through. */
export interface StatefulSetDeps {
  client: KubeClient;
  logger: Logger;
  clock: Clock;
  sets: CacheView;
  pods: CacheView;
  claims: CacheView;
  revisions: CacheView;
  expectations: Expectations;
}

/** Reconcile the StatefulSet `namespace/name`. */
export async function syncStatefulSet(d: StatefulSetDeps, key: string): Promise<SyncResult> {
  const [ns, name] = key.split('/') as [string, string];
  const set = d.sets.get(name, ns);
  if (!set) {
    d.expectations.delete(key);
    return {};
  }
  if (set.metadata.deletionTimestamp || !d.expectations.satisfied(key)) return {};
  const selector = compileLabelSelectorObject(set.spec?.selector);
  const pods = await claimPods(d.client, set, 'apps/v1', 'StatefulSet', d.pods.list(ns), selector,
    (p) => ordinalOf(name, p.metadata.name) >= 0);
  const revs = await syncRevisions(d.client, d.revisions, { obj: set, apiVersion: 'apps/v1', kind: 'StatefulSet' });
  const requeue = await reconcilePods(d, key, set, pods, revs);
  const status = computeStatus({
    set, pods: d.pods.list(ns).filter((p) => pods.some((q) => q.metadata.uid === p.metadata.uid)),
    currentRevision: revs.current.metadata.name ?? '', updateRevision: revs.update.metadata.name ?? '',
    collisionCount: revs.collisionCount, nowMs: d.clock.now(),
  });
  if (statusChanged(set.status, status)) {
    await writeStatus(d.client, STATEFULSETS, set, status);
  }
  const live = new Set(pods.map((p) => podRevision(p) ?? ''));
  await truncateHistory(d.client, revs, live, Number(set.spec?.revisionHistoryLimit ?? 10));
  return requeue;
}

/** Create, replace and delete pods; returns when to look again (minReadySeconds). */
async function reconcilePods(d: StatefulSetDeps, key: string, set: KObject, pods: KObject[], revs: Revisions): Promise<SyncResult> {
  const name = set.metadata.name ?? '';
  const ns = set.metadata.namespace;
  const replicas = Number(set.spec?.replicas ?? 1);
  const start = startOrdinal(set);
  const ordered = set.spec?.podManagementPolicy !== 'Parallel';
  const minReady = Number(set.spec?.minReadySeconds ?? 0);
  const now = d.clock.now();
  const byOrdinal = new Map<number, KObject>();
  for (const p of pods) byOrdinal.set(ordinalOf(name, p.metadata.name), p);
  const condemned = [...byOrdinal.keys()].filter((o) => o < start || o >= start + replicas).sort((a, b) => b - a);
  const rolling = set.spec?.updateStrategy?.type !== 'OnDelete';
  const partition = rolling ? Number(set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0) : 0;
  let requeueAfterMs: number | undefined;
  const healthy = (p: KObject): boolean => {
    if (!isRunningAndReady(p) || p.metadata.deletionTimestamp) return false;
    const wait = msUntilAvailable(p, minReady, now);
    if (wait !== undefined) requeueAfterMs = Math.min(requeueAfterMs ?? wait, wait);
    return wait === undefined;
  };

  for (let ord = start; ord < start + replicas; ord++) {
    const pod = byOrdinal.get(ord);
    if (!pod) {
      const useCurrent = rolling && ord < start + partition;
      const rev = useCurrent ? revs.current : revs.update;
      await createClaims(d, set, ord);
      await createPod(d, key, newPod(set, templateOfRevision(rev), rev.metadata.name ?? '', ord));
      if (ordered) return {};
      continue;
    }
    if (isPodTerminal(pod) && !pod.metadata.deletionTimestamp) {
      // A failed or finished pod is replaced by a fresh one with the same identity.
      await deletePod(d, key, pod);
      if (ordered) return {};
      continue;
    }
    if (!identityMatches(set, pod, ord)) await fixIdentity(d, pod, ord);
    if (ordered && !healthy(pod)) return requeueAfterMs === undefined ? {} : { requeueAfterMs };
  }

  for (const ord of condemned) {
    const pod = byOrdinal.get(ord) as KObject;
    if (pod.metadata.deletionTimestamp) {
      if (ordered) return {};
      continue;
    }
    await deletePod(d, key, pod);
    if (ordered) return {};
  }

  if (rolling) {
    // Replace outdated pods from the highest ordinal down to the partition, one at a time, all healthy first.
    const inRange = [...byOrdinal.entries()].filter(([o]) => o >= start && o < start + replicas);
    if (inRange.some(([, p]) => !healthy(p))) return requeueAfterMs === undefined ? {} : { requeueAfterMs };
    for (let ord = start + replicas - 1; ord >= start + partition; ord--) {
      const pod = byOrdinal.get(ord);
      if (pod && podRevision(pod) !== revs.update.metadata.name) {
        await deletePod(d, key, pod);
        break;
      }
    }
  }
  return requeueAfterMs === undefined ? {} : { requeueAfterMs };
}

async function createClaims(d: StatefulSetDeps, set: KObject, ord: number): Promise<void> {
  for (const c of claimsFor(set, ord)) {
    if (d.claims.get(c.metadata.name ?? '', set.metadata.namespace)) continue;
    try {
      await d.client.create(at(PVCS, set.metadata.namespace), c);
    } catch (e) {
      if (!isK8sError(e, 'AlreadyExists')) throw e;
    }
  }
}

async function createPod(d: StatefulSetDeps, key: string, pod: KObject): Promise<void> {
  d.expectations.expect(key, 1, 0);
  try {
    await d.client.create(at(PODS, pod.metadata.namespace), pod);
    d.logger.info('created pod', { statefulset: key, pod: pod.metadata.name });
  } catch (e) {
    d.expectations.creationObserved(key);
    if (!isK8sError(e, 'AlreadyExists')) throw e;
  }
}

async function deletePod(d: StatefulSetDeps, key: string, pod: KObject): Promise<void> {
  d.expectations.expect(key, 0, 1);
  try {
    await d.client.delete(at(PODS, pod.metadata.namespace, pod.metadata.name), { preconditions: { uid: pod.metadata.uid } });
    d.logger.info('deleted pod', { statefulset: key, pod: pod.metadata.name });
  } catch (e) {
    d.expectations.deletionObserved(key);
    if (!isK8sError(e, 'NotFound')) throw e;
  }
}

async function fixIdentity(d: StatefulSetDeps, pod: KObject, ord: number): Promise<void> {
  const p = structuredClone(pod);
  p.metadata.labels = { ...(p.metadata.labels ?? {}), [POD_NAME_LABEL]: p.metadata.name ?? '', [POD_INDEX_LABEL]: String(ord) };
  await d.client.update(at(PODS, p.metadata.namespace, p.metadata.name), p);
}

/**
 * One DaemonSet reconcile: adopt/release pods, make sure the update
 * revision exists, apply the plan (create one pod per eligible node,
 * delete misplaced, failed, extra and replaced pods), write status and
 * truncate the revision history.
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
import { claimPods } from '../workload-common/claim-pods.ts';
import { syncRevisions, truncateHistory } from '../workload-common/history.ts';
import { DAEMONSETS, PODS, at } from '../workload-common/resources.ts';
import { writeStatus } from '../workload-common/write-status.ts';
import { planDaemonSet } from './plan.ts';
import { newDaemonPod, REVISION_LABEL } from './pod-template.ts';

/** What sync reads and writes through. */
export interface DaemonSetDeps {
  client: KubeClient;
  logger: Logger;
  clock: Clock;
  sets: CacheView;
  pods: CacheView;
  nodes: CacheView;
  revisions: CacheView;
  expectations: Expectations;
}

/** Reconcile the DaemonSet `namespace/name`. */
export async function syncDaemonSet(d: DaemonSetDeps, key: string): Promise<SyncResult> {
  const [ns, name] = key.split('/') as [string, string];
  const ds = d.sets.get(name, ns);
  if (!ds) {
    d.expectations.delete(key);
    return {};
  }
  if (ds.metadata.deletionTimestamp) return {};
  const selector = compileLabelSelectorObject(ds.spec?.selector);
  const pods = await claimPods(d.client, ds, 'apps/v1', 'DaemonSet', d.pods.list(ns), selector);
  const revs = await syncRevisions(d.client, d.revisions, { obj: ds, apiVersion: 'apps/v1', kind: 'DaemonSet' });
  const plan = planDaemonSet(ds, d.nodes.list(), pods, revs.updateHash, d.clock.now());
  if (d.expectations.satisfied(key)) {
    d.expectations.expect(key, plan.create.length, plan.remove.length);
    await Promise.all([
      ...plan.create.map((n) => createPod(d, key, newDaemonPod(ds, n, revs.updateHash))),
      ...plan.remove.map((p) => deletePod(d, key, p)),
    ]);
  }
  const status = { ...plan.status };
  if (revs.collisionCount) status.collisionCount = revs.collisionCount;
  if (JSON.stringify(status) !== JSON.stringify(ds.status ?? {})) {
    await writeStatus(d.client, DAEMONSETS, ds, status);
  }
  const live = new Set(pods.map((p) => p.metadata.labels?.[REVISION_LABEL] ?? ''));
  const liveNames = new Set(revs.all.filter((r) => live.has(r.metadata.labels?.['controller.kubernetes.io/hash'] ?? '')).map((r) => r.metadata.name ?? ''));
  await truncateHistory(d.client, revs, liveNames, Number(ds.spec?.revisionHistoryLimit ?? 10));
  return plan.requeueAfterMs === undefined ? {} : { requeueAfterMs: plan.requeueAfterMs };
}

async function createPod(d: DaemonSetDeps, key: string, pod: KObject): Promise<void> {
  try {
    await d.client.create(at(PODS, pod.metadata.namespace), pod);
  } catch (e) {
    d.expectations.creationObserved(key);
    throw e;
  }
}

async function deletePod(d: DaemonSetDeps, key: string, pod: KObject): Promise<void> {
  try {
    await d.client.delete(at(PODS, pod.metadata.namespace, pod.metadata.name), { preconditions: { uid: pod.metadata.uid } });
  } catch (e) {
    d.expectations.deletionObserved(key);
    if (!isK8sError(e, 'NotFound')) throw e;
  }
}

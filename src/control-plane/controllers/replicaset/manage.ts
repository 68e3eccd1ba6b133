/**
 * Bringing the pod count to spec.replicas: creates in slow-start batches
 * (1, 2, 4, ... so a failing template costs one request, not hundreds) and
 * deletes of the least valuable pods, both recorded as expectations first.
 */
import { isK8sError } from '../../../base/errors.ts';
import type { Logger } from '../../../base/logger.ts';
import type { KObject } from '../../../api/types.ts';
import type { KubeClient } from '../../../client/types.ts';
import type { EventRecorder } from '../../../client/event-recorder.ts';
import { objectKey } from '../../../client/indexer.ts';
import { newControllerRef } from '../common/controller-ref.ts';
import type { Expectations } from '../common/expectations.ts';
import type { ReplicaKind } from './kinds.ts';
import { podsToDelete } from './pod-ranking.ts';
import type { ManageError } from './status.ts';

/** Upstream's BurstReplicas: at most this many creates or deletes per sync. */
export const BURST_REPLICAS = 500;

const PODS = { group: '', version: 'v1', plural: 'pods' };

/** What {@link manageReplicas} needs. */
export interface ManageDeps {
  client: KubeClient;
  kind: ReplicaKind;
  expectations: Expectations;
  logger: Logger;
  now: number;
  /** SuccessfulCreate/SuccessfulDelete/FailedCreate events; optional so unit tests need none. */
  recorder?: EventRecorder;
}

/** The pod `owner`'s template describes, owned by it. */
export function podFromTemplate(owner: KObject, kind: ReplicaKind): KObject {
  const t = owner.spec?.template ?? {};
  const meta = t.metadata ?? {};
  const pod: KObject = {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      generateName: `${owner.metadata.name}-`,
      namespace: owner.metadata.namespace,
      ownerReferences: [newControllerRef(owner, kind.apiVersion, kind.kind)],
    },
    spec: structuredClone(t.spec ?? {}),
  };
  if (meta.labels) pod.metadata.labels = { ...meta.labels };
  if (meta.annotations) pod.metadata.annotations = { ...meta.annotations };
  if (meta.finalizers) pod.metadata.finalizers = [...meta.finalizers];
  return pod;
}

/** Run `fn` over `count` items in batches of 1, 2, 4, ...; stop at the first batch with a failure. */
export async function slowStartBatch(count: number, fn: () => Promise<void>): Promise<{ ok: number; err?: Error }> {
  let ok = 0;
  for (let batch = Math.min(count, 1); batch > 0; batch = Math.min(2 * batch, count - ok)) {
    const results = await Promise.allSettled(Array.from({ length: batch }, fn));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    ok += results.filter((r) => r.status === 'fulfilled').length;
    if (failed) return { ok, err: failed.reason as Error };
  }
  return { ok };
}

/** Create or delete pods so `active` reaches spec.replicas; returns the error to report, if any. */
export async function manageReplicas(deps: ManageDeps, owner: KObject, key: string, active: KObject[]): Promise<ManageError | undefined> {
  const want = Number(owner.spec?.replicas ?? 1);
  const diff = active.length - want;
  if (diff < 0) {
    const n = Math.min(-diff, BURST_REPLICAS);
    deps.expectations.expectCreations(key, n);
    const ns = owner.metadata.namespace;
    const body = podFromTemplate(owner, deps.kind);
    const r = await slowStartBatch(n, async () => {
      try {
        const pod = await deps.client.create({ ...PODS, namespace: ns }, body);
        deps.recorder?.event(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, deps.kind);
      } catch (e) {
        deps.expectations.creationObserved(key);
        // A terminating namespace refuses new pods; that is not this controller's failure.
        if (isK8sError(e, 'Forbidden') && /being terminated/.test((e as Error).message)) return;
        throw e;
      }
    });
    // Creates never attempted will never be observed.
    for (let i = r.ok + (r.err ? 1 : 0); i < n; i++) deps.expectations.creationObserved(key);
    if (r.err) {
      deps.logger.info('pod creation failed', { key, err: r.err.message });
      deps.recorder?.event(owner, 'Warning', 'FailedCreate', `Error creating: ${r.err.message}`, deps.kind);
      return { reason: 'FailedCreate', message: r.err.message };
    }
    return undefined;
  }
  if (diff > 0) {
    const n = Math.min(diff, BURST_REPLICAS);
    const siblings = new Map<string, number>();
    for (const p of active) {
      const node = p.spec?.nodeName ?? '';
      if (node) siblings.set(node, (siblings.get(node) ?? 0) + 1);
    }
    const victims = podsToDelete(active, n, deps.now, siblings);
    deps.expectations.expectDeletions(key, victims.map(objectKey));
    let firstErr: Error | undefined;
    await Promise.all(victims.map(async (p) => {
      try {
        await deps.client.delete({ ...PODS, namespace: p.metadata.namespace, name: p.metadata.name },
          { preconditions: { uid: p.metadata.uid } });
        deps.recorder?.event(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, deps.kind);
      } catch (e) {
        deps.expectations.deletionObserved(key, objectKey(p));
        if (isK8sError(e, 'NotFound')) return;
        firstErr ??= e as Error;
      }
    }));
    if (firstErr) return { reason: 'FailedDelete', message: firstErr.message };
  }
  return undefined;
}

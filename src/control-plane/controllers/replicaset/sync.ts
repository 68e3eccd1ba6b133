/**
 * Reconcile one ReplicaSet or ReplicationController: claim pods by selector
 * and controllerRef, create or delete pods when the cache can be trusted
 * (expectations satisfied), then write status when it changed.
 */
import { isK8sError } from '../../../base/errors.ts';
import type { Clock } from '../../../base/clock.ts';
import type { Logger } from '../../../base/logger.ts';
import type { KObject } from '../../../api/types.ts';
import type { Lister } from '../../../client/lister.ts';
import type { KubeClient } from '../../../client/types.ts';
import type { EventRecorder } from '../../../client/event-recorder.ts';
import { splitKey } from '../../../client/indexer.ts';
import { claimObjects } from '../common/controller-ref.ts';
import type { Expectations } from '../common/expectations.ts';
import { isPodActive } from '../common/pod-utils.ts';
import type { SyncResult } from '../types.ts';
import type { ReplicaKind } from './kinds.ts';
import { manageReplicas } from './manage.ts';
import { calculateStatus, statusChanged, toWire, type ManageError } from './status.ts';

/** What {@link syncReplicas} reads and writes. */
export interface ReplicaSyncDeps {
  client: KubeClient;
  kind: ReplicaKind;
  owners: Lister;
  pods: Lister;
  expectations: Expectations;
  clock: Clock;
  logger: Logger;
  /** Pod create/delete events; optional so unit tests need none. */
  recorder?: EventRecorder;
}

const PODS = { group: '', version: 'v1', plural: 'pods' };

/** Reconcile the object at `key` (namespace/name). Throws to be retried. */
export async function syncReplicas(deps: ReplicaSyncDeps, key: string): Promise<SyncResult> {
  const { namespace, name } = splitKey(key);
  const owner = deps.owners.get(name, namespace);
  if (!owner) {
    deps.expectations.delete(key);
    return {};
  }
  const needsSync = deps.expectations.satisfied(key) && !owner.metadata.deletionTimestamp;
  const match = deps.kind.matcher(owner);
  const candidates = deps.pods.list(namespace).filter((p) => isPodActive(p) || p.metadata.ownerReferences?.some((r) => r.uid === owner.metadata.uid));
  const claimed = await claimObjects({
    client: deps.client, ref: { ...PODS, namespace }, owner,
    ownerApiVersion: deps.kind.apiVersion, ownerKind: deps.kind.kind, match,
    canAdopt: () => true,
  }, candidates);
  const active = claimed.filter(isPodActive);

  let err: ManageError | undefined;
  let thrown: unknown;
  if (needsSync) {
    try {
      err = await manageReplicas({ client: deps.client, kind: deps.kind, expectations: deps.expectations,
        logger: deps.logger, now: deps.clock.now(), recorder: deps.recorder }, owner, key, active);
    } catch (e) {
      thrown = e;
    }
  }

  const now = deps.clock.now();
  const status = calculateStatus(owner, claimed, err, now);
  if (statusChanged(owner, status)) {
    const next = structuredClone(owner);
    next.status = toWire(status);
    try {
      await deps.client.update({ ...deps.kind.resource, namespace, name, subresource: 'status' }, next);
    } catch (e) {
      if (!isK8sError(e, 'NotFound')) throw e;
    }
  }
  if (thrown) throw thrown;
  if (err) throw new Error(err.message);
  // Pods that are ready but not yet available become available after minReadySeconds.
  const minReady = Number(owner.spec?.minReadySeconds ?? 0);
  const want = Number(owner.spec?.replicas ?? 1);
  if (minReady > 0 && status.readyReplicas === want && status.availableReplicas !== want) {
    return { requeueAfterMs: minReady * 1000 };
  }
  return {};
}

/** Used by event handlers: the owner key (namespace/name) a pod's controllerRef names, if it is of `kind`. */
export function ownerKeyOf(p: KObject, kind: ReplicaKind): string | undefined {
  const ref = p.metadata.ownerReferences?.find((r) => r.controller === true);
  if (!ref || ref.kind !== kind.kind || ref.apiVersion.split('/')[0] !== kind.apiVersion.split('/')[0]) return undefined;
  return `${p.metadata.namespace}/${ref.name}`;
}

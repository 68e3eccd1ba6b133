/**
 * ControllerRevision history shared by StatefulSet and DaemonSet: one
 * revision per distinct pod template (`<owner>-<hash>`, increasing
 * `revision` numbers), reuse of an old revision when a template comes back
 * (rollback gets the next number, as upstream), hash collisions resolved
 * by the owner's collisionCount, and truncation to revisionHistoryLimit.
 */
import { isK8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import type { KubeClient } from '../../../client/types.ts';
import type { CacheView } from './cache-view.ts';
import { isControlledBy, newControllerRef } from './owner-refs.ts';
import { CONTROLLER_REVISIONS, at } from './resources.ts';
import { revisionHash, stableJson } from './revision-hash.ts';

/** Label upstream puts on every ControllerRevision: the bare hash. */
export const REVISION_HASH_LABEL = 'controller.kubernetes.io/hash';

/** Who owns the history. */
export interface HistoryOwner { obj: KObject; apiVersion: string; kind: string }

/** The revisions of an owner after a sync. */
export interface Revisions {
  /** All owned revisions, oldest first. */
  all: KObject[];
  /** The revision pods are being moved to (the current template). */
  update: KObject;
  /** status.currentRevision if it still exists, else `update`. */
  current: KObject;
  collisionCount: number;
  /** The bare hash of the update revision. */
  updateHash: string;
}

/** Revision data: the pod template as a strategic-merge "replace" patch (what kubectl rollout reads). */
export function revisionData(template: unknown): Record<string, unknown> {
  return { spec: { template: { ...(template as object), $patch: 'replace' } } };
}

const byRevision = (a: KObject, b: KObject): number => Number(a.revision ?? 0) - Number(b.revision ?? 0)
  || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');

/** Revisions controlled by the owner, oldest first. */
export function ownedRevisions(view: CacheView, owner: KObject): KObject[] {
  return view.list(owner.metadata.namespace).filter((r) => isControlledBy(r, owner)).sort(byRevision);
}

/** Find or create the update revision and resolve the current one. */
export async function syncRevisions(client: KubeClient, view: CacheView, o: HistoryOwner): Promise<Revisions> {
  const owner = o.obj;
  const ns = owner.metadata.namespace;
  const all = ownedRevisions(view, owner);
  const data = revisionData(owner.spec?.template);
  const dataText = stableJson(data);
  let collisionCount = Number(owner.status?.collisionCount ?? 0);
  const maxRev = all.reduce((m, r) => Math.max(m, Number(r.revision ?? 0)), 0);
  const equal = all.filter((r) => stableJson(r.data) === dataText);
  let update: KObject | undefined;
  if (equal.length > 0) {
    const last = equal[equal.length - 1] as KObject;
    if (all[all.length - 1] === last) update = last;
    else {
      // The template went back to an old revision: it becomes the newest.
      const bumped = structuredClone(last);
      bumped.revision = maxRev + 1;
      update = await client.update(at(CONTROLLER_REVISIONS, ns, last.metadata.name), bumped);
      const i = all.indexOf(last);
      all.splice(i, 1);
      all.push(update);
    }
  }
  for (let attempt = 0; !update; attempt++) {
    const hash = revisionHash(data, collisionCount);
    const body: KObject = {
      apiVersion: 'apps/v1', kind: 'ControllerRevision',
      metadata: {
        name: `${owner.metadata.name}-${hash}`, namespace: ns,
        labels: { ...(owner.spec?.template?.metadata?.labels ?? {}), [REVISION_HASH_LABEL]: hash },
        ownerReferences: [newControllerRef(owner, o.apiVersion, o.kind)],
      },
      data, revision: maxRev + 1,
    };
    try {
      update = await client.create(at(CONTROLLER_REVISIONS, ns), body);
      all.push(update);
    } catch (e) {
      if (!isK8sError(e, 'AlreadyExists') || attempt > 10) throw e;
      const existing = await client.get(at(CONTROLLER_REVISIONS, ns, body.metadata.name));
      if (isControlledBy(existing, owner) && stableJson(existing.data) === dataText) {
        update = existing;
        all.push(existing);
      } else {
        collisionCount++;
      }
    }
  }
  const curName = owner.status?.currentRevision as string | undefined;
  const current = all.find((r) => r.metadata.name === curName) ?? update;
  const updateHash = update.metadata.labels?.[REVISION_HASH_LABEL] ?? '';
  return { all: all.sort(byRevision), update, current, collisionCount, updateHash };
}

/**
 * Delete the oldest revisions beyond `limit` that no pod uses and that are
 * neither current nor update.
 */
export async function truncateHistory(client: KubeClient, revs: Revisions, live: Set<string>, limit: number): Promise<void> {
  const keep = new Set([...live, revs.current.metadata.name ?? '', revs.update.metadata.name ?? '']);
  const old = revs.all.filter((r) => !keep.has(r.metadata.name ?? ''));
  const excess = old.length - Math.max(0, limit);
  for (const r of old.slice(0, Math.max(0, excess))) {
    try {
      await client.delete(at(CONTROLLER_REVISIONS, r.metadata.namespace, r.metadata.name));
    } catch (e) {
      if (!isK8sError(e, 'NotFound')) throw e;
    }
  }
}

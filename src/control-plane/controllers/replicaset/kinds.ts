/**
 * The two kinds this controller serves, as upstream serves
 * ReplicationControllers with the ReplicaSet logic: where they live, what
 * their controller references say, and how their selector is read (a
 * LabelSelector for ReplicaSets, a plain map for ReplicationControllers).
 */
import type { KObject } from '../../../api/types.ts';
import { compileLabelSelectorObject, type LabelMatcher } from '../../../api/selectors/labels.ts';
import type { ResourceRef } from '../../../client/types.ts';

/** One replicated kind. */
export interface ReplicaKind {
  /** Controller name, as in `--controllers`. */
  name: string;
  resource: Pick<ResourceRef, 'group' | 'version' | 'plural'>;
  apiVersion: string;
  kind: string;
  /** The selector; a selector that selects nothing when empty or invalid. */
  matcher(o: KObject): LabelMatcher;
}

const NOTHING: LabelMatcher = () => false;

/** apps/v1 ReplicaSet. */
export const REPLICA_SET: ReplicaKind = {
  name: 'replicaset',
  resource: { group: 'apps', version: 'v1', plural: 'replicasets' },
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  matcher(o) {
    const sel = o.spec?.selector;
    // An empty selector matches nothing for controllers (upstream treats it as invalid).
    if (!sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0)) return NOTHING;
    try { return compileLabelSelectorObject(sel); } catch { return NOTHING; }
  },
};

/** v1 ReplicationController (selector defaults to the template's labels). */
export const REPLICATION_CONTROLLER: ReplicaKind = {
  name: 'replicationcontroller',
  resource: { group: '', version: 'v1', plural: 'replicationcontrollers' },
  apiVersion: 'v1',
  kind: 'ReplicationController',
  matcher(o) {
    const sel = (o.spec?.selector ?? o.spec?.template?.metadata?.labels) as Record<string, string> | undefined;
    if (!sel || Object.keys(sel).length === 0) return NOTHING;
    return compileLabelSelectorObject({ matchLabels: sel });
  },
};

/**
 * apps/v1 defaults: Deployment, ReplicaSet, StatefulSet, DaemonSet (and the
 * core ReplicationController, which behaves like an old ReplicaSet).
 */
import type { KObject } from '../types.ts';
import { defaultPodTemplate } from './pod-spec.ts';
import { setDefault, child, isObj } from './util.ts';

/** Deployment: 1 replica, RollingUpdate 25%/25%, 10 old ReplicaSets kept, 600s progress deadline. */
export function defaultDeployment(d: KObject): void {
  const spec = child(d, 'spec');
  setDefault(spec, 'replicas', 1);
  const strategy = child(spec, 'strategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = child(strategy, 'rollingUpdate');
    setDefault(ru, 'maxUnavailable', '25%');
    setDefault(ru, 'maxSurge', '25%');
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  defaultPodTemplate(spec.template);
}

/** ReplicaSet: 1 replica plus pod template defaults. */
export function defaultReplicaSet(rs: KObject): void {
  const spec = child(rs, 'spec');
  setDefault(spec, 'replicas', 1);
  defaultPodTemplate(spec.template);
}

/** StatefulSet: OrderedReady, RollingUpdate partition 0, Retain/Retain PVC policy, 10 revisions. */
export function defaultStatefulSet(s: KObject): void {
  const spec = child(s, 'spec');
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'podManagementPolicy', 'OrderedReady');
  const us = child(spec, 'updateStrategy');
  setDefault(us, 'type', 'RollingUpdate');
  if (us.type === 'RollingUpdate') {
    const ru = child(us, 'rollingUpdate');
    setDefault(ru, 'partition', 0);
    // maxUnavailable is alpha-gated upstream; only defaulted when that gate is on, so not here.
  }
  const pvc = child(spec, 'persistentVolumeClaimRetentionPolicy');
  setDefault(pvc, 'whenDeleted', 'Retain');
  setDefault(pvc, 'whenScaled', 'Retain');
  setDefault(spec, 'revisionHistoryLimit', 10);
  defaultPodTemplate(spec.template);
  if (Array.isArray(spec.volumeClaimTemplates)) {
    for (const t of spec.volumeClaimTemplates) {
      if (!isObj(t)) continue;
      const ts = child(t, 'spec');
      setDefault(ts, 'volumeMode', 'Filesystem');
      setDefault(child(t, 'status'), 'phase', 'Pending');
    }
  }
}

/** DaemonSet: RollingUpdate maxUnavailable 1 maxSurge 0, 10 revisions. */
export function defaultDaemonSet(ds: KObject): void {
  const spec = child(ds, 'spec');
  const us = child(spec, 'updateStrategy');
  setDefault(us, 'type', 'RollingUpdate');
  if (us.type === 'RollingUpdate') {
    const ru = child(us, 'rollingUpdate');
    setDefault(ru, 'maxUnavailable', 1);
    setDefault(ru, 'maxSurge', 0);
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  defaultPodTemplate(spec.template);
}

/**
 * ReplicationController: selector and labels come from the template's
 * labels when unset (the RC predates explicit selectors), replicas 1.
 */
export function defaultReplicationController(rc: KObject): void {
  const spec = child(rc, 'spec');
  const tmplLabels = isObj(spec.template) && isObj(spec.template.metadata) ? spec.template.metadata.labels : undefined;
  if (isObj(tmplLabels)) {
    if (!isObj(spec.selector) || Object.keys(spec.selector).length === 0) spec.selector = { ...tmplLabels };
    if (!isObj(rc.metadata.labels) || Object.keys(rc.metadata.labels).length === 0) rc.metadata.labels = { ...tmplLabels };
  }
  setDefault(spec, 'replicas', 1);
  defaultPodTemplate(spec.template);
}

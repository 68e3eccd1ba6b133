/**
 * apps/v1 validation: Deployment, ReplicaSet, StatefulSet, DaemonSet,
 * ControllerRevision; and the core ReplicationController.
 */
import type { FieldError, KObject } from '../types.ts';
import { forbidden, immutable, invalid, notSupported, required } from './field-errors.ts';
import { nonNegative, validateControllerSelector } from './common.ts';
import { isZero, validateIntOrPercent } from './int-or-percent.ts';
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { validatePodTemplate } from './pod-template.ts';
import { type Obj, isObj, obj } from './util.ts';

const ALWAYS = ['Always'];

function meta(o: KObject, old?: KObject): FieldError[] {
  const errs = validateObjectMeta(o, { namespaced: true });
  if (old) errs.push(...validateObjectMetaUpdate(o, old));
  return errs;
}

function rollingUpdate(ru: Obj, p: string, surgeAllowed: boolean): FieldError[] {
  const errs = [...validateIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`)];
  if (surgeAllowed) errs.push(...validateIntOrPercent(ru.maxSurge, `${p}.maxSurge`));
  if (errs.length === 0 && isZero(ru.maxUnavailable) && (ru.maxSurge === undefined || isZero(ru.maxSurge))) {
    errs.push(invalid(`${p}.maxUnavailable`, ru.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
  }
  return errs;
}

/** Deployment. */
export function validateDeployment(d: KObject, old?: KObject): FieldError[] {
  const errs = meta(d, old);
  const spec = obj(d.spec);
  errs.push(...nonNegative(spec.replicas, 'spec.replicas'));
  errs.push(...validateControllerSelector(spec, 'deployment'));
  errs.push(...validatePodTemplate(spec.template, 'spec.template', ALWAYS));
  const st = obj(spec.strategy);
  if (st.type !== 'Recreate' && st.type !== 'RollingUpdate') {
    errs.push(st.type ? notSupported('spec.strategy.type', st.type, ['Recreate', 'RollingUpdate']) : required('spec.strategy.type'));
  } else if (st.type === 'Recreate' && st.rollingUpdate != null) {
    errs.push(forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
  } else if (st.type === 'RollingUpdate' && isObj(st.rollingUpdate)) {
    errs.push(...rollingUpdate(st.rollingUpdate, 'spec.strategy.rollingUpdate', true));
  }
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  if (spec.progressDeadlineSeconds != null) {
    errs.push(...nonNegative(spec.progressDeadlineSeconds, 'spec.progressDeadlineSeconds'));
    if (typeof spec.progressDeadlineSeconds === 'number' && spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
      errs.push(invalid('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
    }
  }
  if (old) errs.push(...immutable('spec.selector', spec.selector, obj(old.spec).selector));
  return errs;
}

/** ReplicaSet. */
export function validateReplicaSet(rs: KObject, old?: KObject): FieldError[] {
  const errs = meta(rs, old);
  const spec = obj(rs.spec);
  errs.push(...nonNegative(spec.replicas, 'spec.replicas'));
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...validateControllerSelector(spec, 'replicaset'));
  errs.push(...validatePodTemplate(spec.template, 'spec.template', ALWAYS));
  if (old) errs.push(...immutable('spec.selector', spec.selector, obj(old.spec).selector));
  return errs;
}

const STS_MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds', 'revisionHistoryLimit'];

/** StatefulSet. */
export function validateStatefulSet(s: KObject, old?: KObject): FieldError[] {
  const errs = meta(s, old);
  const spec = obj(s.spec);
  errs.push(...nonNegative(spec.replicas, 'spec.replicas'));
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  if (spec.podManagementPolicy && !['OrderedReady', 'Parallel'].includes(spec.podManagementPolicy)) {
    errs.push(notSupported('spec.podManagementPolicy', spec.podManagementPolicy, ['OrderedReady', 'Parallel']));
  }
  const us = obj(spec.updateStrategy);
  if (us.type && !['OnDelete', 'RollingUpdate'].includes(us.type)) {
    errs.push(notSupported('spec.updateStrategy.type', us.type, ['OnDelete', 'RollingUpdate']));
  } else if (us.type === 'OnDelete' && us.rollingUpdate != null) {
    errs.push(invalid('spec.updateStrategy.rollingUpdate', us.rollingUpdate, "only allowed for updateStrategy 'RollingUpdate'"));
  } else if (isObj(us.rollingUpdate)) {
    errs.push(...nonNegative(us.rollingUpdate.partition, 'spec.updateStrategy.rollingUpdate.partition'));
  }
  const pol = obj(spec.persistentVolumeClaimRetentionPolicy);
  for (const f of ['whenDeleted', 'whenScaled']) {
    if (pol[f] && !['Delete', 'Retain'].includes(pol[f])) {
      errs.push(notSupported(`spec.persistentVolumeClaimRetentionPolicy.${f}`, pol[f], ['Retain', 'Delete']));
    }
  }
  if (isObj(spec.ordinals)) errs.push(...nonNegative(spec.ordinals.start, 'spec.ordinals.start'));
  errs.push(...validateControllerSelector(spec, 'statefulset'));
  errs.push(...validatePodTemplate(spec.template, 'spec.template', ALWAYS));
  if (old) {
    const a = { ...spec };
    const b = { ...obj(old.spec) };
    for (const f of STS_MUTABLE) {
      delete a[f];
      delete b[f];
    }
    if (immutable('spec', a, b).length) {
      errs.push(forbidden('spec', "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
    }
  }
  return errs;
}

/** DaemonSet. */
export function validateDaemonSet(ds: KObject, old?: KObject): FieldError[] {
  const errs = meta(ds, old);
  const spec = obj(ds.spec);
  errs.push(...validateControllerSelector(spec, 'daemonset'));
  errs.push(...validatePodTemplate(spec.template, 'spec.template', ALWAYS));
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  const us = obj(spec.updateStrategy);
  if (!us.type) errs.push(required('spec.updateStrategy.type'));
  else if (!['OnDelete', 'RollingUpdate'].includes(us.type)) errs.push(notSupported('spec.updateStrategy.type', us.type, ['OnDelete', 'RollingUpdate']));
  else if (us.type === 'RollingUpdate' && isObj(us.rollingUpdate)) {
    errs.push(...rollingUpdate(us.rollingUpdate, 'spec.updateStrategy.rollingUpdate', true));
  }
  if (old) errs.push(...immutable('spec.selector', spec.selector, obj(old.spec).selector));
  return errs;
}

/** ControllerRevision: revision >= 0; data immutable. */
export function validateControllerRevision(cr: KObject, old?: KObject): FieldError[] {
  const errs = meta(cr, old);
  errs.push(...nonNegative(cr.revision, 'revision'));
  if (old) errs.push(...immutable('data', cr.data, old.data));
  return errs;
}

/** ReplicationController (map selector, template labels must match). */
export function validateReplicationController(rc: KObject, old?: KObject): FieldError[] {
  const errs = meta(rc, old);
  const spec = obj(rc.spec);
  errs.push(...nonNegative(spec.replicas, 'spec.replicas'));
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  const sel = obj(spec.selector) as Record<string, string>;
  if (Object.keys(sel).length === 0) errs.push(required('spec.selector'));
  errs.push(...validateLabels(spec.selector, 'spec.selector'));
  if (!isObj(spec.template)) errs.push(required('spec.template'));
  else {
    const labels = obj(obj(spec.template.metadata).labels);
    if (Object.keys(sel).length && !Object.entries(sel).every(([k, v]) => labels[k] === v)) {
      errs.push(invalid('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
    }
    errs.push(...validatePodTemplate(spec.template, 'spec.template', ALWAYS));
  }
  return errs;
}

/**
 * rbac.authorization.k8s.io/v1 validation: rules, roleRef and subjects.
 * Names only need to be valid path segments, as upstream allows ':' etc.
 */
import type { FieldError, KObject } from '../types.ts';
import { deepEqual, invalid, notSupported, required } from './field-errors.ts';
import { nameIsPathSegment, isValidPathSegmentName } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { arr, obj } from './util.ts';

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const SUBJECT_KINDS = ['ServiceAccount', 'User', 'Group'];

function meta(o: KObject, old: KObject | undefined, namespaced: boolean): FieldError[] {
  const errs = validateObjectMeta(o, { namespaced, nameFn: nameIsPathSegment });
  if (old) errs.push(...validateObjectMetaUpdate(o, old));
  return errs;
}

function validateRules(rules: unknown, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  arr(rules).forEach((raw, i) => {
    const r = obj(raw);
    const p = `rules[${i}]`;
    if (arr(r.verbs).length === 0) errs.push(required(`${p}.verbs`, 'verbs must contain at least one value'));
    const nonResource = arr(r.nonResourceURLs);
    if (nonResource.length > 0) {
      if (namespaced) errs.push(invalid(`${p}.nonResourceURLs`, r.nonResourceURLs, 'namespaced rules cannot apply to non-resource URLs'));
      if (arr(r.apiGroups).length || arr(r.resources).length || arr(r.resourceNames).length) {
        errs.push(invalid(`${p}.nonResourceURLs`, r.nonResourceURLs, 'rules cannot apply to both regular resources and non-resource URLs'));
      }
      return;
    }
    if (arr(r.apiGroups).length === 0) errs.push(required(`${p}.apiGroups`, 'resource rules must supply at least one api group'));
    if (arr(r.resources).length === 0) errs.push(required(`${p}.resources`, 'resource rules must supply at least one resource'));
  });
  return errs;
}

/** Role. */
export function validateRole(r: KObject, old?: KObject): FieldError[] {
  return [...meta(r, old, true), ...validateRules(r.rules, true)];
}

/** ClusterRole (rules may be empty when an aggregationRule fills them). */
export function validateClusterRole(r: KObject, old?: KObject): FieldError[] {
  const errs = [...meta(r, old, false), ...validateRules(r.rules, false)];
  const agg = r.aggregationRule;
  if (agg && arr(obj(agg).clusterRoleSelectors).length === 0) {
    errs.push(required('aggregationRule.clusterRoleSelectors', 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
  }
  return errs;
}

function validateBinding(b: KObject, old: KObject | undefined, namespaced: boolean): FieldError[] {
  const errs = meta(b, old, namespaced);
  const ref = obj(b.roleRef);
  if (ref.apiGroup !== RBAC_GROUP) errs.push(notSupported('roleRef.apiGroup', ref.apiGroup ?? '', [RBAC_GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(ref.kind)) errs.push(notSupported('roleRef.kind', ref.kind ?? '', kinds));
  if (!ref.name) errs.push(required('roleRef.name'));
  else for (const m of isValidPathSegmentName(ref.name)) errs.push(invalid('roleRef.name', ref.name, m));
  arr(b.subjects).forEach((raw, i) => {
    const s = obj(raw);
    const p = `subjects[${i}]`;
    if (!s.name) errs.push(required(`${p}.name`));
    if (!SUBJECT_KINDS.includes(s.kind)) {
      errs.push(notSupported(`${p}.kind`, s.kind ?? '', SUBJECT_KINDS));
    } else if (s.kind === 'ServiceAccount') {
      if (s.apiGroup) errs.push(notSupported(`${p}.apiGroup`, s.apiGroup, ['']));
      if (!namespaced && !s.namespace) errs.push(required(`${p}.namespace`));
    } else if (s.apiGroup !== RBAC_GROUP) {
      errs.push(notSupported(`${p}.apiGroup`, s.apiGroup ?? '', [RBAC_GROUP]));
    }
  });
  if (old && !deepEqual(b.roleRef, old.roleRef)) errs.push(invalid('roleRef', b.roleRef, 'cannot change roleRef'));
  return errs;
}

/** RoleBinding. */
export function validateRoleBinding(b: KObject, old?: KObject): FieldError[] {
  return validateBinding(b, old, true);
}

/** ClusterRoleBinding. */
export function validateClusterRoleBinding(b: KObject, old?: KObject): FieldError[] {
  return validateBinding(b, old, false);
}

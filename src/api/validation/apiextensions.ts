/**
 * Validation of apiextensions.k8s.io CustomResourceDefinition objects
 * themselves (upstream's ValidateCustomResourceDefinition): name, group,
 * scope, versions and names. The schemas inside are checked for
 * structure by the API server's crd/ code; custom resources are validated
 * there against those schemas.
 */
import type { FieldError, KObject } from '../types.ts';
import { immutable, invalid, notSupported, required } from './field-errors.ts';
import { isDNS1035Label, isDNS1123Subdomain } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { arr, obj } from './util.ts';

const SCOPES = ['Cluster', 'Namespaced'];

/** A DNS-1035 label check in upstream's form: one Invalid error joining the messages. */
function label(field: string, value: string, prefix = '', check = value): FieldError[] {
  const msgs = isDNS1035Label(check);
  return msgs.length ? [invalid(field, value, prefix + msgs.join(','))] : [];
}

/** spec.names (also the shape of status.acceptedNames): each name a DNS-1035 label, kind != listKind. */
function validateNames(names: Record<string, any>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const s = (v: unknown) => (typeof v === 'string' ? v : '');
  const [plural, singular, kind, listKind] = [s(names.plural), s(names.singular), s(names.kind), s(names.listKind)];
  if (plural) errs.push(...label(`${path}.plural`, plural));
  if (singular) errs.push(...label(`${path}.singular`, singular));
  const mixed = 'may have mixed case, but should otherwise match: ';
  if (kind) errs.push(...label(`${path}.kind`, kind, mixed, kind.toLowerCase()));
  if (listKind) errs.push(...label(`${path}.listKind`, listKind, mixed, listKind.toLowerCase()));
  arr(names.shortNames).forEach((n, i) => errs.push(...label(`${path}.shortNames[${i}]`, s(n))));
  if (kind && kind === listKind) errs.push(invalid(`${path}.listKind`, listKind, 'kind and listKind may not be the same'));
  arr(names.categories).forEach((c, i) => errs.push(...label(`${path}.categories[${i}]`, s(c))));
  return errs;
}

function validateSpec(spec: Record<string, any>): FieldError[] {
  const errs: FieldError[] = [];
  const group = typeof spec.group === 'string' ? spec.group : '';
  if (!group) errs.push(required('spec.group'));
  else if (isDNS1123Subdomain(group).length) errs.push(invalid('spec.group', group, isDNS1123Subdomain(group).join(',')));
  else if (group.split('.').length < 2) errs.push(invalid('spec.group', group, 'should be a domain with at least one dot'));

  if (!spec.scope) errs.push(required('spec.scope'));
  else if (!SCOPES.includes(spec.scope)) errs.push(notSupported('spec.scope', spec.scope, SCOPES));

  const versions = arr(spec.versions).map(obj);
  const seen = new Set<string>();
  let unique = true;
  versions.forEach((v, i) => {
    const name = typeof v.name === 'string' ? v.name : '';
    if (seen.has(name)) unique = false;
    seen.add(name);
    errs.push(...label(`spec.versions[${i}].name`, name));
  });
  if (!unique) errs.push(invalid('spec.versions', spec.versions, 'must contain unique version names'));
  if (versions.filter((v) => v.storage === true).length !== 1) {
    errs.push(invalid('spec.versions', spec.versions ?? [], 'must have exactly one version marked as storage version'));
  }

  // singular and listKind are required upstream too, but only after defaulting fills them from kind.
  const names = obj(spec.names);
  if (!names.plural) errs.push(required('spec.names.plural'));
  if (!names.kind) errs.push(required('spec.names.kind'));
  errs.push(...validateNames(names, 'spec.names'));
  return errs;
}

function established(crd: KObject): boolean {
  return arr(crd.status?.conditions).some((c) => obj(c).type === 'Established' && obj(c).status === 'True');
}

/** CustomResourceDefinition: metadata.name is `<spec.names.plural>.<spec.group>`, then the spec; update rules. */
export function validateCustomResourceDefinition(crd: KObject, old?: KObject): FieldError[] {
  const errs = validateObjectMeta(crd, { namespaced: false });
  if (old) errs.push(...validateObjectMetaUpdate(crd, old));
  const spec = obj(crd.spec);
  const name = crd.metadata?.name ?? '';
  if (name && name !== `${obj(spec.names).plural ?? ''}.${spec.group ?? ''}`) {
    errs.push(invalid('metadata.name', name, 'must be spec.names.plural+"."+spec.group'));
  }
  errs.push(...validateSpec(spec));
  if (crd.status?.acceptedNames) errs.push(...validateNames(obj(crd.status.acceptedNames), 'status.acceptedNames'));
  if (old) {
    const was = obj(old.spec);
    if (established(old)) {
      errs.push(...immutable('spec.scope', spec.scope, was.scope));
      errs.push(...immutable('spec.names.kind', obj(spec.names).kind, obj(was.names).kind));
    }
    errs.push(...immutable('spec.group', spec.group, was.group));
    errs.push(...immutable('spec.names.plural', obj(spec.names).plural, obj(was.names).plural));
  }
  return errs;
}

/**
 * ObjectMeta validation shared by every kind: name/generateName syntax,
 * namespace presence, labels, annotations (syntax and 256 KiB total),
 * owner references, finalizers, and immutability of identity on update.
 */
import type { FieldError, KObject } from '../types.ts';
import { forbidden, immutable, invalid, required, tooLong } from './field-errors.ts';
import {
  type NameValidator, isDNS1123Label, isLabelValue, isQualifiedName, nameIsDNSSubdomain,
} from './names.ts';

/** Total size limit of all annotation keys and values. */
export const TOTAL_ANNOTATION_SIZE = 256 * 1024;

/** Options of {@link validateObjectMeta}. */
export interface ObjectMetaOptions {
  /** True for namespaced kinds: namespace required; false: namespace forbidden. */
  namespaced: boolean;
  /** Name syntax of the kind; DNS subdomain when omitted. */
  nameFn?: NameValidator;
  /** Path of the metadata; `metadata` unless validating an embedded template. */
  path?: string;
}

/** Label keys and values, reported at `path` (upstream does not index labels). */
export function validateLabels(labels: unknown, path: string): FieldError[] {
  if (labels === undefined || labels === null) return [];
  if (typeof labels !== 'object' || Array.isArray(labels)) return [invalid(path, labels, 'must be a map of strings')];
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels as Record<string, unknown>)) {
    for (const m of isQualifiedName(k)) errs.push(invalid(path, k, m));
    if (typeof v !== 'string') errs.push(invalid(path, v, 'must be a string'));
    else for (const m of isLabelValue(v)) errs.push(invalid(path, v, m));
  }
  return errs;
}

/** Annotation keys (case-insensitive qualified names) and their total size. */
export function validateAnnotations(ann: unknown, path: string): FieldError[] {
  if (ann === undefined || ann === null) return [];
  if (typeof ann !== 'object' || Array.isArray(ann)) return [invalid(path, ann, 'must be a map of strings')];
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(ann as Record<string, unknown>)) {
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(invalid(path, k, m));
    size += Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
  }
  if (size > TOTAL_ANNOTATION_SIZE) errs.push(tooLong(path, TOTAL_ANNOTATION_SIZE));
  return errs;
}

function validateOwnerReferences(refs: unknown, path: string): FieldError[] {
  if (!Array.isArray(refs)) return [];
  const errs: FieldError[] = [];
  const controllers: string[] = [];
  for (const r of refs) {
    if (typeof r !== 'object' || r === null) continue;
    if (!r.apiVersion) errs.push(invalid(`${path}.apiVersion`, r.apiVersion ?? '', 'version must not be empty'));
    if (!r.kind) errs.push(invalid(`${path}.kind`, r.kind ?? '', 'kind must not be empty'));
    if (!r.name) errs.push(invalid(`${path}.name`, r.name ?? '', 'name must not be empty'));
    if (!r.uid) errs.push(invalid(`${path}.uid`, r.uid ?? '', 'uid must not be empty'));
    if (r.controller === true) controllers.push(`${r.kind}/${r.name}`);
  }
  if (controllers.length > 1) {
    errs.push(invalid(path, refs, `Only one reference can have Controller set to true. Found "true" in references for ${controllers.join(' and ')}`));
  }
  return errs;
}

function validateFinalizers(fins: unknown, path: string): FieldError[] {
  if (!Array.isArray(fins)) return [];
  const errs: FieldError[] = [];
  for (const f of fins) {
    if (typeof f !== 'string') errs.push(invalid(path, f, 'must be a string'));
    else for (const m of isQualifiedName(f)) errs.push(invalid(path, f, m));
  }
  if (fins.includes('orphan') && fins.includes('foregroundDeletion')) {
    errs.push(invalid(path, fins, 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  return errs;
}

/**
 * Validates `obj.metadata` as upstream's ValidateObjectMeta does. The API
 * server has already turned generateName into a name, so name is required.
 */
export function validateObjectMeta(obj: KObject, opts: ObjectMetaOptions): FieldError[] {
  const p = opts.path ?? 'metadata';
  const meta = obj.metadata ?? {};
  const nameFn = opts.nameFn ?? nameIsDNSSubdomain;
  const errs: FieldError[] = [];
  if (meta.generateName) {
    for (const m of nameFn(meta.generateName, true)) errs.push(invalid(`${p}.generateName`, meta.generateName, m));
  }
  if (!meta.name) errs.push(required(`${p}.name`, 'name or generateName is required'));
  else for (const m of nameFn(meta.name, false)) errs.push(invalid(`${p}.name`, meta.name, m));
  if (opts.namespaced) {
    if (!meta.namespace) errs.push(required(`${p}.namespace`));
    else for (const m of isDNS1123Label(meta.namespace)) errs.push(invalid(`${p}.namespace`, meta.namespace, m));
  } else if (meta.namespace) {
    errs.push(forbidden(`${p}.namespace`, 'not allowed on this type'));
  }
  if (typeof meta.generation === 'number' && meta.generation < 0) {
    errs.push(invalid(`${p}.generation`, meta.generation, 'must be greater than or equal to 0'));
  }
  errs.push(...validateLabels(meta.labels, `${p}.labels`));
  errs.push(...validateAnnotations(meta.annotations, `${p}.annotations`));
  errs.push(...validateOwnerReferences(meta.ownerReferences, `${p}.ownerReferences`));
  errs.push(...validateFinalizers(meta.finalizers, `${p}.finalizers`));
  return errs;
}

/** Update checks: identity fields (name, namespace, uid, creationTimestamp) never change. */
export function validateObjectMetaUpdate(obj: KObject, old: KObject, path = 'metadata'): FieldError[] {
  const m = obj.metadata ?? {};
  const o = old.metadata ?? {};
  const errs: FieldError[] = [];
  errs.push(...immutable(`${path}.name`, m.name, o.name));
  errs.push(...immutable(`${path}.namespace`, m.namespace ?? '', o.namespace ?? ''));
  if (m.uid !== undefined) errs.push(...immutable(`${path}.uid`, m.uid, o.uid));
  if (m.creationTimestamp !== undefined) errs.push(...immutable(`${path}.creationTimestamp`, m.creationTimestamp, o.creationTimestamp));
  if (o.deletionTimestamp && m.deletionTimestamp !== undefined && m.deletionTimestamp !== o.deletionTimestamp) {
    errs.push(...immutable(`${path}.deletionTimestamp`, m.deletionTimestamp, o.deletionTimestamp));
  }
  // New finalizers cannot be added once deletion started; they would never run.
  if (o.deletionTimestamp && Array.isArray(m.finalizers)) {
    const before = new Set(o.finalizers ?? []);
    for (const f of m.finalizers) {
      if (!before.has(f)) errs.push(forbidden(`${path}.finalizers`, `no new finalizers can be added if the object is being deleted, found new finalizers []string{${JSON.stringify(f)}}`));
    }
  }
  return errs;
}

/**
 * The API layer's contract: object shapes the rest of k8ts shares, and the
 * per-kind hooks (defaulting, validation, table printing, field selectors)
 * that the API server looks up by group and kind.
 *
 * Hook tables are keyed by {@link gkKey}: `"<group>/<Kind>"`, core group "".
 */
import type { StatusCause } from '../base/errors.ts';

/** `metav1.OwnerReference`. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** `metav1.ObjectMeta` (the fields k8ts reads; others pass through). */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: unknown[];
  [extra: string]: unknown;
}

/** Any Kubernetes object. Fields beyond metadata are kind-specific. */
export interface KObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [field: string]: any;
}

/** A group and kind, e.g. {group: 'apps', kind: 'Deployment'}; core group is ''. */
export interface GroupKind {
  group: string;
  kind: string;
}

/** Key of hook tables: `"apps/Deployment"`, `"/Pod"` for core. */
export function gkKey(group: string, kind: string): string {
  return `${group}/${kind}`;
}

/** A field-level validation error, reported as a Status cause (422 Invalid). */
export type FieldError = StatusCause;

/**
 * Sets defaults on an object in place, as upstream's defaulters do on
 * create and update. Called after decoding, before validation.
 */
export type Defaulter = (obj: KObject) => void;

/**
 * Validates an object; returns field errors (empty when valid). `old` is
 * set on update so immutable fields can be checked.
 */
export type Validator = (obj: KObject, old?: KObject) => FieldError[];

/** `meta.k8s.io/v1` TableColumnDefinition. */
export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  /** 0 = always shown; 1 = shown with `-o wide`. */
  priority: number;
}

/** Prints one kind as a `meta.k8s.io/v1` Table: the columns and one row's cells. */
export interface Printer {
  columns: TableColumnDefinition[];
  /** Cells of one row, in column order; `now` (ms) is for AGE columns. */
  cells(obj: KObject, now: number): unknown[];
}

/**
 * Field selector support of one kind: field name -> value getter. Upstream
 * allows metadata.name and metadata.namespace for every kind plus a few per kind.
 */
export type FieldGetters = Record<string, (obj: KObject) => string | undefined>;

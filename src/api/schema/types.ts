/**
 * The schema layer's contract. Schemas are OpenAPI (Swagger 2.0 style)
 * definitions keyed by upstream's definition names, e.g.
 * `io.k8s.api.core.v1.Pod`; `$ref`s point into the same map as
 * `#/definitions/<name>`. This one table feeds the OpenAPI v2 and v3
 * documents and strict field validation.
 */

/** A group, version and kind, as in `x-kubernetes-group-version-kind`. */
export interface GVK {
  group: string;
  version: string;
  kind: string;
}

/** One schema node (a definition or a property). */
export interface Schema {
  description?: string;
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  /** `#/definitions/<name>`. */
  $ref?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
  /** Map values; `true`/a schema means the object is open to any key. */
  additionalProperties?: Schema | boolean;
  required?: string[];
  'x-kubernetes-group-version-kind'?: GVK[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-patch-merge-key'?: string;
}

/** All definitions, by name. */
export type Definitions = Record<string, Schema>;

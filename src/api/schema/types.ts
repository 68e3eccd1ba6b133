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
  /** Server-side apply: 'atomic' | 'set' | 'map' (lists). */
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  /** Server-side apply: the key fields of a 'map' list. */
  'x-kubernetes-list-map-keys'?: string[];
  /** Server-side apply: 'atomic' | 'granular' (maps and structs). */
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
  /** Default value (key fields of map lists; CRD structural defaults). */
  default?: unknown;
  enum?: unknown[];
  nullable?: boolean;
  /** JSON schema combinators (CRD schemas). */
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  not?: Schema;
  [extension: string]: unknown;
}

/** All definitions, by name. */
export type Definitions = Record<string, Schema>;

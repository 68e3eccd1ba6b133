/**
 * The schema server-side apply walks for a resource: a CRD's structural
 * schema when one was registered for it, else the built-in definition.
 */
import type { ResourceInfo } from '../../../api/resources.ts';
import { schemaOf, type Schema } from '../../../api/schema/index.ts';

const custom = new Map<string, Schema>();
// storedSchema runs on every write; resources are few and long-lived, so remember the answer per resource.
let storedCache = new WeakMap<ResourceInfo, Schema | null>();

const key = (group: string, version: string, kind: string): string => `${group}/${version}/${kind}`;

/** Register (or with undefined, forget) the schema of a custom resource version. */
export function setCustomSchema(group: string, version: string, kind: string, schema: Schema | undefined): void {
  if (schema) custom.set(key(group, version, kind), schema);
  else custom.delete(key(group, version, kind));
  storedCache = new WeakMap();
}

/** Schema of the served version of `r`. */
export function servedSchema(r: ResourceInfo): Schema | undefined {
  return custom.get(key(r.group, r.version, r.kind)) ?? schemaOf(r.group, r.version, r.kind);
}

/** Schema of the stored version of `r`. */
export function storedSchema(r: ResourceInfo): Schema | undefined {
  let s = storedCache.get(r);
  if (s === undefined) {
    s = custom.get(key(r.storage.group, r.storage.version, r.kind)) ?? schemaOf(r.storage.group, r.storage.version, r.kind) ?? null;
    storedCache.set(r, s);
  }
  return s ?? undefined;
}

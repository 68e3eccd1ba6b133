/**
 * The built-in schemas: loaded once from `generated/definitions.json`
 * (see `generate/from-client-node.ts`), indexed by group/version/kind.
 */
import { readFileSync } from 'node:fs';
import type { Definitions, GVK, Schema } from './types.ts';
import { PATCH_META } from './patch-meta.ts';
import { addApplyMetadata } from './list-types.ts';
import { apiextensionsDefinitions } from './apiextensions.ts';

let defs: Definitions | undefined;
let byGVK: Map<string, string> | undefined;

const gvkKey = (group: string, version: string, kind: string) => `${group}/${version}/${kind}`;

/** Every definition, by upstream name. Treat as read-only: it is shared. */
export function definitions(): Definitions {
  if (!defs) {
    const raw = readFileSync(new URL('./generated/definitions.json', import.meta.url), 'utf8');
    defs = (JSON.parse(raw) as { definitions: Definitions }).definitions;
    for (const [name, fields] of Object.entries(PATCH_META)) {
      for (const [field, m] of Object.entries(fields)) {
        const prop = defs[name]?.properties?.[field];
        if (!prop) continue;
        prop['x-kubernetes-patch-strategy'] = m.strategy;
        if (m.key) prop['x-kubernetes-patch-merge-key'] = m.key;
      }
    }
    addApplyMetadata(defs);
    Object.assign(defs, apiextensionsDefinitions());
  }
  return defs;
}

function index(): Map<string, string> {
  if (!byGVK) {
    byGVK = new Map();
    for (const [name, s] of Object.entries(definitions())) {
      for (const g of s['x-kubernetes-group-version-kind'] ?? []) byGVK.set(gvkKey(g.group, g.version, g.kind), name);
    }
  }
  return byGVK;
}

/** Definition name of a kind, e.g. ('apps','v1','Deployment') -> 'io.k8s.api.apps.v1.Deployment'. */
export function definitionNameOf(group: string, version: string, kind: string): string | undefined {
  return index().get(gvkKey(group, version, kind));
}

/** Schema of a kind, or undefined when we have none. */
export function schemaOf(group: string, version: string, kind: string): Schema | undefined {
  const name = definitionNameOf(group, version, kind);
  return name ? definitions()[name] : undefined;
}

/** Every kind with a schema. */
export function kindsWithSchema(): GVK[] {
  return [...index().keys()].map((k) => {
    const [group = '', version = '', kind = ''] = k.split('/');
    return { group, version, kind };
  });
}

/** Name a `$ref` points at (`#/definitions/x` -> `x`). */
export function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

let generation = 0;

/** Bumped whenever definitions change at run time (CRDs); compiled caches compare it. */
export function schemaGeneration(): number {
  return generation;
}

/** Add, replace or (schema undefined) remove a definition at run time, e.g. a custom resource's schema. */
export function setDefinition(name: string, schema: Schema | undefined): void {
  const d = definitions();
  if (schema) d[name] = schema;
  else delete d[name];
  byGVK = undefined;
  generation++;
}

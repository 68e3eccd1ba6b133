/**
 * Definitions the OpenAPI documents need beyond the kinds' schemas: a
 * `<Kind>List` per kind (list responses) and the patch body type. They are
 * derived, not stored, so they cannot drift from the kinds.
 */
import { definitions, type Definitions, type Schema } from '../../../api/schema/index.ts';
import { PATCH_DEF } from './operations.ts';
import { onResourcesChanged } from '../../../api/resources.ts';

const LIST_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta';

function listOf(name: string, def: Schema): Schema {
  const gvks = (def['x-kubernetes-group-version-kind'] ?? []).map((g) => ({ ...g, kind: `${g.kind}List` }));
  const kind = gvks[0]?.kind ?? 'List';
  return {
    description: `${kind} is a list of ${name.slice(name.lastIndexOf('.') + 1)} objects.`,
    type: 'object',
    required: ['items'],
    properties: {
      apiVersion: { description: 'Versioned schema of this representation of an object.', type: 'string' },
      items: { description: 'The objects of the list.', type: 'array', items: { $ref: `#/definitions/${name}` } },
      kind: { description: 'The REST resource this object represents, in CamelCase.', type: 'string' },
      metadata: { description: 'Standard list metadata.', $ref: `#/definitions/${LIST_META}` },
    },
    'x-kubernetes-group-version-kind': gvks,
  };
}

let all: Definitions | undefined;
onResourcesChanged(() => { all = undefined; });

/** The kinds' definitions plus list kinds and Patch. Cached; treat as read-only. */
export function documentDefinitions(): Definitions {
  if (all) return all;
  const base = definitions();
  const out: Definitions = { ...base };
  for (const [name, def] of Object.entries(base)) {
    const gvks = def['x-kubernetes-group-version-kind'];
    if (gvks?.length && !name.startsWith('io.k8s.apimachinery')) out[`${name}List`] = listOf(name, def);
  }
  out[PATCH_DEF] = { description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.', type: 'object' };
  all = out;
  return out;
}

/** Names of `names` and every definition they reference, transitively. */
export function closure(names: Iterable<string>): string[] {
  const defs = documentDefinitions();
  const seen = new Set<string>();
  const stack = [...names];
  const visit = (s: Schema | boolean | undefined) => {
    if (!s || s === true) return;
    if (s.$ref) stack.push(s.$ref.slice(s.$ref.lastIndexOf('/') + 1));
    visit(s.items);
    visit(s.additionalProperties);
    for (const p of Object.values(s.properties ?? {})) visit(p);
  };
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n) || !defs[n]) continue;
    seen.add(n);
    visit(defs[n]);
  }
  return [...seen].sort();
}

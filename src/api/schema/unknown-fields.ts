/**
 * Strict field validation: finds fields an object carries that its kind's
 * schema does not know (`fieldValidation=Strict|Warn`). Schemas are
 * compiled once per kind into a small tree so a check is one walk of the
 * object with no allocation unless something is unknown.
 */
import { definitions, definitionNameOf, refName, schemaGeneration } from './definitions.ts';
import type { Schema } from './types.ts';

/** A compiled schema node. `props === null` means any key is accepted. */
interface ObjectNode { t: 0; props: Map<string, Node> | null }
interface ArrayNode { t: 1; items: Node }
interface MapNode { t: 2; values: Node }
interface LeafNode { t: 3; ty?: string; fmt?: string; intOrString?: boolean }
type Node = ObjectNode | ArrayNode | MapNode | LeafNode;

const LEAF: LeafNode = { t: 3 };
const compiled = new Map<string, Node>();

function compile(s: Schema): Node {
  if (s.$ref) return compileDef(refName(s.$ref));
  if (s['x-kubernetes-preserve-unknown-fields']) return { t: 0, props: null };
  if (s.type === 'array') return s.items ? { t: 1, items: compile(s.items) } : LEAF;
  if (s.type && s.type !== 'object') return { t: 3, ty: s.type, fmt: s.format, intOrString: s['x-kubernetes-int-or-string'] };
  if (s.additionalProperties !== undefined && s.additionalProperties !== false) {
    return s.additionalProperties === true ? { t: 0, props: null } : { t: 2, values: compile(s.additionalProperties) };
  }
  if (s.properties) {
    const node: ObjectNode = { t: 0, props: new Map() };
    for (const [k, v] of Object.entries(s.properties)) node.props!.set(k, compile(v));
    return node;
  }
  return s.type === 'object' ? { t: 0, props: null } : LEAF;
}

let compiledAt = 0;

function compileDef(name: string): Node {
  if (compiledAt !== schemaGeneration()) {
    // Definitions changed (a CRD was added or updated): recompile lazily.
    compiled.clear();
    compiledAt = schemaGeneration();
  }
  let n = compiled.get(name);
  if (n) return n;
  const s = definitions()[name];
  if (!s) return { t: 0, props: null }; // unknown reference: stay permissive
  // Register before filling so recursive types terminate.
  const node: ObjectNode = { t: 0, props: new Map() };
  compiled.set(name, node);
  const c = compile({ ...s, $ref: undefined });
  if (c.t === 0) node.props = c.props;
  else compiled.set(name, c);
  return compiled.get(name)!;
}

function joinPath(segs: string[]): string {
  let out = '';
  for (const s of segs) out += s.charCodeAt(0) === 91 /* [ */ || out === '' ? s : `.${s}`;
  return out;
}

function walk(node: Node, v: unknown, segs: string[], out: string[]): void {
  if (v === null || typeof v !== 'object') return; // type errors are validation's job, not ours
  switch (node.t) {
    case 0: {
      if (node.props === null || Array.isArray(v)) return;
      for (const k in v as Record<string, unknown>) {
        const child = node.props.get(k);
        if (child === undefined) {
          segs.push(k);
          out.push(joinPath(segs));
          segs.pop();
        } else if (child.t !== 3) {
          segs.push(k);
          walk(child, (v as Record<string, unknown>)[k], segs, out);
          segs.pop();
        }
      }
      return;
    }
    case 1: {
      if (!Array.isArray(v)) return;
      for (let i = 0; i < v.length; i++) {
        segs.push(`[${i}]`);
        walk(node.items, v[i], segs, out);
        segs.pop();
      }
      return;
    }
    case 2: {
      if (node.values.t === 3 || Array.isArray(v)) return;
      for (const k in v as Record<string, unknown>) {
        segs.push(k);
        walk(node.values, (v as Record<string, unknown>)[k], segs, out);
        segs.pop();
      }
      return;
    }
    default:
      return;
  }
}

export { compileDef as compiledSchemaOf, joinPath as joinSchemaPath };
export type { Node as SchemaNode };

/**
 * Paths of the fields in `obj` that the schema of group/version/kind does
 * not declare, formatted as upstream reports them in "unknown field" errors
 * (`spec.containers[0].foo`, no leading dot). Kinds without a schema, and
 * objects marked x-kubernetes-preserve-unknown-fields or with
 * additionalProperties, accept anything.
 */
export function unknownFields(group: string, version: string, kind: string, obj: unknown): string[] {
  const name = definitionNameOf(group, version, kind);
  if (!name) return [];
  const out: string[] = [];
  walk(compileDef(name), obj, [], out);
  return out;
}

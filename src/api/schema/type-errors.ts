/**
 * Typed decoding check: a field whose JSON type does not fit its schema
 * (a number where a string belongs, a string where an integer belongs, an
 * object where a list belongs). Upstream's typed JSON decoding rejects these
 * with 400 BadRequest before anything else runs; without this check such an
 * object would be stored and break every client that reads it.
 */
import { definitionNameOf } from './definitions.ts';
import { compiledSchemaOf, joinSchemaPath, type SchemaNode } from './unknown-fields.ts';

/** One type mismatch. */
export interface FieldTypeError {
  /** `data.a`, `spec.replicas`. */
  path: string;
  /** JSON type found: string, number, bool, object, array. */
  found: string;
  /** Go type expected, as upstream names it in its message. */
  expected: string;
}

// Resource lists hold Quantities, which also decode from JSON numbers.
const QUANTITY_PARENTS = new Set([
  'limits', 'requests', 'capacity', 'allocatable', 'hard', 'used', 'overhead', 'max', 'min', 'default',
  'defaultRequest', 'maxLimitRequestRatio', 'allocatedResources', 'sizeLimit',
]);

function jsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

function goType(n: SchemaNode): string {
  if (n.t === 1) return 'slice';
  if (n.t === 2) return 'map';
  if (n.t === 0) return 'struct';
  if (n.intOrString) return 'intstr.IntOrString';
  switch (n.ty) {
    case 'integer': return n.fmt === 'int64' ? 'int64' : 'int32';
    case 'number': return 'float64';
    case 'boolean': return 'bool';
    case 'string': return 'string';
    default: return 'value';
  }
}

function fits(n: SchemaNode, v: unknown, parent: string): boolean {
  if (v === null) return true; // null decodes to the zero value
  switch (n.t) {
    case 0: return (n.props === null) || (typeof v === 'object' && !Array.isArray(v));
    case 1: return Array.isArray(v);
    case 2: return typeof v === 'object' && !Array.isArray(v);
    default:
      if (n.ty === undefined) return true;
      if (n.intOrString) return typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v));
      if (n.ty === 'string') return typeof v === 'string' || (typeof v === 'number' && QUANTITY_PARENTS.has(parent));
      if (n.ty === 'integer') return typeof v === 'number' && Number.isInteger(v);
      if (n.ty === 'number') return typeof v === 'number';
      if (n.ty === 'boolean') return typeof v === 'boolean';
      return true;
  }
}

function walk(n: SchemaNode, v: unknown, segs: string[], parent: string, out: FieldTypeError[]): void {
  if (out.length > 0) return;
  if (!fits(n, v, parent)) {
    out.push({ path: joinSchemaPath(segs), found: jsonType(v), expected: goType(n) });
    return;
  }
  if (v === null || typeof v !== 'object') return;
  const last = segs.length ? segs[segs.length - 1] : '';
  if (n.t === 0 && n.props) {
    for (const k in v as Record<string, unknown>) {
      const child = n.props.get(k);
      if (!child) continue;
      segs.push(k);
      walk(child, (v as Record<string, unknown>)[k], segs, k, out);
      segs.pop();
    }
  } else if (n.t === 1) {
    const arr = v as unknown[];
    for (let i = 0; i < arr.length; i++) {
      segs.push(`[${i}]`);
      walk(n.items, arr[i], segs, last, out);
      segs.pop();
    }
  } else if (n.t === 2) {
    for (const k in v as Record<string, unknown>) {
      segs.push(k);
      walk(n.values, (v as Record<string, unknown>)[k], segs, last, out);
      segs.pop();
    }
  }
}

/**
 * The first field of `obj` whose JSON type does not fit the schema of
 * group/version/kind, or undefined. Kinds without a schema always fit.
 */
export function firstTypeError(group: string, version: string, kind: string, obj: unknown): FieldTypeError | undefined {
  const name = definitionNameOf(group, version, kind);
  if (!name) return undefined;
  const out: FieldTypeError[] = [];
  walk(compiledSchemaOf(name), obj, [], '', out);
  return out[0];
}

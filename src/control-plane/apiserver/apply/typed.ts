/**
 * How server-side apply sees a value through its schema: a scalar, an
 * atomic value (owned and replaced whole), a struct (named fields), a map
 * (granular string keys), or a list that is atomic, a set, or a map keyed
 * by some of its items' fields. Schemas are the OpenAPI definitions of
 * src/api/schema (built-in kinds, `$ref`s resolved here) or a CRD's
 * structural schema; without a schema the shape is deduced from the value
 * (objects granular, lists atomic), as upstream does for unknown types.
 */
import { definitions, refName, type Schema } from '../../../api/schema/index.ts';

/** What a value is, for ownership and merging. */
export type Shape =
  | { t: 'scalar' }
  | { t: 'atomic' }
  | { t: 'struct'; s: Schema }
  | { t: 'map'; elem: Schema | undefined }
  | { t: 'set' }
  | { t: 'mapList'; keys: string[]; elem: Schema | undefined };

const SCALAR: Shape = { t: 'scalar' };
const ATOMIC: Shape = { t: 'atomic' };
const DEDUCED_MAP: Shape = { t: 'map', elem: undefined };

/** Follow `$ref`s (and a lone allOf, as some generators wrap refs). */
export function resolve(s: Schema | undefined): Schema | undefined {
  let cur = s;
  for (let i = 0; cur && i < 8; i++) {
    if (cur.$ref) {
      cur = definitions()[refName(cur.$ref)];
      continue;
    }
    if (cur.allOf && cur.allOf.length === 1 && !cur.type && !cur.properties) {
      cur = cur.allOf[0];
      continue;
    }
    return cur;
  }
  return cur;
}

/** The shape of `value` under schema `raw` (the property schema, where list metadata lives). */
export function shapeOf(raw: Schema | undefined, value: unknown): Shape {
  const s = resolve(raw);
  if (!s) return deduced(value);
  if (s['x-kubernetes-int-or-string']) return SCALAR;
  const type = s.type;
  if (type === 'array' || (type === undefined && s.items)) {
    const lt = raw?.['x-kubernetes-list-type'] ?? s['x-kubernetes-list-type'];
    if (lt === 'set') return { t: 'set' };
    if (lt === 'map') {
      const keys = raw?.['x-kubernetes-list-map-keys'] ?? s['x-kubernetes-list-map-keys'] ?? [];
      return { t: 'mapList', keys, elem: s.items };
    }
    return ATOMIC;
  }
  if (type === 'object' || s.properties || s.additionalProperties !== undefined) {
    if ((raw?.['x-kubernetes-map-type'] ?? s['x-kubernetes-map-type']) === 'atomic') return ATOMIC;
    if (s.properties) return { t: 'struct', s };
    if (s.additionalProperties && typeof s.additionalProperties === 'object') return { t: 'map', elem: s.additionalProperties };
    return DEDUCED_MAP;
  }
  if (type) return SCALAR;
  if (s['x-kubernetes-preserve-unknown-fields']) return deduced(value);
  return deduced(value);
}

function deduced(value: unknown): Shape {
  if (Array.isArray(value)) return ATOMIC;
  if (value !== null && typeof value === 'object') return DEDUCED_MAP;
  return SCALAR;
}

/** Schema of field `key` of a struct or map shape (undefined = deduce). */
export function fieldSchema(shape: Shape, key: string): Schema | undefined {
  if (shape.t === 'struct') {
    const p = shape.s.properties?.[key];
    if (p) return p;
    const ap = shape.s.additionalProperties;
    return ap && typeof ap === 'object' ? ap : undefined;
  }
  if (shape.t === 'map') return shape.elem;
  return undefined;
}

/** True when `key` of a struct is a declared field (not a map entry). */
export function isStructField(shape: Shape, key: string): boolean {
  return shape.t === 'struct' && !!shape.s.properties?.[key];
}

/** Element schema of a list shape. */
export function elemSchema(shape: Shape): Schema | undefined {
  return shape.t === 'mapList' ? shape.elem : undefined;
}

/** Path element of a list item: `k:{...}` for map lists, `v:...` for sets, `i:n` otherwise. */
export function itemPE(shape: Shape, item: unknown, index: number): string {
  if (shape.t === 'set') return `v:${JSON.stringify(item)}`;
  if (shape.t === 'mapList' && item !== null && typeof item === 'object' && !Array.isArray(item)) {
    const o = item as Record<string, unknown>;
    const elem = resolve(shape.elem);
    const key: Record<string, unknown> = {};
    let found = 0;
    for (const k of [...shape.keys].sort()) {
      let v = o[k];
      if (v === undefined) v = resolve(elem?.properties?.[k])?.default ?? elem?.properties?.[k]?.default;
      if (v !== undefined) {
        key[k] = v;
        found++;
      }
    }
    if (found > 0) return `k:${JSON.stringify(key)}`;
  }
  return `i:${index}`;
}

/** A path as upstream prints it in conflicts: `.spec.containers[name="app"].image`. */
export function pathString(path: readonly string[]): string {
  let out = '';
  for (const pe of path) {
    const body = pe.slice(2);
    switch (pe[0]) {
      case 'f': out += `.${body}`; break;
      case 'v': out += `[=${body}]`; break;
      case 'i': out += `[${body}]`; break;
      case 'k': {
        let parts: string[] = [];
        try {
          parts = Object.entries(JSON.parse(body) as Record<string, unknown>).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
        } catch { parts = [body]; }
        out += `[${parts.join(',')}]`;
        break;
      }
      default: out += pe;
    }
  }
  return out;
}

/** A plain JSON object (not null, not an array). */
export function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

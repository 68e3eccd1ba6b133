/**
 * Compare two versions of an object field by field: which fields the new
 * one adds or changes, and which it removes. An update manager comes to
 * own what it changed; what it removed is no one's any more; an apply
 * conflicts only where it changes a value someone else owns.
 */
import type { Schema } from '../../../api/schema/index.ts';
import { jsonEqual } from '../registry/meta.ts';
import { childOf, emptySet, type FieldSet } from './field-set.ts';
import { toSet } from './to-set.ts';
import { fieldSchema, isObj, isStructField, itemPE, shapeOf, type Shape } from './typed.ts';

/** Result of {@link compareValues}. */
export interface Comparison {
  /** Fields added or modified by the new value. */
  changed: FieldSet;
  /** Fields (and list items / map entries) present before and gone now. */
  removed: FieldSet;
}

/** Compare `before` with `after` under `schema`. */
export function compareValues(before: unknown, after: unknown, schema: Schema | undefined): Comparison {
  const out: Comparison = { changed: emptySet(), removed: emptySet() };
  walk(before, after, schema, out.changed, out.removed);
  return out;
}

function isComposite(shape: Shape): boolean {
  return shape.t === 'struct' || shape.t === 'map' || shape.t === 'set' || shape.t === 'mapList';
}

function walk(a: unknown, b: unknown, schema: Schema | undefined, changed: FieldSet, removed: FieldSet): void {
  if (a === b) return;
  if (b === undefined) {
    removed.member = true;
    return;
  }
  if (a === undefined) {
    toSet(b, schema, changed);
    return;
  }
  const shape = shapeOf(schema, b);
  if (!isComposite(shape)) {
    if (!jsonEqual(a, b)) changed.member = true;
    return;
  }
  if (shape.t === 'struct' || shape.t === 'map') {
    if (!isObj(a) || !isObj(b)) {
      if (!jsonEqual(a, b)) toSet(b, schema, changed);
      return;
    }
    const ak = Object.keys(a);
    const bk = Object.keys(b);
    if (bk.length === 0 || ak.length === 0) {
      // An empty map is a leaf; becoming or stopping being empty changes it.
      if (!jsonEqual(a, b)) {
        if (bk.length === 0) changed.member = true;
        else toSet(b, schema, changed);
      }
      return;
    }
    for (const k of bk) {
      const av = a[k];
      const bv = b[k];
      if (av === bv) continue;
      const field = isStructField(shape, k);
      if (av === undefined) {
        const c = childOf(changed, `f:${k}`);
        toSet(bv, fieldSchema(shape, k), c);
        if (!field) c.member = true;
        continue;
      }
      walk(av, bv, fieldSchema(shape, k), childOf(changed, `f:${k}`), childOf(removed, `f:${k}`));
    }
    for (const k of ak) if (!(k in b) || b[k] === undefined) childOf(removed, `f:${k}`).member = true;
    return;
  }
  // Lists: items are matched by their path element (key, value or index).
  if (!Array.isArray(a) || !Array.isArray(b)) {
    if (!jsonEqual(a, b)) toSet(b, schema, changed);
    return;
  }
  if (a.length === 0 || b.length === 0) {
    if (a.length !== b.length) {
      if (b.length === 0) changed.member = true;
      else toSet(b, schema, changed);
    }
    return;
  }
  const elem = shape.t === 'mapList' ? shape.elem : undefined;
  const before = new Map<string, unknown>();
  a.forEach((item, i) => before.set(itemPE(shape, item, i), item));
  const seen = new Set<string>();
  b.forEach((item, i) => {
    const pe = itemPE(shape, item, i);
    seen.add(pe);
    if (!before.has(pe)) {
      const c = childOf(changed, pe);
      if (shape.t === 'mapList') toSet(item, elem, c);
      c.member = true;
      return;
    }
    if (shape.t === 'mapList') walk(before.get(pe), item, elem, childOf(changed, pe), childOf(removed, pe));
  });
  for (const pe of before.keys()) if (!seen.has(pe)) childOf(removed, pe).member = true;
}

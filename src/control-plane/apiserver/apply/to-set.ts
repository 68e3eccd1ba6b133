/**
 * The set of fields a value sets: every scalar and atomic value, every list
 * item and map entry (as members themselves, so an item is owned as a
 * whole), and struct fields only through their leaves. An empty struct is
 * a leaf, so `emptyDir: {}` is owned.
 */
import type { Schema } from '../../../api/schema/index.ts';
import { childOf, emptySet, type FieldSet } from './field-set.ts';
import { fieldSchema, isObj, isStructField, itemPE, shapeOf } from './typed.ts';

/** Fields set by `value` (described by `schema`), added into `into`. */
export function toSet(value: unknown, schema: Schema | undefined, into: FieldSet = emptySet()): FieldSet {
  walk(value, schema, into);
  return into;
}

function walk(value: unknown, schema: Schema | undefined, node: FieldSet): void {
  const shape = shapeOf(schema, value);
  switch (shape.t) {
    case 'struct':
    case 'map': {
      if (!isObj(value)) {
        node.member = true;
        return;
      }
      const keys = Object.keys(value);
      if (keys.length === 0) {
        node.member = true;
        return;
      }
      for (const k of keys) {
        const v = value[k];
        if (v === undefined) continue;
        const c = childOf(node, `f:${k}`);
        walk(v, fieldSchema(shape, k), c);
        if (!isStructField(shape, k)) c.member = true;
      }
      return;
    }
    case 'set':
    case 'mapList': {
      if (!Array.isArray(value) || value.length === 0) {
        node.member = true;
        return;
      }
      const elem = shape.t === 'mapList' ? shape.elem : undefined;
      value.forEach((item, i) => {
        const c = childOf(node, itemPE(shape, item, i));
        if (shape.t === 'mapList') walk(item, elem, c);
        c.member = true;
      });
      return;
    }
    default:
      node.member = true;
  }
}

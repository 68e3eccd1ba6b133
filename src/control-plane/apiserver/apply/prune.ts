/**
 * Remove fields an applier stopped applying: each member of `gone` is
 * deleted from the object (with everything below it) unless some manager
 * still owns that path or something below it. A struct or map left empty
 * by the removal goes too, as upstream's removal yields null for it (so
 * dropping `parameters: {...}` from a file removes parameters, not its keys).
 */
import type { Schema } from '../../../api/schema/index.ts';
import { isEmpty, type FieldSet } from './field-set.ts';
import { fieldSchema, isObj, itemPE, shapeOf } from './typed.ts';

/** Delete from `value` (in place) the fields of `gone` not owned in `keep`. */
export function pruneFields(value: unknown, gone: FieldSet, keep: FieldSet | undefined, schema: Schema | undefined): void {
  if (gone.children.size === 0) return;
  const shape = shapeOf(schema, value);
  if (isObj(value)) {
    for (const [pe, g] of gone.children) {
      if (!pe.startsWith('f:')) continue;
      const k = pe.slice(2);
      if (!(k in value)) continue;
      const kept = keep?.children.get(pe);
      if (g.member && (!kept || isEmpty(kept))) {
        delete value[k];
        continue;
      }
      pruneFields(value[k], g, kept, fieldSchema(shape, k));
      if (isObj(value[k]) && Object.keys(value[k]).length === 0) delete value[k];
    }
    return;
  }
  if (Array.isArray(value) && (shape.t === 'mapList' || shape.t === 'set')) {
    const elem = shape.t === 'mapList' ? shape.elem : undefined;
    for (let i = value.length - 1; i >= 0; i--) {
      const pe = itemPE(shape, value[i], i);
      const g = gone.children.get(pe);
      if (!g) continue;
      const kept = keep?.children.get(pe);
      if (g.member && (!kept || isEmpty(kept))) {
        value.splice(i, 1);
        continue;
      }
      pruneFields(value[i], g, kept, elem);
    }
  }
}

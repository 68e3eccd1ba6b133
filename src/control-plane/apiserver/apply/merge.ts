/**
 * Merge an applied configuration into the live object: scalars and atomic
 * values are replaced, structs and maps merge field by field, map lists
 * merge item by item on their keys and sets are unioned. Live items the
 * configuration does not mention stay where they were; new items follow
 * the configuration's order after the live item they came after.
 */
import type { Schema } from '../../../api/schema/index.ts';
import { cloneJson } from '../patch/clone-json.ts';
import { fieldSchema, isObj, itemPE, shapeOf } from './typed.ts';

/** The result of applying `config` onto `live` (neither is modified). */
export function mergeValues(live: unknown, config: unknown, schema: Schema | undefined): unknown {
  if (config === undefined) return live === undefined ? undefined : cloneJson(live);
  if (live === undefined || live === null) return cloneJson(config);
  const shape = shapeOf(schema, config);
  switch (shape.t) {
    case 'struct':
    case 'map': {
      if (!isObj(live) || !isObj(config)) return cloneJson(config);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(live)) out[k] = k in config ? undefined : cloneJson(v);
      for (const [k, v] of Object.entries(config)) {
        // An explicit null in an apply means "this field, unset".
        if (v === null) { delete out[k]; continue; }
        out[k] = mergeValues(live[k], v, fieldSchema(shape, k));
      }
      for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
      return out;
    }
    case 'set':
    case 'mapList': {
      if (!Array.isArray(live) || !Array.isArray(config)) return cloneJson(config);
      const elem = shape.t === 'mapList' ? shape.elem : undefined;
      const cfg = new Map<string, unknown>();
      config.forEach((item, i) => cfg.set(itemPE(shape, item, i), item));
      const livePE = live.map((item, i) => itemPE(shape, item, i));
      const liveSet = new Set(livePE);
      const out: unknown[] = [];
      const used = new Set<string>();
      // Config items not in live go right after the config item that precedes them.
      const cfgOrder = [...cfg.keys()];
      const pendingAfter = new Map<string, string[]>();
      let prev = '';
      const head: string[] = [];
      for (const pe of cfgOrder) {
        if (!liveSet.has(pe)) {
          if (prev) pendingAfter.set(prev, [...(pendingAfter.get(prev) ?? []), pe]);
          else head.push(pe);
        } else prev = pe;
      }
      const emit = (pe: string): void => {
        if (used.has(pe)) return;
        used.add(pe);
        out.push(cloneJson(cfg.get(pe)));
        for (const n of pendingAfter.get(pe) ?? []) emit(n);
      };
      for (const pe of head) emit(pe);
      live.forEach((item, i) => {
        const pe = livePE[i];
        if (used.has(pe)) return;
        if (cfg.has(pe)) {
          used.add(pe);
          out.push(shape.t === 'mapList' ? mergeValues(item, cfg.get(pe), elem) : cloneJson(item));
          for (const n of pendingAfter.get(pe) ?? []) emit(n);
        } else {
          used.add(pe);
          out.push(cloneJson(item));
        }
      });
      for (const pe of cfgOrder) emit(pe);
      return out;
    }
    default:
      return cloneJson(config);
  }
}

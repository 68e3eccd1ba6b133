/**
 * metav1.LabelSelector validation and matching (for "selector does not
 * match template labels"). Selector *parsing* for list queries lives in
 * src/api/selectors (owned elsewhere); this is the structured form only.
 */
import type { FieldError } from '../types.ts';
import { forbidden, invalid, notSupported, required } from './field-errors.ts';
import { validateLabels } from './object-meta.ts';
import { isQualifiedName } from './names.ts';

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;

/** Validates a LabelSelector (matchLabels and matchExpressions). */
export function validateLabelSelector(sel: unknown, path: string): FieldError[] {
  if (sel === undefined || sel === null) return [];
  if (typeof sel !== 'object' || Array.isArray(sel)) return [invalid(path, sel, 'must be a label selector object')];
  const s = sel as Record<string, unknown>;
  const errs = validateLabels(s.matchLabels, `${path}.matchLabels`);
  if (Array.isArray(s.matchExpressions)) {
    s.matchExpressions.forEach((e: Record<string, unknown>, i: number) => {
      const p = `${path}.matchExpressions[${i}]`;
      const op = e?.operator;
      const values = Array.isArray(e?.values) ? e.values : [];
      if (op === 'In' || op === 'NotIn') {
        if (values.length === 0) errs.push(required(`${p}.values`, 'must be specified when `operator` is \'In\' or \'NotIn\''));
      } else if (op === 'Exists' || op === 'DoesNotExist') {
        if (values.length > 0) errs.push(forbidden(`${p}.values`, 'may not be specified when `operator` is \'Exists\' or \'DoesNotExist\''));
      } else {
        errs.push(notSupported(`${p}.operator`, op ?? '', OPERATORS));
      }
      const key = typeof e?.key === 'string' ? e.key : '';
      for (const m of isQualifiedName(key)) errs.push(invalid(`${p}.key`, key, m));
    });
  }
  return errs;
}

/** True when the selector (matchLabels + matchExpressions) selects `labels`. */
export function selectorMatches(sel: Record<string, unknown>, labels: Record<string, string>): boolean {
  const ml = (sel.matchLabels ?? {}) as Record<string, string>;
  for (const [k, v] of Object.entries(ml)) if (labels[k] !== v) return false;
  const exprs = Array.isArray(sel.matchExpressions) ? sel.matchExpressions : [];
  for (const e of exprs as Record<string, unknown>[]) {
    const key = String(e.key);
    const vals = (Array.isArray(e.values) ? e.values : []) as string[];
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (e.operator) {
      case 'In': if (!has || !vals.includes(labels[key])) return false; break;
      case 'NotIn': if (has && vals.includes(labels[key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

/** True when a selector has no requirements (selects everything). */
export function selectorIsEmpty(sel: Record<string, unknown>): boolean {
  const ml = sel.matchLabels as Record<string, string> | undefined;
  const me = sel.matchExpressions as unknown[] | undefined;
  return (!ml || Object.keys(ml).length === 0) && (!me || me.length === 0);
}

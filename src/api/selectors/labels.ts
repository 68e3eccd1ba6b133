/**
 * Label selectors: the query-string syntax (`a=b,c!=d,e in (x,y),!f`) and
 * `metav1.LabelSelector` objects, both compiled to one fast matcher.
 *
 * Parse errors carry upstream's messages (k8s.io/apimachinery labels.Parse),
 * because the API server answers 400 with them verbatim.
 */
import { K8sError } from '../../base/errors.ts';
import { byKey, lex, newRequirement, Parser, type LabelOperator, type Requirement } from './label-parser.ts';

export type { LabelOperator, Requirement } from './label-parser.ts';

/** Tests a label set; undefined labels count as an empty set. */
export type LabelMatcher = (labels: Record<string, string> | undefined) => boolean;

/** `metav1.LabelSelector`. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/**
 * Parses a labelSelector query value into requirements (sorted by key).
 * Throws K8sError('BadRequest') carrying upstream's message.
 */
export function parseLabelSelector(selector: string): Requirement[] {
  try {
    return byKey(new Parser(lex(selector)).parse());
  } catch (e) {
    throw new K8sError('BadRequest', (e as Error).message);
  }
}

/** Compiles requirements into a matcher; no requirements match everything. */
export function compileRequirements(reqs: readonly Requirement[]): LabelMatcher {
  if (reqs.length === 0) return () => true;
  const tests = reqs.map(requirementTest);
  if (tests.length === 1) {
    const [t] = tests;
    return (labels) => t(labels ?? EMPTY);
  }
  return (labels) => {
    const l = labels ?? EMPTY;
    for (let i = 0; i < tests.length; i++) if (!tests[i](l)) return false;
    return true;
  };
}

const EMPTY: Record<string, string> = Object.freeze({}) as Record<string, string>;
const has = (l: Record<string, string>, k: string) => Object.prototype.hasOwnProperty.call(l, k);

function requirementTest(r: Requirement): (l: Record<string, string>) => boolean {
  const { key } = r;
  switch (r.operator) {
    case '=': case '==': {
      const v = r.values[0];
      return (l) => has(l, key) && l[key] === v;
    }
    case '!=': {
      const v = r.values[0];
      return (l) => !has(l, key) || l[key] !== v;
    }
    case 'in': {
      const set = new Set(r.values);
      return (l) => has(l, key) && set.has(l[key]);
    }
    case 'notin': {
      const set = new Set(r.values);
      return (l) => !has(l, key) || !set.has(l[key]);
    }
    case 'exists': return (l) => has(l, key);
    case '!': return (l) => !has(l, key);
    case 'gt': case 'lt': {
      const bound = Number(r.values[0]);
      const gt = r.operator === 'gt';
      return (l) => {
        if (!has(l, key) || !/^[+-]?\d+$/.test(l[key])) return false;
        const n = Number(l[key]);
        return gt ? n > bound : n < bound;
      };
    }
  }
}

/** Parses and compiles a labelSelector query value; '' matches everything. */
export function compileLabelSelector(selector: string): LabelMatcher {
  return compileRequirements(parseLabelSelector(selector));
}

/** One requirement's string form, as upstream's Requirement.String(). */
function requirementString(r: Requirement): string {
  switch (r.operator) {
    case 'exists': return r.key;
    case '!': return `!${r.key}`;
    case 'in': return `${r.key} in (${r.values.join(',')})`;
    case 'notin': return `${r.key} notin (${r.values.join(',')})`;
    case 'gt': return `${r.key}>${r.values[0]}`;
    case 'lt': return `${r.key}<${r.values[0]}`;
    default: return `${r.key}${r.operator}${r.values[0]}`;
  }
}

/** Requirements back to selector text ("a=b,c in (x,y)"). */
export function requirementsToString(reqs: readonly Requirement[]): string {
  return reqs.map(requirementString).join(',');
}

const EXPR_OPS: Record<string, LabelOperator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/**
 * Converts a metav1.LabelSelector to requirements, as LabelSelectorAsSelector.
 * Returns undefined for a nil selector (which matches nothing); throws
 * K8sError('BadRequest') on an invalid selector.
 */
export function labelSelectorRequirements(sel: LabelSelector | null | undefined): Requirement[] | undefined {
  if (sel === null || sel === undefined) return undefined;
  const reqs: Requirement[] = [];
  try {
    for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push(newRequirement(k, '=', [v]));
    for (const expr of sel.matchExpressions ?? []) {
      const op = EXPR_OPS[expr.operator];
      if (!op) throw new Error(`${JSON.stringify(expr.operator)} is not a valid label selector operator`);
      const vals = op === 'in' || op === 'notin' ? [...(expr.values ?? [])] : [];
      reqs.push(newRequirement(expr.key, op, vals));
    }
  } catch (e) {
    throw new K8sError('BadRequest', (e as Error).message);
  }
  return byKey(reqs);
}

/** Compiles a metav1.LabelSelector; nil matches nothing, empty matches everything. */
export function compileLabelSelectorObject(sel: LabelSelector | null | undefined): LabelMatcher {
  const reqs = labelSelectorRequirements(sel);
  return reqs === undefined ? () => false : compileRequirements(reqs);
}

/** String form of a metav1.LabelSelector ('' for nil or empty), as selector.String(). */
export function labelSelectorToString(sel: LabelSelector | null | undefined): string {
  return requirementsToString(labelSelectorRequirements(sel) ?? []);
}

/** As metav1.FormatLabelSelector: '<none>' when empty, '<error>' when invalid. */
export function formatLabelSelector(sel: LabelSelector | null | undefined): string {
  let s: string;
  try {
    s = labelSelectorToString(sel);
  } catch {
    return '<error>';
  }
  return s.length === 0 ? '<none>' : s;
}

/** As labels.FormatLabels: sorted "k=v,k2=v2", '<none>' when empty. */
export function formatLabels(labels: Record<string, string> | null | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

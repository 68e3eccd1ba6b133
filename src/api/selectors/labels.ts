/**
 * Label selectors: the query-string syntax (`a=b,c!=d,e in (x,y),!f`) and
 * `metav1.LabelSelector` objects, both compiled to one fast matcher.
 *
 * Parse errors carry upstream's messages (k8s.io/apimachinery labels.Parse),
 * because the API server answers 400 with them verbatim.
 */
import { K8sError } from '../../base/errors.ts';
import { goQuote, labelValueErrors, qualifiedNameErrors } from './label-validation.ts';

/** Selection operators, named as upstream's selection.Operator values. */
export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

/** One parsed requirement: key, operator and its (sorted, unique) values. */
export interface Requirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

/** Tests a label set; undefined labels count as an empty set. */
export type LabelMatcher = (labels: Record<string, string> | undefined) => boolean;

/** `metav1.LabelSelector`. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

// ---- lexer --------------------------------------------------------------

type Tok = 'end' | ')' | ',' | '!' | '==' | '=' | '>' | 'id' | 'in' | '<' | '!=' | 'notin' | '(' | 'err';
interface Item { tok: Tok; lit: string }

const SYMBOLS = new Set(['=', '!', '(', ')', ',', '>', '<']);
const SYMBOL_TOKENS: Record<string, Tok> = { ')': ')', ',': ',', '!': '!', '==': '==', '=': '=', '>': '>', '<': '<', '!=': '!=', '(': '(' };
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';

function lex(s: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isSpace(s[pos])) pos++;
    if (pos >= s.length) {
      items.push({ tok: 'end', lit: '' });
      return items;
    }
    if (SYMBOLS.has(s[pos])) {
      // Longest run of symbols that still forms a known operator.
      let buf = '';
      let last: Item | undefined;
      while (pos < s.length && SYMBOLS.has(s[pos])) {
        buf += s[pos];
        const t = SYMBOL_TOKENS[buf];
        if (t) last = { tok: t, lit: buf };
        else if (last) break;
        pos++;
      }
      items.push(last ?? { tok: 'err', lit: `error expected: keyword found '${buf}'` });
      continue;
    }
    const start = pos;
    while (pos < s.length && !SYMBOLS.has(s[pos]) && !isSpace(s[pos])) pos++;
    const word = s.slice(start, pos);
    items.push({ tok: word === 'in' ? 'in' : word === 'notin' ? 'notin' : 'id', lit: word });
  }
}

// ---- parser -------------------------------------------------------------

class Parser {
  private pos = 0;
  constructor(private readonly items: Item[]) {}

  /** In value context the words in/notin are ordinary identifiers. */
  private peek(values = true): Item {
    const it = this.items[this.pos];
    return values && (it.tok === 'in' || it.tok === 'notin') ? { tok: 'id', lit: it.lit } : it;
  }
  private next(values = true): Item {
    const it = this.peek(values);
    this.pos++;
    return it;
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.peek();
      if (tok === 'end') return reqs;
      if (tok !== 'id' && tok !== '!') throw new Error(`found '${lit}', expected: !, identifier, or 'end of string'`);
      try {
        reqs.push(this.requirement());
      } catch (e) {
        throw new Error(`unable to parse requirement: ${(e as Error).message}`);
      }
      const after = this.next();
      if (after.tok === 'end') return reqs;
      if (after.tok !== ',') throw new Error(`found '${after.lit}', expected: ',' or 'end of string'`);
      const t2 = this.peek();
      if (t2.tok !== 'id' && t2.tok !== '!') throw new Error(`found '${t2.lit}', expected: identifier after ','`);
    }
  }

  private requirement(): Requirement {
    let item = this.next();
    let negate = false;
    if (item.tok === '!') {
      negate = true;
      item = this.next();
    }
    if (item.tok !== 'id') throw new Error(`found '${item.lit}', expected: identifier`);
    const key = item.lit;
    const keyErrs = qualifiedNameErrors(key);
    if (keyErrs.length) throw new Error(`key: Invalid value: ${goQuote(key)}: ${keyErrs.join('; ')}`);
    const la = this.peek().tok;
    if (negate || la === 'end' || la === ',') {
      return newRequirement(key, negate ? '!' : 'exists', []);
    }
    const op = this.operator();
    const values = op === 'in' || op === 'notin' ? this.setValues() : this.exactValue();
    return newRequirement(key, op, values);
  }

  private operator(): LabelOperator {
    const { tok, lit } = this.next(false);
    switch (tok) {
      case 'in': case 'notin': case '=': case '==': case '!=': return tok;
      case '>': return 'gt';
      case '<': return 'lt';
      default: throw new Error(`found '${lit}', expected: in, notin, =, ==, !=, gt, lt`);
    }
  }

  private setValues(): string[] {
    const open = this.next();
    if (open.tok !== '(') throw new Error(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.peek();
    if (tok === ')') {
      this.next();
      return [''];
    }
    if (tok !== 'id' && tok !== ',') throw new Error(`found '${lit}', expected: ',', ')' or identifier`);
    const set = this.identifierList();
    const close = this.next();
    if (close.tok !== ')') throw new Error(`found '${lit}', expected: ')'`);
    return set;
  }

  private identifierList(): string[] {
    const set = new Set<string>();
    for (;;) {
      const { tok, lit } = this.next();
      if (tok === 'id') {
        set.add(lit);
        const t2 = this.peek();
        if (t2.tok === ',') continue;
        if (t2.tok === ')') return [...set];
        throw new Error(`found '${t2.lit}', expected: ',' or ')'`);
      }
      if (tok !== ',') throw new Error(`found '${lit}', expected: ',', or identifier`);
      if (set.size === 0) set.add('');
      const t2 = this.peek();
      if (t2.tok === ')') {
        set.add('');
        return [...set];
      }
      if (t2.tok === ',') {
        this.next();
        set.add('');
      }
    }
  }

  private exactValue(): string[] {
    const la = this.peek();
    if (la.tok === 'end' || la.tok === ',') return [''];
    const it = this.next();
    if (it.tok === 'id') return [it.lit];
    throw new Error(`found '${it.lit}', expected: identifier`);
  }
}

/** Builds and validates one requirement as upstream's NewRequirement. */
function newRequirement(key: string, operator: LabelOperator, vals: string[]): Requirement {
  const errs: string[] = [];
  const keyErrs = qualifiedNameErrors(key);
  if (keyErrs.length) errs.push(`key: Invalid value: ${goQuote(key)}: ${keyErrs.join('; ')}`);
  const goList = `[]string{${vals.map(goQuote).join(', ')}}`;
  switch (operator) {
    case 'in': case 'notin':
      if (vals.length === 0) errs.push(`values: Invalid value: ${goList}: for 'in', 'notin' operators, values set can't be empty`);
      break;
    case '=': case '==': case '!=':
      if (vals.length !== 1) errs.push(`values: Invalid value: ${goList}: exact-match compatibility requires one single value`);
      break;
    case 'exists': case '!':
      if (vals.length !== 0) errs.push(`values: Invalid value: ${goList}: values set must be empty for exists and does not exist`);
      break;
    case 'gt': case 'lt':
      if (vals.length !== 1) errs.push(`values: Invalid value: ${goList}: for 'Gt', 'Lt' operators, exactly one value is required`);
      vals.forEach((v, i) => {
        if (!/^[+-]?\d+$/.test(v)) errs.push(`values[${i}]: Invalid value: ${goQuote(v)}: for 'Gt', 'Lt' operators, the value must be an integer`);
      });
      break;
  }
  if (operator !== 'gt' && operator !== 'lt') {
    vals.forEach((v, i) => {
      const ve = labelValueErrors(v);
      if (ve.length) errs.push(`values[${i}][${key}]: Invalid value: ${goQuote(v)}: ${ve.join('; ')}`);
    });
  }
  if (errs.length === 1) throw new Error(errs[0]);
  if (errs.length > 1) throw new Error(`[${errs.join(', ')}]`);
  return { key, operator, values: [...new Set(vals)].sort() };
}

/** Sort by key only, stable, as upstream's ByKey. */
function byKey(reqs: Requirement[]): Requirement[] {
  return reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
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

/**
 * The label selector grammar: lexer, recursive-descent parser and
 * requirement validation, with upstream's error texts (k8s.io/apimachinery
 * labels.Parse and NewRequirement). Errors are plain Errors; labels.ts wraps
 * them as K8sError.
 */
import { goQuote, labelValueErrors, qualifiedNameErrors } from './label-validation.ts';

/** Selection operators, named as upstream's selection.Operator values. */
export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

/** One parsed requirement: key, operator and its (sorted, unique) values. */
export interface Requirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

// ---- lexer --------------------------------------------------------------

type Tok = 'end' | ')' | ',' | '!' | '==' | '=' | '>' | 'id' | 'in' | '<' | '!=' | 'notin' | '(' | 'err';
interface Item { tok: Tok; lit: string }

const SYMBOLS = new Set(['=', '!', '(', ')', ',', '>', '<']);
const SYMBOL_TOKENS: Record<string, Tok> = { ')': ')', ',': ',', '!': '!', '==': '==', '=': '=', '>': '>', '<': '<', '!=': '!=', '(': '(' };
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';

/** Splits selector text into tokens, as upstream's Lexer. */
export function lex(s: string): Item[] {
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

/** Parses a selector string into unsorted requirements. */
export class Parser {
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
export function newRequirement(key: string, operator: LabelOperator, vals: string[]): Requirement {
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
export function byKey(reqs: Requirement[]): Requirement[] {
  return reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}


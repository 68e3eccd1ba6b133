/**
 * A tiny POSIX-sh subset for simulated containers: words with '..' and ".."
 * quoting and $VAR / ${VAR} / $? expansion (done at run time), redirections
 * (> >> <), lists (; && || newlines), `while LIST; do LIST; done`,
 * `for NAME in WORDS; do LIST; done`, `if LIST; then LIST; [else LIST;] fi`.
 * Enough for the commands tests and users type at a simulated pod
 * (`sh -c 'echo hi > /tmp/x'`, `while true; do echo tick; sleep 1; done`).
 */
import { K8sError } from '../../../base/errors.ts';

/** A word: literal parts and variable references, concatenated at run time. */
export type Word = Array<{ lit: string } | { var: string }>;

/** A simple command with its redirections. */
export interface SimpleCommand {
  kind: 'cmd';
  words: Word[];
  /** `fd` is 0 for <, else 1 unless given (2>); `>&` duplicates the target fd number. */
  redirects: Array<{ op: '>' | '>>' | '<' | '>&'; fd: number; target: Word }>;
}

/** A parsed node. */
export type Node =
  | SimpleCommand
  | { kind: 'list'; items: Array<{ node: Node; op: ';' | '&&' | '||' }> }
  | { kind: 'while'; cond: Node; body: Node }
  | { kind: 'for'; name: string; values: Word[]; body: Node }
  | { kind: 'if'; cond: Node; then: Node; else?: Node };

type Tok = { t: 'word'; w: Word; raw: string } | { t: 'op'; v: string; fd?: number };

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t') { i++; continue; }
    if (c === '#') { while (i < src.length && src[i] !== '\n') i++; continue; }
    if (c === '\n' || c === ';') { toks.push({ t: 'op', v: ';' }); i++; continue; }
    if (src.startsWith('&&', i) || src.startsWith('||', i)) { toks.push({ t: 'op', v: src.slice(i, i + 2) }); i += 2; continue; }
    const redir = /^(\d)?(>>|>&|>|<)/.exec(src.slice(i));
    if (redir) {
      const op = redir[2]!;
      toks.push({ t: 'op', v: op, fd: redir[1] !== undefined ? Number(redir[1]) : op === '<' ? 0 : 1 });
      i += redir[0].length;
      continue;
    }
    if (c === '|' || c === '&') throw new K8sError('BadRequest', `sh: syntax error: "${c}" is not supported`);
    const w: Word = [];
    let raw = '';
    const lit = (s: string) => { const last = w[w.length - 1]; if (last && 'lit' in last) last.lit += s; else w.push({ lit: s }); };
    const dollar = (): void => {
      i++;
      if (src[i] === '{') {
        const end = src.indexOf('}', i);
        if (end < 0) throw new K8sError('BadRequest', 'sh: syntax error: bad substitution');
        w.push({ var: src.slice(i + 1, end) }); i = end + 1;
      } else if (src[i] === '?') { w.push({ var: '?' }); i++; } else {
        const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
        if (m) { w.push({ var: m[0] }); i += m[0].length; } else lit('$');
      }
    };
    while (i < src.length && !' \t\n;&|<>'.includes(src[i]!)) {
      const ch = src[i]!;
      raw += ch;
      if (ch === "'") {
        const end = src.indexOf("'", i + 1);
        if (end < 0) throw new K8sError('BadRequest', 'sh: syntax error: unterminated quoted string');
        lit(src.slice(i + 1, end)); raw += src.slice(i + 1, end + 1); i = end + 1;
      } else if (ch === '"') {
        i++;
        lit('');
        while (i < src.length && src[i] !== '"') {
          if (src[i] === '\\' && i + 1 < src.length && '"\\$`'.includes(src[i + 1]!)) { lit(src[i + 1]!); i += 2; } else if (src[i] === '$') dollar(); else { lit(src[i]!); i++; }
        }
        if (i >= src.length) throw new K8sError('BadRequest', 'sh: syntax error: unterminated quoted string');
        i++;
      } else if (ch === '\\' && i + 1 < src.length) { lit(src[i + 1]!); i += 2; } else if (ch === '$') dollar(); else { lit(ch); i++; }
    }
    toks.push({ t: 'word', w, raw });
  }
  return toks;
}

const RESERVED = new Set(['do', 'done', 'then', 'else', 'fi', 'in']);

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}

  parseAll(): Node {
    const n = this.list(new Set());
    if (this.i < this.toks.length) throw new K8sError('BadRequest', `sh: syntax error: unexpected "${this.show(this.toks[this.i]!)}"`);
    return n;
  }

  private show(t: Tok): string { return t.t === 'op' ? t.v : t.raw; }
  private peekWord(): string | undefined { const t = this.toks[this.i]; return t?.t === 'word' ? t.raw : undefined; }
  private skipSeps(): void { while (this.toks[this.i]?.t === 'op' && (this.toks[this.i] as { v: string }).v === ';') this.i++; }
  private expectWord(w: string): void {
    this.skipSeps();
    if (this.peekWord() !== w) throw new K8sError('BadRequest', `sh: syntax error: expected "${w}"`);
    this.i++;
  }

  /** A list up to one of `stops` (reserved words) or the end. */
  private list(stops: Set<string>): Node {
    const items: Array<{ node: Node; op: ';' | '&&' | '||' }> = [];
    let op: ';' | '&&' | '||' = ';';
    for (;;) {
      this.skipSeps();
      const w = this.peekWord();
      if (this.i >= this.toks.length || (w !== undefined && stops.has(w))) break;
      items.push({ node: this.command(), op });
      const t = this.toks[this.i];
      if (t?.t === 'op' && (t.v === '&&' || t.v === '||' || t.v === ';')) { op = t.v as typeof op; this.i++; } else op = ';';
    }
    return { kind: 'list', items };
  }

  private command(): Node {
    const w = this.peekWord();
    if (w === 'while') {
      this.i++;
      const cond = this.list(new Set(['do']));
      this.expectWord('do');
      const body = this.list(new Set(['done']));
      this.expectWord('done');
      return { kind: 'while', cond, body };
    }
    if (w === 'for') {
      this.i++;
      const name = this.peekWord();
      if (!name) throw new K8sError('BadRequest', 'sh: syntax error: bad for loop variable');
      this.i++;
      const values: Word[] = [];
      if (this.peekWord() === 'in') {
        this.i++;
        while (this.toks[this.i]?.t === 'word' && this.peekWord() !== 'do') values.push((this.toks[this.i++] as { w: Word }).w);
      }
      this.expectWord('do');
      const body = this.list(new Set(['done']));
      this.expectWord('done');
      return { kind: 'for', name, values, body };
    }
    if (w === 'if') {
      this.i++;
      const cond = this.list(new Set(['then']));
      this.expectWord('then');
      const then = this.list(new Set(['else', 'fi']));
      let els: Node | undefined;
      if (this.peekWord() === 'else') { this.i++; els = this.list(new Set(['fi'])); }
      this.expectWord('fi');
      return { kind: 'if', cond, then, else: els };
    }
    const cmd: SimpleCommand = { kind: 'cmd', words: [], redirects: [] };
    for (;;) {
      const t = this.toks[this.i];
      if (!t) break;
      if (t.t === 'op' && (t.v === '>' || t.v === '>>' || t.v === '<' || t.v === '>&')) {
        const target = this.toks[this.i + 1];
        if (target?.t !== 'word') throw new K8sError('BadRequest', 'sh: syntax error: unexpected redirection');
        cmd.redirects.push({ op: t.v, fd: t.fd ?? 1, target: target.w });
        this.i += 2;
        continue;
      }
      if (t.t !== 'word' || (cmd.words.length === 0 && RESERVED.has(t.raw))) break;
      cmd.words.push(t.w);
      this.i++;
    }
    if (cmd.words.length === 0 && cmd.redirects.length === 0) {
      throw new K8sError('BadRequest', `sh: syntax error: unexpected "${this.toks[this.i] ? this.show(this.toks[this.i]!) : 'end of file'}"`);
    }
    return cmd;
  }
}

/** Parse a script; K8sError BadRequest with an sh-like message on a syntax error. */
export function parseScript(src: string): Node {
  return new Parser(tokenize(src)).parseAll();
}

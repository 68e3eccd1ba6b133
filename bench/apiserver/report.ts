/**
 * The benchmark's output: a plain-text table for the terminal and a Markdown
 * block (date, machine, results, targets met or missed) appended to the
 * "API server (bench/apiserver)" section of docs/benchmarks.md.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, release, totalmem, availableParallelism } from 'node:os';

/** One measured line. */
export interface Row {
  what: string;
  clients: string;
  ops: string;
  perSecond: string;
  p50: string;
  p99: string;
  note?: string;
}

/** One target of issue 2 and whether this run met it. */
export interface Target {
  what: string;
  goal: string;
  measured: string;
  met: boolean;
}

const HEADING = '## API server (bench/apiserver)';
const COLUMNS: [keyof Row, string][] = [['what', 'measurement'], ['clients', 'clients'], ['ops', 'ops'], ['perSecond', 'ops/s'], ['p50', 'p50 ms'], ['p99', 'p99 ms'], ['note', 'note']];

/** Format a number for the table. */
export const fmt = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : '-');

/** The machine, as the docs record it. */
export function machine(): string {
  const gib = (totalmem() / 2 ** 30).toFixed(0);
  return `${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}); ${gib} GiB RAM; kernel ${release()}; node ${process.version}`;
}

/** Fixed-width text table. */
export function textTable(rows: Row[]): string {
  const cells = [COLUMNS.map(([, h]) => h), ...rows.map((r) => COLUMNS.map(([k]) => r[k] ?? ''))];
  const widths = COLUMNS.map((_, i) => Math.max(...cells.map((c) => c[i]!.length)));
  return cells.map((c) => c.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

function markdownTable(rows: Row[]): string {
  const head = `| ${COLUMNS.map(([, h]) => h).join(' | ')} |\n|${COLUMNS.map(() => ' --- ').join('|')}|`;
  return [head, ...rows.map((r) => `| ${COLUMNS.map(([k]) => r[k] ?? '').join(' | ')} |`)].join('\n');
}

/** The Markdown block for one run. */
export function markdownBlock(date: string, command: string, rows: Row[], targets: Target[], conditions: string): string {
  const tgt = targets.map((t) => `| ${t.what} | ${t.goal} | ${t.measured} | ${t.met ? 'met' : '**missed**'} |`);
  return [
    `### ${date}`,
    '',
    `\`${command}\``,
    '',
    `Machine: ${machine()}; ${conditions}`,
    '',
    markdownTable(rows),
    '',
    '| target (issue 2) | goal | measured | |',
    '| --- | --- | --- | --- |',
    ...tgt,
    '',
  ].join('\n');
}

/** Append a block at the end of our section, creating the section if needed. */
export function appendToDocs(path: string, block: string): void {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const at = text.indexOf(HEADING);
  if (at < 0) {
    writeFileSync(path, `${text.trimEnd()}\n\n${HEADING}\n\nResults of \`bench/apiserver/run.ts\`: a real \`k8ts init --control-plane-only\` process (SQLite store on disk) driven over HTTPS/HTTP2 with the admin client certificate, ~1 KB pods. Newest last.\n\n${block}`);
    return;
  }
  // Our section ends where the next "## " section starts (another engineer's).
  const next = text.indexOf('\n## ', at + HEADING.length);
  const end = next < 0 ? text.length : next + 1;
  const before = text.slice(0, end).trimEnd();
  writeFileSync(path, `${before}\n\n${block}${next < 0 ? '' : '\n' + text.slice(end)}`);
}

/**
 * Appends one benchmark run, as a dated block with machine, load and a
 * What/Result/Target table, at the end of that benchmark's "## " section of
 * docs/benchmarks.md (before the next section, which belongs to another
 * benchmark); creates the section if it is missing.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../test/e2e/helpers/cluster.ts';
import { machine } from './apiserver/report.ts';

/** One run to record. */
export interface RecordedRun {
  rows: Array<[string, string, string]>;
  /** The script's arguments, shown in the command line. */
  argv: string[];
  /** loadavg() at the start and at the end. */
  load: [number[], number[]];
  /** Extra words for the block title, e.g. the mode. */
  label?: string;
}

/** Write `run` of `script` (e.g. bench/pod-startup/run.ts) under `heading`. */
export function appendRun(heading: string, script: string, run: RecordedRun): void {
  const md = join(REPO, 'docs/benchmarks.md');
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
  const la = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  const block = [
    `### ${new Date().toUTCString()} (${run.label ? `${run.label}, ` : ''}commit ${commit})`, '',
    `\`node --import tsx ${script} ${run.argv.join(' ')}\``, '',
    `Machine: ${machine()}; \`uptime\` load average (1, 5, 15 min) at start ${la(run.load[0])}, at end ${la(run.load[1])}.`, '',
    '| What | Result | Target |', '|---|---|---|', ...run.rows.map((r) => `| ${r.join(' | ')} |`), '',
  ].join('\n');
  const text = readFileSync(md, 'utf8');
  const at = text.indexOf(heading);
  if (at < 0) { writeFileSync(md, `${text.trimEnd()}\n\n${heading}\n\n${block}`); return; }
  const next = text.indexOf('\n## ', at + heading.length);
  const end = next < 0 ? text.length : next + 1;
  writeFileSync(md, `${text.slice(0, end).trimEnd()}\n\n${block}${next < 0 ? '' : '\n' + text.slice(end)}`);
}

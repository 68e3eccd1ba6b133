/**
 * Appends one run of bench/pod-startup/run.ts at the end of the
 * "Pod startup (bench/pod-startup)" section of docs/benchmarks.md (before the
 * next "## " section, which belongs to another benchmark).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../../test/e2e/helpers/cluster.ts';
import { machine } from '../apiserver/report.ts';

const HEADING = '## Pod startup (bench/pod-startup)';

/** One run to record. */
export interface PodStartupRun {
  rows: Array<[string, string, string]>;
  argv: string[];
  /** loadavg() at the start and at the end. */
  load: [number[], number[]];
}

/** Write the run into docs/benchmarks.md. */
export function recordPodStartup(run: PodStartupRun): void {
  const md = join(REPO, 'docs/benchmarks.md');
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
  const la = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  const block = [
    `### ${new Date().toUTCString()} (commit ${commit})`, '',
    `\`node --import tsx bench/pod-startup/run.ts ${run.argv.join(' ')}\``, '',
    `Machine: ${machine()}; \`uptime\` load average (1, 5, 15 min) at start ${la(run.load[0])}, at end ${la(run.load[1])}.`, '',
    '| What | Result | Target |', '|---|---|---|', ...run.rows.map((r) => `| ${r.join(' | ')} |`), '',
  ].join('\n');
  const text = readFileSync(md, 'utf8');
  const at = text.indexOf(HEADING);
  if (at < 0) { writeFileSync(md, `${text.trimEnd()}\n\n${HEADING}\n\n${block}`); return; }
  const next = text.indexOf('\n## ', at + HEADING.length);
  const end = next < 0 ? text.length : next + 1;
  writeFileSync(md, `${text.slice(0, end).trimEnd()}\n\n${block}${next < 0 ? '' : '\n' + text.slice(end)}`);
}

/**
 * Cron schedule syntax check for CronJob.spec.schedule: five fields or a
 * predefined descriptor, as the robfig/cron parser upstream uses accepts.
 * Returns an error message, or undefined when the schedule parses.
 */

const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const FIELDS: { min: number; max: number; names?: string[]; nameBase: number }[] = [
  { min: 0, max: 59, nameBase: 0 },
  { min: 0, max: 23, nameBase: 0 },
  { min: 1, max: 31, nameBase: 0 },
  { min: 1, max: 12, names: MONTHS, nameBase: 1 },
  { min: 0, max: 6, names: DAYS, nameBase: 0 },
];
const DURATION_RE = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;
const INT_RE = /^[0-9]+$/;

function num(s: string, f: (typeof FIELDS)[number]): number | string {
  const idx = f.names?.indexOf(s.toLowerCase()) ?? -1;
  if (idx >= 0) return idx + f.nameBase;
  if (!INT_RE.test(s)) return `failed to parse int from ${s}: strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`;
  return Number(s);
}

function checkRange(expr: string, f: (typeof FIELDS)[number]): string | undefined {
  const [rangePart, step, ...extra] = expr.split('/');
  if (extra.length) return `too many slashes: ${expr}`;
  let lo = f.min;
  let hi = f.max;
  if (rangePart !== '*' && rangePart !== '?') {
    const [a, b, ...more] = rangePart.split('-');
    if (more.length) return `too many hyphens: ${expr}`;
    const na = num(a, f);
    if (typeof na === 'string') return na;
    lo = na;
    hi = na;
    if (b !== undefined) {
      const nb = num(b, f);
      if (typeof nb === 'string') return nb;
      hi = nb;
    }
  }
  if (step !== undefined) {
    const ns = num(step, f);
    if (typeof ns === 'string') return ns;
    if (ns === 0) return `step of range should be a positive number: ${expr}`;
  }
  if (lo < f.min) return `beginning of range (${lo}) below minimum (${f.min}): ${expr}`;
  if (hi > f.max) return `end of range (${hi}) above maximum (${f.max}): ${expr}`;
  if (lo > hi) return `beginning of range (${lo}) beyond end of range (${hi}): ${expr}`;
  return undefined;
}

/** Parses a standard cron spec; returns upstream-like error text or undefined when valid. */
export function cronError(schedule: string): string | undefined {
  const s = schedule.trim();
  if (s.startsWith('@')) {
    if (DESCRIPTORS.has(s)) return undefined;
    if (s.startsWith('@every ')) {
      return DURATION_RE.test(s.slice(7).trim()) ? undefined : `failed to parse duration ${s}: time: invalid duration ${JSON.stringify(s.slice(7).trim())}`;
    }
    return `unrecognized descriptor: ${s}`;
  }
  const fields = s.split(/\s+/).filter(Boolean);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  for (let i = 0; i < 5; i++) {
    for (const part of fields[i].split(',')) {
      const err = checkRange(part, FIELDS[i]);
      if (err) return err;
    }
  }
  return undefined;
}

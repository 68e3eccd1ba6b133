/**
 * Cron schedules as CronJob uses them (the robfig/cron standard parser):
 * five fields (minute hour day-of-month month day-of-week) with lists,
 * ranges, steps and names, the @yearly...@hourly descriptors, a time zone
 * from spec.timeZone or a CRON_TZ=/TZ= prefix, and the next activation
 * after an instant. Day-of-month and day-of-week are OR'ed unless either
 * is `*`, as in Vixie cron.
 */
import { K8sError } from '../../../base/errors.ts';

/** A parsed schedule. */
export interface Schedule {
  minutes: Set<number>; hours: Set<number>; doms: Set<number>; months: Set<number>; dows: Set<number>;
  /** Day-of-month or day-of-week was `*` / `?` (then both must match). */
  domStar: boolean; dowStar: boolean;
  /** IANA time zone, 'UTC' by default. */
  timeZone: string;
}

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *',
};
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function field(expr: string, min: number, max: number, names?: string[], base = 0): Set<number> {
  const out = new Set<number>();
  const num = (s: string): number => {
    const i = names?.indexOf(s.toLowerCase()) ?? -1;
    if (i >= 0) return i + base;
    if (!/^\d+$/.test(s)) throw new K8sError('BadRequest', `failed to parse int from ${s}`);
    return Number(s);
  };
  for (const part of expr.split(',')) {
    const [range = '', stepText] = part.split('/');
    let lo = min, hi = max;
    if (range !== '*' && range !== '?') {
      const [a = '', b] = range.split('-');
      lo = num(a);
      hi = b === undefined ? (stepText === undefined ? lo : max) : num(b);
    }
    const step = stepText === undefined ? 1 : num(stepText);
    if (step <= 0 || lo < min || hi > max || lo > hi) throw new K8sError('BadRequest', `invalid cron field ${JSON.stringify(part)}`);
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

/** Parse a schedule; `timeZone` (spec.timeZone) wins over a CRON_TZ= prefix. K8sError BadRequest when invalid. */
export function parseSchedule(spec: string, timeZone?: string): Schedule {
  let s = spec.trim();
  let tz = 'UTC';
  const m = /^(?:CRON_TZ|TZ)=(\S+)\s+(.*)$/.exec(s);
  if (m) {
    tz = m[1] as string;
    s = (m[2] as string).trim();
  }
  if (timeZone) tz = timeZone;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new K8sError('BadRequest', `unknown time zone ${tz}`);
  }
  if (s.startsWith('@')) {
    const d = DESCRIPTORS[s];
    if (!d) throw new K8sError('BadRequest', `unrecognized descriptor: ${s}`);
    s = d;
  }
  const f = s.split(/\s+/);
  if (f.length !== 5) throw new K8sError('BadRequest', `expected exactly 5 fields, found ${f.length}: ${s}`);
  const [mi, h, dom, mon, dow] = f as [string, string, string, string, string];
  return {
    minutes: field(mi, 0, 59), hours: field(h, 0, 23), doms: field(dom, 1, 31), months: field(mon, 1, 12, MONTHS, 1),
    dows: field(dow, 0, 6, DAYS), domStar: dom.startsWith('*') || dom.startsWith('?'),
    dowStar: dow.startsWith('*') || dow.startsWith('?'), timeZone: tz,
  };
}

const fmtCache = new Map<string, Intl.DateTimeFormat>();

/** Offset of `tz` from UTC at instant `ms`, in ms (positive east of Greenwich). */
export function zoneOffsetMs(ms: number, tz: string): number {
  if (tz === 'UTC') return 0;
  let f = fmtCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric' });
    fmtCache.set(tz, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return wall - Math.floor(ms / 1000) * 1000;
}

function dayMatches(s: Schedule, d: Date): boolean {
  const dom = s.doms.has(d.getUTCDate());
  const dow = s.dows.has(d.getUTCDay());
  return s.domStar || s.dowStar ? dom && dow : dom || dow;
}

/** The first activation strictly after `afterMs`, or undefined within five years. */
export function nextAfter(s: Schedule, afterMs: number): number | undefined {
  // Walk wall-clock time (a Date used in UTC) field by field, as robfig does.
  const w = new Date(Math.floor((afterMs + zoneOffsetMs(afterMs, s.timeZone)) / 60_000) * 60_000 + 60_000);
  const limit = w.getTime() + 5 * 366 * 86_400_000;
  while (w.getTime() < limit) {
    if (!s.months.has(w.getUTCMonth() + 1)) {
      w.setUTCMonth(w.getUTCMonth() + 1, 1);
      w.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!dayMatches(s, w)) {
      w.setUTCDate(w.getUTCDate() + 1);
      w.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!s.hours.has(w.getUTCHours())) {
      w.setUTCHours(w.getUTCHours() + 1, 0, 0, 0);
      continue;
    }
    if (!s.minutes.has(w.getUTCMinutes())) {
      w.setUTCMinutes(w.getUTCMinutes() + 1, 0, 0);
      continue;
    }
    const wall = w.getTime();
    // Wall time back to an instant; a wall time skipped by a DST change does not exist and is passed over.
    let real = wall - zoneOffsetMs(wall, s.timeZone);
    real = wall - zoneOffsetMs(real, s.timeZone);
    if (real + zoneOffsetMs(real, s.timeZone) === wall && real > afterMs) return real;
    w.setUTCMinutes(w.getUTCMinutes() + 1, 0, 0);
  }
  return undefined;
}

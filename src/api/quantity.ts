/**
 * `resource.Quantity`: parse, compare, add and print resource amounts
 * ("100m", "1.5Gi", "12e6") with upstream's exact canonical form.
 *
 * A quantity is held as a BigInt count of nano-units. Upstream rounds every
 * non-zero value up to the nearest nano-unit when parsing, so nothing finer
 * than 1n is ever observable; BigInt keeps Ei-sized values exact too.
 */
import { K8sError } from '../base/errors.ts';

/** How a quantity was written; canonical output keeps the family. */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** A parsed quantity: an exact value in nano-units plus its format. */
export interface Quantity {
  /** value * 10^9, exact. */
  readonly nanos: bigint;
  readonly format: QuantityFormat;
}

const NANO = 1_000_000_000n;

/** Decimal SI suffixes and their base-10 exponents. */
const DEC_SUFFIX: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
/** Binary SI suffixes and their base-2 exponents. */
const BIN_SUFFIX: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DEC_BY_EXP = new Map<number, string>(Object.entries(DEC_SUFFIX).map(([s, e]) => [e, s]));
const BIN_BY_EXP = new Map<number, string>(Object.entries(BIN_SUFFIX).map(([s, e]) => [e, s]));

/** Upstream's ErrFormatWrong text. */
const FORMAT_WRONG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
/** Upstream's ErrSuffix text. */
const SUFFIX_WRONG = 'unable to parse quantity\'s suffix';

const NUMBER_RE = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/;

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** Parses a quantity; undefined when the text is not a valid quantity. */
export function tryParseQuantity(input: string | number): Quantity | undefined {
  try {
    return parseQuantity(input);
  } catch {
    return undefined;
  }
}

/**
 * Parses a quantity string (or a JSON number) as upstream's ParseQuantity.
 * Throws K8sError('BadRequest') with upstream's message on bad input.
 */
export function parseQuantity(input: string | number): Quantity {
  const text = typeof input === 'number' ? numberText(input) : input;
  if (text.length === 0) throw new K8sError('BadRequest', FORMAT_WRONG);
  const m = NUMBER_RE.exec(text);
  if (!m) throw new K8sError('BadRequest', FORMAT_WRONG);
  const [, sign, whole, frac = '', suffix] = m;
  // A number needs at least one digit, on either side of the point.
  if (whole.length + frac.length === 0) throw new K8sError('BadRequest', FORMAT_WRONG);
  let digits = BigInt((whole || '0') + frac);
  let scale = -frac.length; // value = digits * 10^scale
  let format: QuantityFormat;
  let binExp = 0;
  if (suffix in DEC_SUFFIX) {
    format = 'DecimalSI';
    scale += DEC_SUFFIX[suffix];
  } else if (suffix in BIN_SUFFIX) {
    format = 'BinarySI';
    binExp = BIN_SUFFIX[suffix];
  } else if (/^[eE][+-]?[0-9]+$/.test(suffix)) {
    format = 'DecimalExponent';
    scale += Number(suffix.slice(1));
  } else if (/^[eEinumkKMGTP]*[-+]?[0-9]*$/.test(suffix)) {
    throw new K8sError('BadRequest', SUFFIX_WRONG);
  } else {
    throw new K8sError('BadRequest', FORMAT_WRONG);
  }
  if (binExp) digits <<= BigInt(binExp);
  // Convert to nano-units, rounding any remainder away from zero (up), as upstream.
  const shift = scale + 9;
  let nanos: bigint;
  if (shift >= 0) {
    nanos = digits * pow10(shift);
  } else {
    const div = pow10(-shift);
    nanos = digits / div;
    if (digits % div !== 0n) nanos += 1n;
  }
  if (sign === '-') nanos = -nanos;
  return { nanos, format };
}

/** JSON numbers arrive as numbers; print them without exponent noise. */
function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new K8sError('BadRequest', FORMAT_WRONG);
  const s = String(n);
  if (!/e/i.test(s)) return s;
  const [mant, exp] = s.toLowerCase().split('e');
  return `${mant}e${Number(exp)}`;
}

/** Largest power of `base` dividing `v` (v > 0), up to `limit` times. */
function stripFactors(v: bigint, base: bigint, limit = Infinity): [bigint, number] {
  let times = 0;
  while (times < limit && v % base === 0n) {
    v /= base;
    times++;
  }
  return [v, times];
}

/** Canonical string form, as upstream's Quantity.String(). */
export function formatQuantity(q: Quantity): string {
  if (q.nanos === 0n) return '0';
  const neg = q.nanos < 0n;
  const abs = neg ? -q.nanos : q.nanos;
  let format = q.format;
  if (format === 'BinarySI') {
    // Small or fractional binary values print as decimal so nothing is rounded.
    if (abs < 1024n * NANO || abs % NANO !== 0n) format = 'DecimalSI';
  }
  let body: string;
  if (format === 'BinarySI') {
    const [mant, times] = stripFactors(abs / NANO, 1024n);
    const exp = times * 10;
    const suffix = BIN_BY_EXP.get(exp);
    body = suffix !== undefined ? `${mant}${suffix}` : `${mant * (1n << BigInt(exp - 60))}Ei`;
  } else {
    // Exponent is a multiple of 3 and as large as possible without fractions.
    const [m0, times] = stripFactors(abs, 10n);
    const exp10 = times - 9;
    const extra = ((exp10 % 3) + 3) % 3;
    const exp = exp10 - extra;
    const mant = m0 * pow10(extra);
    if (format === 'DecimalExponent') {
      body = exp === 0 ? `${mant}` : `${mant}e${exp}`;
    } else {
      const suffix = DEC_BY_EXP.get(exp);
      body = suffix !== undefined ? `${mant}${suffix}` : `${mant}e${exp}`;
    }
  }
  return neg ? `-${body}` : body;
}

/** Parses and re-prints a quantity in canonical form ("1.5Gi" -> "1536Mi"). */
export function canonicalQuantity(input: string | number): string {
  return formatQuantity(parseQuantity(input));
}

/** -1, 0 or 1 as a is less than, equal to or greater than b. */
export function compareQuantity(a: Quantity, b: Quantity): -1 | 0 | 1 {
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
}

/** a + b; the result keeps a's format (upstream's Add), or b's when a is zero. */
export function addQuantity(a: Quantity, b: Quantity): Quantity {
  const format = a.nanos === 0n && a.format === 'DecimalSI' ? b.format : a.format;
  return { nanos: a.nanos + b.nanos, format };
}

/** a - b, keeping a's format. */
export function subQuantity(a: Quantity, b: Quantity): Quantity {
  return { nanos: a.nanos - b.nanos, format: a.format };
}

/** Ceiling division for possibly negative bigints. */
function ceilDiv(v: bigint, d: bigint): bigint {
  const q = v / d;
  return v % d !== 0n && v > 0n ? q + 1n : q;
}

/** Value in milli-units, rounded up as upstream's MilliValue ("100m" -> 100, "1" -> 1000). */
export function quantityMilli(q: Quantity): number {
  return Number(ceilDiv(q.nanos, 1_000_000n));
}

/** Value in whole units (bytes, cores, pods), rounded up as upstream's Value(). */
export function quantityValue(q: Quantity): number {
  return Number(ceilDiv(q.nanos, NANO));
}

/** A quantity of `milli` milli-units, DecimalSI (how CPU amounts are built). */
export function quantityFromMilli(milli: number, format: QuantityFormat = 'DecimalSI'): Quantity {
  return { nanos: BigInt(Math.round(milli)) * 1_000_000n, format };
}

/** A quantity of `units` whole units (e.g. bytes with 'BinarySI'). */
export function quantityFromValue(units: number, format: QuantityFormat = 'DecimalSI'): Quantity {
  return { nanos: BigInt(Math.round(units)) * NANO, format };
}

/** Zero in DecimalSI, upstream's zero value. */
export const ZERO_QUANTITY: Quantity = { nanos: 0n, format: 'DecimalSI' };

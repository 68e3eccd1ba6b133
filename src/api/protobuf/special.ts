/**
 * Messages whose JSON form is not an object: metav1.Time and MicroTime
 * (RFC 3339 strings), metav1.Duration (Go duration strings),
 * resource.Quantity (its string), IntOrString (number or string), FieldsV1
 * and runtime.RawExtension (embedded JSON). Each mirrors the Go type's
 * MarshalJSON after its protobuf Unmarshal.
 */
import type { SpecialType } from './types.ts';
import { WireReader, WireType, malformed } from './wire.ts';

const utf8 = new TextDecoder('utf-8');

/** Read the varint/bytes fields of a small special message by number. */
function fields(buf: Uint8Array): { ints: Map<number, bigint>; bytes: Map<number, Uint8Array> } {
  const ints = new Map<number, bigint>();
  const bytes = new Map<number, Uint8Array>();
  const r = new WireReader(buf);
  while (!r.done) {
    const t = r.tag();
    if (t.wireType === WireType.Varint) ints.set(t.fieldNumber, r.varint());
    else if (t.wireType === WireType.Bytes) bytes.set(t.fieldNumber, r.bytes());
    else r.skip(t.wireType);
  }
  return { ints, bytes };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Go's time.RFC3339 (UTC), optionally with exactly six fractional digits. */
export function formatRFC3339(seconds: bigint, micros?: number): string {
  const ms = Number(seconds) * 1000;
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  if (!Number.isFinite(ms) || Number.isNaN(d.getTime()) || year < 0 || year > 9999) {
    throw malformed('timestamp out of range');
  }
  const base = `${pad(year, 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}T` +
    `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
  return micros === undefined ? `${base}Z` : `${base}.${pad(micros, 6)}Z`;
}

function trimFraction(int: bigint, frac: bigint, digits: number): string {
  if (frac === 0n) return String(int);
  return `${int}.${frac.toString().padStart(digits, '0').replace(/0+$/, '')}`;
}

/** Go's time.Duration.String() for a count of nanoseconds. */
export function formatGoDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  let u = neg ? -ns : ns;
  let out: string;
  if (u < 1_000_000_000n) {
    if (u < 1000n) out = `${u}ns`;
    else if (u < 1_000_000n) out = `${trimFraction(u / 1000n, u % 1000n, 3)}µs`;
    else out = `${trimFraction(u / 1_000_000n, u % 1_000_000n, 6)}ms`;
  } else {
    const h = u / 3_600_000_000_000n;
    u -= h * 3_600_000_000_000n;
    const m = u / 60_000_000_000n;
    u -= m * 60_000_000_000n;
    const s = `${trimFraction(u / 1_000_000_000n, u % 1_000_000_000n, 9)}s`;
    out = h > 0n ? `${h}h${m}m${s}` : m > 0n ? `${m}m${s}` : s;
  }
  return neg ? `-${out}` : out;
}

function parseEmbeddedJSON(raw: Uint8Array | undefined, what: string): unknown {
  if (!raw || raw.length === 0) return null;
  try {
    return JSON.parse(utf8.decode(raw)) as unknown;
  } catch {
    throw malformed(`${what} does not hold valid JSON`);
  }
}

/** Decode a special message payload into its JSON value. */
export function decodeSpecial(type: SpecialType, buf: Uint8Array): unknown {
  switch (type) {
    case 'Time': {
      // Go's metav1.Time writes nothing for the zero time and keeps only seconds.
      if (buf.length === 0) return null;
      return formatRFC3339(BigInt.asIntN(64, fields(buf).ints.get(1) ?? 0n));
    }
    case 'MicroTime': {
      if (buf.length === 0) return null;
      const f = fields(buf);
      const nanos = Number(BigInt.asIntN(32, f.ints.get(2) ?? 0n));
      if (nanos < 0 || nanos > 999_999_999) throw malformed('timestamp nanos out of range');
      return formatRFC3339(BigInt.asIntN(64, f.ints.get(1) ?? 0n), Math.floor(nanos / 1000));
    }
    case 'Duration':
      return formatGoDuration(BigInt.asIntN(64, fields(buf).ints.get(1) ?? 0n));
    case 'Quantity': {
      const s = fields(buf).bytes.get(1);
      return s && s.length > 0 ? utf8.decode(s) : '0';
    }
    case 'IntOrString': {
      const f = fields(buf);
      if ((f.ints.get(1) ?? 0n) === 1n) return utf8.decode(f.bytes.get(3) ?? new Uint8Array());
      return Number(BigInt.asIntN(32, f.ints.get(2) ?? 0n));
    }
    case 'FieldsV1':
      return parseEmbeddedJSON(fields(buf).bytes.get(1), 'fieldsV1');
    case 'RawExtension':
      return parseEmbeddedJSON(fields(buf).bytes.get(1), 'raw extension');
  }
}

/** The JSON of a special type's zero value (a non-pointer field absent from the wire). */
export function specialZero(type: SpecialType): unknown {
  return decodeSpecial(type, new Uint8Array());
}

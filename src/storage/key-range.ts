/**
 * Prefix scans as key ranges. SQLite compares TEXT with memcmp on UTF-8,
 * which orders like Unicode code points, so "every key starting with p" is
 * exactly the half-open range [p, end) where `end` is p with its last code
 * point incremented. A single `lo <= key < hi` range lets SQLite walk the
 * primary-key index and stop at the end of the prefix.
 */

/**
 * Upper bound used when a prefix has no successor (the empty prefix): no
 * valid key starts with eight U+10FFFF characters.
 */
const TOP = '\u{10FFFF}'.repeat(8);

/** The smallest key greater than every key with this prefix; undefined = no upper bound. */
export function prefixEnd(prefix: string): string | undefined {
  const cps = Array.from(prefix);
  while (cps.length > 0) {
    let next = cps.pop()!.codePointAt(0)! + 1;
    // Skip the surrogate block: those code points cannot appear in valid UTF-8.
    if (next >= 0xd800 && next <= 0xdfff) next = 0xe000;
    if (next <= 0x10ffff) return cps.join('') + String.fromCodePoint(next);
  }
  return undefined;
}

/** Bounds used by the SQL range queries: `lo <= key < hi`. */
export interface KeyRange {
  lo: string;
  hi: string;
}

/** Order of keys as SQLite sees them (UTF-8 bytes), unlike JS's UTF-16 `<`. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Range of keys with `prefix`, narrowed to keys strictly greater than `startAfter`. */
export function keyRange(prefix: string, startAfter?: string): KeyRange {
  const hi = prefixEnd(prefix) ?? TOP;
  // The smallest key strictly greater than s is s + U+0000 (bound with its
  // byte length, so the NUL is kept), which keeps the query a plain range.
  const lo = startAfter !== undefined && compareKeys(startAfter, prefix) >= 0 ? startAfter + '\u0000' : prefix;
  return { lo, hi };
}

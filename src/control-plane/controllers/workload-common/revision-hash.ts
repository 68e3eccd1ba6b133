/**
 * ControllerRevision naming: a 32-bit FNV-1a hash of the revision data and
 * the collision count, printed as upstream prints it (decimal digits mapped
 * to its "safe" alphabet without vowels), so names look like `web-7b9c8d5f4`.
 */
const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

/** FNV-1a over the UTF-8 bytes of `s`. */
export function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(s, 'utf8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The safe-alphabet encoding of a string (one character per input character). */
export function safeEncode(s: string): string {
  let out = '';
  for (const ch of s) out += SAFE[(ch.codePointAt(0) ?? 0) % SAFE.length];
  return out;
}

/** Hash of revision data with the collision count mixed in. */
export function revisionHash(data: unknown, collisionCount = 0): string {
  const text = stableJson(data) + (collisionCount ? `#${collisionCount}` : '');
  return safeEncode(String(fnv32a(text)));
}

/** JSON with object keys sorted, so equal data always hashes equally. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

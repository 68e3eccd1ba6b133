/**
 * A minimal, private resource.Quantity parser for validation and QoS
 * defaulting. The full Quantity type belongs to src/api/quantity.ts (owned
 * elsewhere); this only needs "is it well formed" and "compare two values",
 * so it parses to a float, which is exact enough for ordering requests and limits.
 */

const QUANTITY_RE = /^([+-]?[0-9.]+)(?:([eE][+-]?[0-9]+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;

const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** Upstream's message for a malformed quantity. */
export const QUANTITY_FORMAT_MSG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/** Parses a quantity (string or number) to a float; undefined when malformed. */
export function parseQuantity(q: unknown): number | undefined {
  if (typeof q === 'number') return Number.isFinite(q) ? q : undefined;
  if (typeof q !== 'string') return undefined;
  const m = QUANTITY_RE.exec(q.trim());
  if (!m || (m[1].match(/\./g)?.length ?? 0) > 1 || m[1] === '.' ) return undefined;
  const base = Number(m[1]);
  if (!Number.isFinite(base)) return undefined;
  if (m[2]) return base * 10 ** Number(m[2].slice(1));
  return base * SUFFIX[m[3] ?? ''];
}

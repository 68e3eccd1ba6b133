/**
 * Small CIDR helpers for cluster set-up (the first service IP goes into the
 * API server certificate and becomes the `kubernetes` Service's clusterIP).
 */
import { isIPv4, isIPv6 } from 'node:net';
import { K8sError } from '../base/errors.ts';

function parseV4(ip: string): number {
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

function formatV4(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

function parseV6(ip: string): bigint {
  const [head, tail] = ip.includes('::') ? ip.split('::') : [ip, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.reduce((acc, g) => (acc << 16n) + BigInt(parseInt(g || '0', 16)), 0n);
}

function formatV6(n: bigint): string {
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((n >> BigInt(i * 16)) & 0xffffn).toString(16));
  // Canonical enough for SANs and Service IPs; compress the longest zero run.
  const s = groups.join(':');
  const runs = [...s.matchAll(/(^|:)0(:0)+(:|$)/g)].sort((a, b) => b[0].length - a[0].length);
  if (runs.length === 0) return s;
  const r = runs[0]!;
  return `${s.slice(0, r.index)}::${s.slice(r.index! + r[0].length)}`;
}

/** Split and validate "addr/bits"; throws BadRequest on malformed input. */
export function parseCidr(cidr: string): { ip: string; bits: number; family: 4 | 6 } {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(cidr.trim());
  const ip = m?.[1] ?? '';
  const bits = Number(m?.[2]);
  const family = isIPv4(ip) ? 4 : isIPv6(ip) ? 6 : 0;
  if (!m || family === 0 || bits > (family === 4 ? 32 : 128)) {
    throw new K8sError('BadRequest', `invalid CIDR "${cidr}" (expected e.g. 10.43.0.0/16)`);
  }
  return { ip, bits, family: family as 4 | 6 };
}

/** The first usable address of a CIDR (network address + 1), e.g. 10.43.0.1 for 10.43.0.0/16. */
export function firstIp(cidr: string): string {
  const { ip, bits, family } = parseCidr(cidr);
  if (family === 4) {
    const size = 2 ** (32 - bits);
    const base = Math.floor(parseV4(ip) / size) * size;
    return formatV4(base + 1);
  }
  const hostBits = BigInt(128 - bits);
  const base = (parseV6(ip) >> hostBits) << hostBits;
  return formatV6(base + 1n);
}

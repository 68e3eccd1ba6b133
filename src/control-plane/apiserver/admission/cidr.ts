/**
 * IPv4 CIDR arithmetic for the service IP allocator.
 */
import { K8sError } from '../../../base/errors.ts';

/** A parsed IPv4 range. */
export interface Cidr4 {
  base: number;
  size: number;
}

/** Dotted quad to uint32; undefined when not an IPv4 address. */
export function ipToInt(ip: string): number | undefined {
  const p = ip.split('.');
  if (p.length !== 4) return undefined;
  let n = 0;
  for (const s of p) {
    if (!/^\d{1,3}$/.test(s)) return undefined;
    const v = Number(s);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

/** uint32 to dotted quad. */
export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Parse `10.43.0.0/16`. */
export function parseCidr(cidr: string): Cidr4 {
  const [ip, bits] = cidr.split('/');
  const base = ipToInt(ip ?? '');
  const b = Number(bits);
  if (base === undefined || !Number.isInteger(b) || b < 8 || b > 30) throw new K8sError('BadRequest', `invalid IPv4 CIDR: ${cidr}`);
  const size = 2 ** (32 - b);
  return { base: base - (base % size), size };
}

/** The n-th address of the range (n=1 is the first usable one). */
export function nthIp(c: Cidr4, n: number): string {
  return intToIp(c.base + n);
}

/** True if ip is a usable address of the range (not network or broadcast). */
export function inRange(c: Cidr4, ip: string): boolean {
  const n = ipToInt(ip);
  return n !== undefined && n > c.base && n < c.base + c.size - 1;
}

/** IP and CIDR syntax checks, via node:net so IPv4 and IPv6 follow the same rules as the runtime. */
import { isIP as netIsIP } from 'node:net';

/** True for a canonical-enough IPv4 or IPv6 address (no zone, no leading zeros in IPv4). */
export function isIP(v: unknown): boolean {
  if (typeof v !== 'string' || v.includes('%')) return false;
  const kind = netIsIP(v);
  if (kind === 4) return !/(^|\.)0[0-9]/.test(v);
  return kind === 6;
}

/** True for an address/prefix CIDR with a prefix valid for its family. */
export function isCIDR(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const slash = v.indexOf('/');
  if (slash < 0) return false;
  const addr = v.slice(0, slash);
  const prefix = v.slice(slash + 1);
  if (!/^[0-9]{1,3}$/.test(prefix) || !isIP(addr)) return false;
  return Number(prefix) <= (netIsIP(addr) === 4 ? 32 : 128);
}

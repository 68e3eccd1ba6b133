/**
 * IPv4 CIDR arithmetic for node IPAM, pure: split the cluster CIDR into
 * per-node subnets and find the first one not in use.
 */
import { K8sError } from '../../../base/errors.ts';

/** A parsed IPv4 network. */
export interface Net4 { base: number; prefix: number }

function ipToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

/** Parse `a.b.c.d/n`; the host bits are cleared. */
export function parseCIDR4(cidr: string): Net4 | undefined {
  const [ip, len] = cidr.split('/');
  const n = ip === undefined ? undefined : ipToInt(ip);
  if (n === undefined || len === undefined || !/^\d+$/.test(len) || Number(len) > 32) return undefined;
  const prefix = Number(len);
  const size = 2 ** (32 - prefix);
  return { base: Math.floor(n / size) * size, prefix };
}

/** Format a network. */
export function formatCIDR4(n: Net4): string {
  return `${intToIp(n.base)}/${n.prefix}`;
}

/** Per-node subnets of `cluster` with prefix `mask`. */
export class SubnetAllocator {
  private readonly cluster: Net4;
  readonly count: number;

  constructor(clusterCIDR: string, private readonly mask: number) {
    const c = parseCIDR4(clusterCIDR);
    if (!c) throw new K8sError('BadRequest', `invalid IPv4 cluster CIDR "${clusterCIDR}"`);
    if (mask < c.prefix || mask > 32) throw new K8sError('BadRequest', `node CIDR mask size ${mask} does not fit in ${clusterCIDR}`);
    this.cluster = c;
    this.count = 2 ** (mask - c.prefix);
  }

  /** The i-th subnet. */
  subnet(i: number): string {
    return formatCIDR4({ base: this.cluster.base + i * 2 ** (32 - this.mask), prefix: this.mask });
  }

  /** The first subnet not in `used`, or undefined when the range is full. */
  firstFree(used: Set<string>): string | undefined {
    for (let i = 0; i < this.count; i++) {
      const s = this.subnet(i);
      if (!used.has(s)) return s;
    }
    return undefined;
  }
}

/**
 * Pod IPs of one simulated node: hands out addresses of the node's pod CIDR
 * (IPv4), skipping the network address and the first host (the bridge's
 * gateway on a real node), and reuses released ones last.
 */
import { createHash } from 'node:crypto';
import { K8sError } from '../../../base/errors.ts';

function ipToInt(ip: string): number {
  const p = ip.split('.').map(Number);
  if (p.length !== 4 || p.some((x) => !Number.isInteger(x) || x < 0 || x > 255)) throw new K8sError('BadRequest', `invalid IPv4 address ${ip}`);
  return ((p[0] as number) * 2 ** 24) + ((p[1] as number) << 16) + ((p[2] as number) << 8) + (p[3] as number);
}

function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** A range of a node's pod CIDR. */
export class IpPool {
  private base = 0;
  private size = 0;
  private next = 2;
  private readonly used = new Set<number>();
  private readonly free: number[] = [];

  constructor(cidr: string) { this.setCidr(cidr); }

  /** Switch to another CIDR (the node got spec.podCIDR); addresses in use stay valid. */
  setCidr(cidr: string): void {
    const [ip, bitsText] = cidr.split('/');
    const bits = Number(bitsText);
    if (!ip || !Number.isInteger(bits) || bits < 8 || bits > 30) throw new K8sError('BadRequest', `invalid pod CIDR ${cidr}`);
    this.size = 2 ** (32 - bits);
    this.base = ipToInt(ip) - (ipToInt(ip) % this.size);
    this.next = 2;
    this.used.clear();
    this.free.length = 0;
  }

  /** The next free address; K8sError ServiceUnavailable when the range is exhausted. */
  allocate(): string {
    let off: number | undefined;
    if (this.next < this.size - 1) off = this.next++;
    else off = this.free.shift();
    if (off === undefined) throw new K8sError('ServiceUnavailable', 'no pod IPs left in the node\'s range');
    this.used.add(off);
    return intToIp(this.base + off);
  }

  /** Return an address; unknown ones are ignored. */
  release(ip: string): void {
    const off = ipToInt(ip) - this.base;
    if (this.used.delete(off)) this.free.push(off);
  }
}

/**
 * A /24 for a node without spec.podCIDR: by index when the caller knows one
 * (simulated nodes: 10.64.0.0/24, 10.64.1.0/24, ... up to 10.127.255.0/24),
 * else from a hash of the node name in the same range.
 */
export function derivedPodCIDR(nodeName: string, index?: number): string {
  const i = index ?? createHash('sha256').update(nodeName).digest().readUInt32BE(0);
  const slot = i % (64 * 256);
  return `10.${64 + Math.floor(slot / 256)}.${slot % 256}.0/24`;
}

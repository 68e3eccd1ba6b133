/**
 * The node's pod network as a CNI configuration list: a Linux bridge
 * (k8ts0) with host-local IPAM on the node's pod CIDR (the bridge takes the
 * first address as the pods' gateway), portmap for hostPort, as flannel's
 * and k3s's bridge setups do. containerd's CRI plugin reads it from
 * DIR/cni/net.d and adds loopback itself. Outbound NAT is not the bridge
 * plugin's (ipMasq would add an iptables chain per pod) but one node-wide
 * chain (masquerade.ts).
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { K8sError } from '../../base/errors.ts';

/** Name of the CNI network (also in the comments of the iptables rules CNI plugins add). */
export const CNI_NETWORK_NAME = 'k8ts';
/** The bridge pods attach to. */
export const CNI_BRIDGE = 'k8ts0';
export const CNI_CONF_FILE = '10-k8ts.conflist';

/** Options of {@link cniConfList}. */
export interface CniOptions {
  podCIDR: string;
  /** host-local's allocation state directory (default /var/lib/cni/networks is shared by every CNI user). */
  dataDir: string;
  mtu?: number;
}

/** The gateway (first host address) of an IPv4 CIDR. */
export function gatewayOf(cidr: string): string {
  const [ip, bits] = cidr.split('/');
  const p = (ip ?? '').split('.').map(Number);
  if (p.length !== 4 || p.some((x) => !Number.isInteger(x) || x < 0 || x > 255) || !(Number(bits) >= 8 && Number(bits) <= 30)) {
    throw new K8sError('BadRequest', `invalid pod CIDR ${cidr}`);
  }
  const n = ((p[0] as number) * 2 ** 24 + ((p[1] as number) << 16) + ((p[2] as number) << 8) + (p[3] as number));
  const size = 2 ** (32 - Number(bits));
  const g = n - (n % size) + 1;
  return [g >>> 24, (g >>> 16) & 255, (g >>> 8) & 255, g & 255].join('.');
}

/** The conflist object. */
export function cniConfList(o: CniOptions): Record<string, unknown> {
  return {
    cniVersion: '1.0.0',
    name: CNI_NETWORK_NAME,
    plugins: [
      {
        type: 'bridge',
        bridge: CNI_BRIDGE,
        isGateway: true,
        // masquerade.ts's one chain does this for the whole pod CIDR.
        ipMasq: false,
        hairpinMode: true,
        ...(o.mtu ? { mtu: o.mtu } : {}),
        ipam: {
          type: 'host-local',
          dataDir: o.dataDir,
          ranges: [[{ subnet: o.podCIDR, gateway: gatewayOf(o.podCIDR) }]],
          routes: [{ dst: '0.0.0.0/0' }],
        },
      },
      { type: 'portmap', capabilities: { portMappings: true }, snat: true },
    ],
  };
}

/**
 * Write the conflist into `confDir` atomically; resolves true when it
 * changed. When the pod CIDR changes, the bridge's old gateway address is
 * removed: the bridge plugin refuses a bridge that has another address.
 */
export async function writeCniConfig(confDir: string, o: CniOptions): Promise<boolean> {
  await mkdir(confDir, { recursive: true });
  const file = join(confDir, CNI_CONF_FILE);
  const text = `${JSON.stringify(cniConfList(o), null, 2)}\n`;
  const old = await readFile(file, 'utf8').catch(() => '');
  if (old === text) return false;
  const oldSubnet = /"subnet": "([^"]+)"/.exec(old)?.[1];
  if (oldSubnet && oldSubnet !== o.podCIDR) {
    const addr = `${gatewayOf(oldSubnet)}/${oldSubnet.split('/')[1] as string}`;
    await promisify(execFile)('ip', ['addr', 'del', addr, 'dev', CNI_BRIDGE]).catch(() => undefined);
  }
  await writeFile(`${file}.tmp`, text);
  await rename(`${file}.tmp`, file);
  return true;
}

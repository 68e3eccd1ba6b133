/**
 * Tables of core/v1 kinds: Namespace, ConfigMap, Secret, ServiceAccount,
 * Endpoints, Service and Node.
 */
import type { KObject, Printer } from '../types.ts';
import { formatLabels } from '../selectors/labels.ts';
import { AGE_COL, NAME_COL, col, int, str, wide } from './columns.ts';
import { since } from './duration.ts';

const count = (m: unknown) => (m && typeof m === 'object' ? Object.keys(m).length : 0);

/** Namespaces: STATUS (phase). */
export const namespacePrinter: Printer = {
  columns: [NAME_COL, col('Status', 'string', 'The status of the namespace'), AGE_COL],
  cells: (o, now) => [o.metadata.name ?? '', str(o.status?.phase), since(o.metadata.creationTimestamp, now)],
};

/** ConfigMaps: DATA counts data and binaryData keys. */
export const configMapPrinter: Printer = {
  columns: [NAME_COL, col('Data', 'string', 'Data contains the configuration data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process.'), AGE_COL],
  cells: (o, now) => [o.metadata.name ?? '', count(o.data) + count(o.binaryData), since(o.metadata.creationTimestamp, now)],
};

/** Secrets: TYPE and DATA. */
export const secretPrinter: Printer = {
  columns: [
    NAME_COL,
    col('Type', 'string', 'Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types'),
    col('Data', 'string', 'Data contains the secret data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4'),
    AGE_COL,
  ],
  cells: (o, now) => [o.metadata.name ?? '', str(o.type), count(o.data), since(o.metadata.creationTimestamp, now)],
};

/** ServiceAccounts: SECRETS. */
export const serviceAccountPrinter: Printer = {
  columns: [NAME_COL, col('Secrets', 'string', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'), AGE_COL],
  cells: (o, now) => [o.metadata.name ?? '', Array.isArray(o.secrets) ? o.secrets.length : 0, since(o.metadata.creationTimestamp, now)],
};

/** IPv6 addresses are bracketed when joined with a port (net.JoinHostPort). */
const hostPort = (ip: string, port: unknown) => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);

/** Up to three "ip:port" endpoints, then " + N more...". */
export function formatEndpoints(o: KObject): string {
  const subsets: any[] = Array.isArray(o.subsets) ? o.subsets : [];
  if (subsets.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let more = false;
  let total = 0;
  for (const ss of subsets) {
    const addrs: any[] = Array.isArray(ss?.addresses) ? ss.addresses : [];
    const ports: any[] = Array.isArray(ss?.ports) ? ss.ports : [];
    // Headless services may have no ports: list bare addresses.
    const portList = ports.length === 0 ? [undefined] : ports;
    for (const p of portList) {
      total += addrs.length;
      for (const a of addrs) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(p === undefined ? str(a?.ip) : hostPort(str(a?.ip), int(p?.port)));
      }
    }
  }
  const s = list.join(',');
  return more ? `${s} + ${total - max} more...` : s;
}

/** Endpoints: ENDPOINTS. */
export const endpointsPrinter: Printer = {
  columns: [NAME_COL, col('Endpoints', 'string', 'The set of all endpoints is the union of all subsets. Addresses are placed into subsets according to the IPs they share. A single address with multiple ports, some of which are ready and some of which are not (because they come from different containers) will result in the address being displayed in different subsets for the different ports. No address will appear in both Addresses and NotReadyAddresses in the same subset. Sets of addresses and ports that comprise a service.'), AGE_COL],
  cells: (o, now) => [o.metadata.name ?? '', formatEndpoints(o), since(o.metadata.creationTimestamp, now)],
};

/** Sorted unique load-balancer IPs or hostnames. */
export function loadBalancerIngress(ingress: unknown): string {
  if (!Array.isArray(ingress)) return '';
  const set = new Set<string>();
  for (const i of ingress) {
    if (i?.ip) set.add(i.ip);
    else if (i?.hostname) set.add(i.hostname);
  }
  return [...set].sort().join(',');
}

/** EXTERNAL-IP by service type (the server prints the untruncated, wide form). */
function externalIP(o: KObject): string {
  const spec = o.spec ?? {};
  const ext: string[] = Array.isArray(spec.externalIPs) ? spec.externalIPs : [];
  switch (spec.type) {
    case 'ClusterIP':
    case 'NodePort':
      return ext.length > 0 ? ext.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerIngress(o.status?.loadBalancer?.ingress);
      if (ext.length > 0) return [...(lb ? lb.split(',') : []), ...ext].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return str(spec.externalName);
    default:
      return '<unknown>';
  }
}

function portString(ports: unknown): string {
  if (!Array.isArray(ports) || ports.length === 0) return '<none>';
  return ports
    .map((p) => (int(p?.nodePort) > 0 ? `${int(p.port)}:${p.nodePort}/${str(p.protocol)}` : `${int(p?.port)}/${str(p?.protocol)}`))
    .join(',');
}

/** Services: TYPE CLUSTER-IP EXTERNAL-IP PORT(S), wide SELECTOR. */
export const servicePrinter: Printer = {
  columns: [
    NAME_COL,
    col('Type', 'string', 'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer.'),
    col('Cluster-IP', 'string', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
    col('External-IP', 'string', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
    col('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
    AGE_COL,
    wide('Selector', 'string', 'Route service traffic to pods with label keys and values matching this selector.'),
  ],
  cells(o, now) {
    const spec = o.spec ?? {};
    const clusterIP: string = Array.isArray(spec.clusterIPs) && spec.clusterIPs.length > 0 ? spec.clusterIPs[0] : spec.clusterIP || '<none>';
    return [
      o.metadata.name ?? '', str(spec.type), clusterIP, externalIP(o), portString(spec.ports),
      since(o.metadata.creationTimestamp, now), formatLabels(spec.selector),
    ];
  },
};

const ROLE_PREFIX = 'node-role.kubernetes.io/';

/** Roles from node-role.kubernetes.io/<role> keys and the kubernetes.io/role value. */
function nodeRoles(labels: Record<string, string> | undefined): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX)) {
      const role = k.slice(ROLE_PREFIX.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v !== '') roles.add(v);
  }
  return roles.size === 0 ? '<none>' : [...roles].sort().join(',');
}

function nodeAddress(o: KObject, type: string): string {
  const addrs = o.status?.addresses;
  if (Array.isArray(addrs)) for (const a of addrs) if (a?.type === type) return str(a.address);
  return '<none>';
}

/** Nodes: STATUS from the Ready condition (+SchedulingDisabled), ROLES, VERSION, wide node info. */
export const nodePrinter: Printer = {
  columns: [
    NAME_COL,
    col('Status', 'string', 'The status of the node'),
    col('Roles', 'string', 'The roles of the node'),
    AGE_COL,
    col('Version', 'string', 'Kubelet Version reported by the node.'),
    wide('Internal-IP', 'string', 'List of addresses reachable to the node. Queried from cloud provider, if available.'),
    wide('External-IP', 'string', 'List of addresses reachable to the node. Queried from cloud provider, if available.'),
    wide('OS-Image', 'string', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).'),
    wide('Kernel-Version', 'string', 'Kernel Version reported by the node from \'uname -r\' (e.g. 3.16.0-0.bpo.4-amd64).'),
    wide('Container-Runtime', 'string', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).'),
  ],
  cells(o, now) {
    const status: string[] = [];
    const conds = o.status?.conditions;
    // The last Ready condition wins, as upstream builds a map by type.
    let readyCond: any;
    if (Array.isArray(conds)) for (const c of conds) if (c?.type === 'Ready') readyCond = c;
    if (readyCond) status.push(readyCond.status === 'True' ? 'Ready' : 'NotReady');
    else status.push('Unknown');
    if (o.spec?.unschedulable) status.push('SchedulingDisabled');
    const info = o.status?.nodeInfo ?? {};
    return [
      o.metadata.name ?? '', status.join(','), nodeRoles(o.metadata.labels), since(o.metadata.creationTimestamp, now),
      str(info.kubeletVersion), nodeAddress(o, 'InternalIP'), nodeAddress(o, 'ExternalIP'),
      info.osImage || '<unknown>', info.kernelVersion || '<unknown>', info.containerRuntimeVersion || '<unknown>',
    ];
  },
};

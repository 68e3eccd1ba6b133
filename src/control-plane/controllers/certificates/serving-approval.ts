/**
 * The auto-approval rule for kubelet serving certificates
 * (kubernetes.io/kubelet-serving). Upstream's kube-controller-manager never
 * approves these; k8ts does, as k3s issues agent serving certificates itself,
 * so that logs/exec/port-forward work on joined nodes out of the box. The
 * rule is upstream's request shape (ValidateKubeletServingCSR) plus what
 * approvers such as k0s's and kubelet-csr-approver check: the node asks for
 * itself, and only for names and addresses its Node object claims.
 */
import type { KObject } from '../../../api/types.ts';
import type { x509 } from '../../../cluster/x509.ts';
import { canonicalIP, subjectAltNames } from '../../../cluster/san.ts';
import { subjectOf, validateKubeletServingRequest } from './csr.ts';

const NODE_USER_PREFIX = 'system:node:';
const NODES_GROUP = 'system:nodes';
/** Node address types that hold DNS names; the others (InternalIP, ExternalIP) hold IPs. */
const DNS_ADDRESS_TYPES = new Set(['Hostname', 'InternalDNS', 'ExternalDNS']);

/** The node name a kubelet-serving CSR is for (from its requester), or '' when the requester is no node. */
export function servingRequestNode(csr: KObject): string {
  const user = String(csr.spec?.username ?? '');
  return user.startsWith(NODE_USER_PREFIX) ? user.slice(NODE_USER_PREFIX.length) : '';
}

/** DNS names and IPs a node may have in its serving certificate: its name and the addresses in its status. */
export function allowedServingNames(nodeName: string, node: KObject | undefined): { dnsNames: Set<string>; ips: Set<string> } {
  const dnsNames = new Set([nodeName]);
  const ips = new Set<string>();
  const addresses = (node?.status?.addresses ?? []) as { type?: string; address?: string }[];
  for (const a of addresses) {
    if (!a.address) continue;
    if (DNS_ADDRESS_TYPES.has(a.type ?? '')) dnsNames.add(a.address);
    else ips.add(canonicalIP(a.address));
  }
  return { dnsNames, ips };
}

/**
 * Why this kubelet-serving CSR must not be auto-approved, or undefined when
 * it may be. `node` is the requester's Node object, undefined when it does
 * not exist (yet): then only the node name is an allowed SAN, and IP SANs
 * wait until the kubelet has registered its addresses.
 */
export function kubeletServingRefusal(csr: KObject, req: x509.Pkcs10CertificateRequest, node: KObject | undefined): string | undefined {
  const shape = validateKubeletServingRequest(csr, req);
  if (shape) return shape;
  const user = String(csr.spec?.username ?? '');
  const nodeName = servingRequestNode(csr);
  if (!nodeName) return `requester ${user || '(none)'} is not a node`;
  const groups = (csr.spec?.groups ?? []) as string[];
  if (!groups.includes(NODES_GROUP)) return `requester ${user} is not in group ${NODES_GROUP}`;
  // A node may only ask for a certificate in its own name, never for another node's.
  if (subjectOf(req).cn !== user) return `subject common name ${subjectOf(req).cn} is not the requester ${user}`;
  const allowed = allowedServingNames(nodeName, node);
  const sans = subjectAltNames(req);
  const foreignDns = sans.dnsNames.filter((d) => !allowed.dnsNames.has(d));
  const foreignIps = sans.ips.filter((ip) => !allowed.ips.has(ip));
  if (foreignDns.length || foreignIps.length) {
    const where = node ? `node ${nodeName}'s name and status addresses` : `node ${nodeName}'s name (the Node does not exist yet)`;
    return `subjectAltNames [${[...foreignDns, ...foreignIps].join(' ')}] are not among ${where}`;
  }
  return undefined;
}

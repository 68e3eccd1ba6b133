/**
 * Tables of the remaining API groups: coordination, discovery, rbac, policy,
 * scheduling, certificates, networking.
 */
import type { KObject, Printer } from '../types.ts';
import { formatLabelSelector } from '../selectors/labels.ts';
import { AGE_COL, NAME_COL, col, int, str, wide } from './columns.ts';
import { humanDuration, since } from './duration.ts';
import { loadBalancerIngress } from './core.ts';

const age = (o: KObject, now: number) => since(o.metadata.creationTimestamp, now);

/** Up to `max` items, then " + N more..."; "<unset>" when empty (listWithMoreString). */
function listWithMore(all: string[], max: number): string {
  if (all.length > max) return `${all.slice(0, max).join(',')} + ${all.length - max} more...`;
  return all.length === 0 ? '<unset>' : all.join(',');
}

/** Leases: HOLDER. */
export const leasePrinter: Printer = {
  columns: [NAME_COL, col('Holder', 'string', 'holderIdentity contains the identity of the holder of a current lease.'), AGE_COL],
  cells: (o, now) => [o.metadata.name ?? '', str(o.spec?.holderIdentity), age(o, now)],
};

/** EndpointSlices: ADDRESSTYPE PORTS ENDPOINTS. */
export const endpointSlicePrinter: Printer = {
  columns: [
    NAME_COL,
    col('AddressType', 'string', 'addressType specifies the type of address carried by this EndpointSlice.'),
    col('Ports', 'string', 'ports specifies the list of network ports exposed by each endpoint in this slice.'),
    col('Endpoints', 'string', 'endpoints is a list of unique endpoints in this slice.'),
    AGE_COL,
  ],
  cells(o, now) {
    const ports = (Array.isArray(o.ports) ? o.ports : []).map((p: any) =>
      typeof p?.port === 'number' ? String(p.port) : typeof p?.name === 'string' ? p.name : '*');
    const addrs: string[] = [];
    for (const ep of Array.isArray(o.endpoints) ? o.endpoints : []) {
      for (const a of Array.isArray(ep?.addresses) ? ep.addresses : []) addrs.push(str(a));
    }
    return [o.metadata.name ?? '', str(o.addressType), listWithMore(ports, 3), listWithMore(addrs, 3), age(o, now)];
  },
};

/** Users, groups and "namespace:name" service accounts of a binding. */
function subjects(o: KObject): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of Array.isArray(o.subjects) ? o.subjects : []) {
    if (s?.kind === 'User') users.push(str(s.name));
    else if (s?.kind === 'Group') groups.push(str(s.name));
    else if (s?.kind === 'ServiceAccount') sas.push(`${str(s.namespace)}:${str(s.name)}`);
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')];
}

const bindingPrinter = (what: string): Printer => ({
  columns: [
    NAME_COL,
    col('Role', 'string', 'RoleRef can only reference a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.'),
    AGE_COL,
    wide('Users', 'string', `Users in the ${what}`),
    wide('Groups', 'string', `Groups in the ${what}`),
    wide('ServiceAccounts', 'string', `ServiceAccounts in the ${what}`),
  ],
  cells: (o, now) => [o.metadata.name ?? '', `${str(o.roleRef?.kind)}/${str(o.roleRef?.name)}`, age(o, now), ...subjects(o)],
});

/** RoleBindings: ROLE, wide subjects. */
export const roleBindingPrinter = bindingPrinter('roleBinding');
/** ClusterRoleBindings: ROLE, wide subjects. */
export const clusterRoleBindingPrinter = bindingPrinter('clusterRoleBinding');

/** IntOrString as text, "N/A" when unset. */
const intOrString = (v: unknown) => (v === undefined || v === null ? 'N/A' : String(v));

/** PodDisruptionBudgets. */
export const podDisruptionBudgetPrinter: Printer = {
  columns: [
    NAME_COL,
    col('Min Available', 'string', 'The minimum number of pods that must be available.'),
    col('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    col('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
    AGE_COL,
  ],
  cells: (o, now) => [
    o.metadata.name ?? '', intOrString(o.spec?.minAvailable), intOrString(o.spec?.maxUnavailable),
    int(o.status?.disruptionsAllowed), age(o, now),
  ],
};

/** PriorityClasses. */
export const priorityClassPrinter: Printer = {
  columns: [
    NAME_COL,
    col('Value', 'integer', 'value represents the integer value of this priority class.'),
    col('Global-Default', 'boolean', 'globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class.'),
    AGE_COL,
    col('PreemptionPolicy', 'string', 'preemptionPolicy is the Policy for preempting pods with lower priority.'),
  ],
  cells: (o, now) => [o.metadata.name ?? '', int(o.value), o.globalDefault === true, age(o, now), str(o.preemptionPolicy)],
};

function csrCondition(o: KObject): string {
  let approved = false;
  let denied = false;
  let failed = false;
  for (const c of Array.isArray(o.status?.conditions) ? o.status.conditions : []) {
    if (c?.type === 'Approved') approved = true;
    else if (c?.type === 'Denied') denied = true;
    else if (c?.type === 'Failed') failed = true;
  }
  let s = denied ? 'Denied' : approved ? 'Approved' : 'Pending';
  if (failed) s += ',Failed';
  if (o.status?.certificate) s += ',Issued';
  return s;
}

/** CertificateSigningRequests. */
export const certificateSigningRequestPrinter: Printer = {
  columns: [
    NAME_COL,
    AGE_COL,
    col('SignerName', 'string', 'Requested signer for the request.'),
    col('Requestor', 'string', 'Base64-encoded PKCS#10 CSR data'),
    col('RequestedDuration', 'string', 'expirationSeconds is the requested duration of validity of the issued certificate.'),
    col('Condition', 'string', 'Conditions applied to the request, such as approval or denial.'),
  ],
  cells(o, now) {
    const exp = o.spec?.expirationSeconds;
    return [
      o.metadata.name ?? '', age(o, now), o.spec?.signerName || '<none>', str(o.spec?.username),
      typeof exp === 'number' ? humanDuration(exp * 1000) : '<none>', csrCondition(o),
    ];
  },
};

/** Ingresses: CLASS HOSTS ADDRESS PORTS. */
export const ingressPrinter: Printer = {
  columns: [
    NAME_COL,
    col('Class', 'string', 'The name of the IngressClass resource that should be used for additional configuration'),
    col('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
    col('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
    col('Ports', 'string', 'Ports of TLS configurations that open'),
    AGE_COL,
  ],
  cells(o, now) {
    const rules: any[] = Array.isArray(o.spec?.rules) ? o.spec.rules : [];
    const hosts: string[] = [];
    let more = false;
    for (const r of rules) {
      if (hosts.length === 3) more = true;
      if (!more && r?.host) hosts.push(r.host);
    }
    let hostCell = hosts.length === 0 ? '*' : hosts.join(',');
    if (hosts.length > 0 && more) hostCell += ` + ${rules.length - 3} more...`;
    const tls = Array.isArray(o.spec?.tls) && o.spec.tls.length > 0;
    return [
      o.metadata.name ?? '', o.spec?.ingressClassName ?? '<none>', hostCell,
      loadBalancerIngress(o.status?.loadBalancer?.ingress), tls ? '80, 443' : '80', age(o, now),
    ];
  },
};

/** IngressClasses: CONTROLLER PARAMETERS. */
export const ingressClassPrinter: Printer = {
  columns: [
    NAME_COL,
    col('Controller', 'string', 'Controller that is responsible for handling this class'),
    col('Parameters', 'string', 'A reference to a resource with additional parameters'),
    AGE_COL,
  ],
  cells(o, now) {
    const p = o.spec?.parameters;
    let params = '<none>';
    if (p) params = `${str(p.kind)}${p.apiGroup ? `.${p.apiGroup}` : ''}/${str(p.name)}`;
    return [o.metadata.name ?? '', str(o.spec?.controller), params, age(o, now)];
  },
};

/** NetworkPolicies: POD-SELECTOR. */
export const networkPolicyPrinter: Printer = {
  columns: [NAME_COL, col('Pod-Selector', 'string', 'Selects the pods to which this NetworkPolicy object applies.'), AGE_COL],
  cells: (o, now) => [o.metadata.name ?? '', formatLabelSelector(o.spec?.podSelector ?? {}), age(o, now)],
};

/**
 * The resource table: every resource the API server serves, with the facts
 * discovery, routing and storage need. One row per group/version/resource.
 * Rows that share `storage` are one stored resource served in several
 * versions (converted by `src/api/conversion`).
 */

/** Standard verbs of a collection resource. */
export const STD_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;

/** One served resource. */
export interface ResourceInfo {
  /** API group; '' for core. */
  group: string;
  version: string;
  kind: string;
  /** Lower-case plural, the URL segment. */
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  /** Subresources served, e.g. ['status', 'scale']. */
  subresources: string[];
  /**
   * Where objects live: group and version of the stored form. Versions other
   * than the storage version are converted on the way in and out.
   */
  storage: { group: string; resource: string; version: string };
  /** Whether this is the group's preferred version. */
  preferred: boolean;
  /** Set for custom resources: facts from their CustomResourceDefinition. */
  custom?: CustomResourceFacts;
}

/** What serving a custom resource needs beyond the common facts. */
export interface CustomResourceFacts {
  /** Name of the CustomResourceDefinition. */
  crd: string;
  /** The version's additionalPrinterColumns. */
  printerColumns: { name: string; type: string; format?: string; description?: string; priority?: number; jsonPath: string }[];
  /** The version's scale subresource paths, if it has one. */
  scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
}

/** `group/version` string as in apiVersion; core is just 'v1'. */
export function groupVersion(r: { group: string; version: string }): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

interface Row {
  g: string; v: string; k: string; p: string; ns: boolean;
  short?: string[]; cat?: string[]; sub?: string[]; verbs?: string[];
  storage?: { group: string; resource: string; version: string };
  notPreferred?: boolean;
}

const rows: Row[] = [
  { g: '', v: 'v1', k: 'Namespace', p: 'namespaces', ns: false, short: ['ns'], sub: ['status', 'finalize'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] },
  { g: '', v: 'v1', k: 'Pod', p: 'pods', ns: true, short: ['po'], cat: ['all'], sub: ['status', 'binding', 'eviction', 'log', 'exec', 'attach', 'portforward'] },
  { g: '', v: 'v1', k: 'Node', p: 'nodes', ns: false, short: ['no'], sub: ['status'] },
  { g: '', v: 'v1', k: 'Service', p: 'services', ns: true, short: ['svc'], cat: ['all'], sub: ['status'],
    verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] },
  { g: '', v: 'v1', k: 'Endpoints', p: 'endpoints', ns: true, short: ['ep'] },
  { g: '', v: 'v1', k: 'ConfigMap', p: 'configmaps', ns: true, short: ['cm'] },
  { g: '', v: 'v1', k: 'Secret', p: 'secrets', ns: true },
  { g: '', v: 'v1', k: 'ServiceAccount', p: 'serviceaccounts', ns: true, short: ['sa'], sub: ['token'] },
  { g: '', v: 'v1', k: 'Event', p: 'events', ns: true, short: ['ev'] },
  { g: '', v: 'v1', k: 'ReplicationController', p: 'replicationcontrollers', ns: true, short: ['rc'], cat: ['all'], sub: ['status', 'scale'] },
  { g: '', v: 'v1', k: 'PersistentVolume', p: 'persistentvolumes', ns: false, short: ['pv'], sub: ['status'] },
  { g: '', v: 'v1', k: 'PersistentVolumeClaim', p: 'persistentvolumeclaims', ns: true, short: ['pvc'], sub: ['status'] },
  { g: '', v: 'v1', k: 'LimitRange', p: 'limitranges', ns: true, short: ['limits'] },
  { g: '', v: 'v1', k: 'ResourceQuota', p: 'resourcequotas', ns: true, short: ['quota'], sub: ['status'] },
  { g: 'apps', v: 'v1', k: 'Deployment', p: 'deployments', ns: true, short: ['deploy'], cat: ['all'], sub: ['status', 'scale'] },
  { g: 'apps', v: 'v1', k: 'ReplicaSet', p: 'replicasets', ns: true, short: ['rs'], cat: ['all'], sub: ['status', 'scale'] },
  { g: 'apps', v: 'v1', k: 'StatefulSet', p: 'statefulsets', ns: true, short: ['sts'], cat: ['all'], sub: ['status', 'scale'] },
  { g: 'apps', v: 'v1', k: 'DaemonSet', p: 'daemonsets', ns: true, short: ['ds'], cat: ['all'], sub: ['status'] },
  { g: 'apps', v: 'v1', k: 'ControllerRevision', p: 'controllerrevisions', ns: true },
  { g: 'batch', v: 'v1', k: 'Job', p: 'jobs', ns: true, cat: ['all'], sub: ['status'] },
  { g: 'batch', v: 'v1', k: 'CronJob', p: 'cronjobs', ns: true, short: ['cj'], cat: ['all'], sub: ['status'] },
  { g: 'coordination.k8s.io', v: 'v1', k: 'Lease', p: 'leases', ns: true },
  { g: 'discovery.k8s.io', v: 'v1', k: 'EndpointSlice', p: 'endpointslices', ns: true },
  { g: 'events.k8s.io', v: 'v1', k: 'Event', p: 'events', ns: true, short: ['ev'],
    storage: { group: '', resource: 'events', version: 'v1' } },
  { g: 'rbac.authorization.k8s.io', v: 'v1', k: 'Role', p: 'roles', ns: true },
  { g: 'rbac.authorization.k8s.io', v: 'v1', k: 'ClusterRole', p: 'clusterroles', ns: false },
  { g: 'rbac.authorization.k8s.io', v: 'v1', k: 'RoleBinding', p: 'rolebindings', ns: true },
  { g: 'rbac.authorization.k8s.io', v: 'v1', k: 'ClusterRoleBinding', p: 'clusterrolebindings', ns: false },
  { g: 'policy', v: 'v1', k: 'PodDisruptionBudget', p: 'poddisruptionbudgets', ns: true, short: ['pdb'], sub: ['status'] },
  { g: 'scheduling.k8s.io', v: 'v1', k: 'PriorityClass', p: 'priorityclasses', ns: false, short: ['pc'] },
  { g: 'certificates.k8s.io', v: 'v1', k: 'CertificateSigningRequest', p: 'certificatesigningrequests', ns: false,
    short: ['csr'], sub: ['status', 'approval'] },
  { g: 'autoscaling', v: 'v2', k: 'HorizontalPodAutoscaler', p: 'horizontalpodautoscalers', ns: true, short: ['hpa'],
    cat: ['all'], sub: ['status'] },
  { g: 'autoscaling', v: 'v1', k: 'HorizontalPodAutoscaler', p: 'horizontalpodautoscalers', ns: true, short: ['hpa'],
    cat: ['all'], sub: ['status'], storage: { group: 'autoscaling', resource: 'horizontalpodautoscalers', version: 'v2' },
    notPreferred: true },
  { g: 'networking.k8s.io', v: 'v1', k: 'Ingress', p: 'ingresses', ns: true, short: ['ing'], sub: ['status'] },
  { g: 'networking.k8s.io', v: 'v1', k: 'IngressClass', p: 'ingressclasses', ns: false },
  { g: 'networking.k8s.io', v: 'v1', k: 'NetworkPolicy', p: 'networkpolicies', ns: true, short: ['netpol'] },
  { g: 'storage.k8s.io', v: 'v1', k: 'StorageClass', p: 'storageclasses', ns: false, short: ['sc'] },
  { g: 'apiextensions.k8s.io', v: 'v1', k: 'CustomResourceDefinition', p: 'customresourcedefinitions', ns: false,
    short: ['crd', 'crds'], cat: ['api-extensions'], sub: ['status'] },
];

/** All served resources. */
export const RESOURCES: readonly ResourceInfo[] = rows.map((r) => ({
  group: r.g,
  version: r.v,
  kind: r.k,
  plural: r.p,
  singular: r.k.toLowerCase(),
  namespaced: r.ns,
  shortNames: r.short ?? [],
  categories: r.cat ?? [],
  verbs: r.verbs ?? [...STD_VERBS],
  subresources: r.sub ?? [],
  storage: r.storage ?? { group: r.g, resource: r.p, version: r.v },
  preferred: !r.notPreferred,
}));

/** Group order in discovery, as upstream lists them. */
export const GROUP_ORDER = [
  '', 'apps', 'events.k8s.io', 'autoscaling', 'batch', 'certificates.k8s.io', 'networking.k8s.io', 'policy',
  'rbac.authorization.k8s.io', 'storage.k8s.io', 'apiextensions.k8s.io', 'scheduling.k8s.io', 'coordination.k8s.io',
  'discovery.k8s.io',
];

const byPath = new Map<string, ResourceInfo>();
for (const r of RESOURCES) byPath.set(`${r.group}/${r.version}/${r.plural}`, r);

const listeners = new Set<() => void>();

/**
 * Serve more resources (custom resources of a CustomResourceDefinition).
 * Rows with the same group/version/plural are replaced. Listeners (discovery,
 * OpenAPI) are told once per call.
 */
export function addResources(rs: ResourceInfo[]): void {
  const table = RESOURCES as ResourceInfo[];
  for (const r of rs) {
    const key = `${r.group}/${r.version}/${r.plural}`;
    const old = byPath.get(key);
    if (old) table.splice(table.indexOf(old), 1);
    table.push(r);
    byPath.set(key, r);
  }
  for (const l of listeners) l();
}

/** Stop serving the resources of a CustomResourceDefinition. */
export function removeCustomResources(crd: string): void {
  const table = RESOURCES as ResourceInfo[];
  let changed = false;
  for (let i = table.length - 1; i >= 0; i--) {
    const r = table[i]!;
    if (r.custom?.crd !== crd) continue;
    table.splice(i, 1);
    byPath.delete(`${r.group}/${r.version}/${r.plural}`);
    changed = true;
  }
  if (changed) for (const l of listeners) l();
}

/** Be told whenever the served resources change; returns an unsubscribe function. */
export function onResourcesChanged(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Look up a resource by URL parts; undefined if not served. */
export function findResource(group: string, version: string, plural: string): ResourceInfo | undefined {
  return byPath.get(`${group}/${version}/${plural}`);
}

/** Look up the preferred-version resource of a group and kind. */
export function findByKind(group: string, kind: string, version?: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => r.group === group && r.kind === kind && (version ? r.version === version : r.preferred));
}

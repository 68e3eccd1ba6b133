/**
 * Manifests for the apply e2e tests: for each built-in kind a first
 * version, an edited second version (a field changed, one removed, a list
 * item added or dropped by key) and the checks the object must pass after
 * the second apply. Every manifest carries labels {app, drop}; the second
 * drops `drop`, and a label set by another writer in between must survive.
 */

/** One kind's apply case. */
export interface ApplyCase {
  /** kubectl resource name, e.g. deployments.apps */
  resource: string;
  kind: string;
  apiVersion: string;
  namespaced: boolean;
  /** Body (everything but apiVersion/kind/metadata) of version 1 and 2, as YAML lines. */
  v1: string;
  v2: string;
  /** [path, expected] after v2; expected undefined = absent. Paths are dot/bracket, e.g. spec.ports[0].port */
  checks: [string, unknown][];
  /** Checks for client-side apply only (e.g. the order $setElementOrder sets). */
  csaChecks?: [string, unknown][];
  /** Object name prefix when the kind alone is ambiguous (two Event APIs, two HPA versions); default the kind. */
  id?: string;
  /** Labels the server adds to the object named `name` (a Namespace's kubernetes.io/metadata.name). */
  serverLabels?: (name: string) => Record<string, string>;
  /** Modes to run; default both. */
  modes?: ('csa' | 'ssa')[];
}

export const podSpec = (containers: string) => `      containers:
${containers}`;

export const c1 = `      - name: app
        image: nginx:1
        env: [{name: A, value: "1"}, {name: B, value: "2"}]
        ports: [{containerPort: 80}]
      - name: side
        image: busybox:1
        command: [sleep, "3600"]`;
export const c2 = `      - name: app
        image: nginx:2
        env: [{name: A, value: "1"}, {name: C, value: "3"}]
        ports: [{containerPort: 80}, {containerPort: 443}]`;

export const template = (c: string) => `  selector: {matchLabels: {app: x}}
  template:
    metadata: {labels: {app: x}}
    spec:
${podSpec(c)}`;

export const podChecks = (p: string): [string, unknown][] => [
  [`${p}.containers.length`, 1],
  [`${p}.containers[0].image`, 'nginx:2'],
  [`${p}.containers[0].env`, [{ name: 'A', value: '1' }, { name: 'C', value: '3' }]],
  [`${p}.containers[0].ports.length`, 2],
];

/** The cases, one per kind. */
export const APPLY_CASES: ApplyCase[] = [
  { resource: 'configmaps', kind: 'ConfigMap', apiVersion: 'v1', namespaced: true,
    v1: 'data: {a: "1", b: "2"}', v2: 'data: {a: "9", c: "3"}',
    checks: [['data', { a: '9', c: '3' }]] },
  { resource: 'secrets', kind: 'Secret', apiVersion: 'v1', namespaced: true,
    v1: 'type: Opaque\ndata: {a: MQ==, b: Mg==}', v2: 'type: Opaque\ndata: {a: OQ==}',
    checks: [['data', { a: 'OQ==' }]] },
  { resource: 'serviceaccounts', kind: 'ServiceAccount', apiVersion: 'v1', namespaced: true,
    v1: 'automountServiceAccountToken: true', v2: 'automountServiceAccountToken: false',
    checks: [['automountServiceAccountToken', false]] },
  { resource: 'services', kind: 'Service', apiVersion: 'v1', namespaced: true,
    v1: 'spec:\n  selector: {app: x, tier: web}\n  ports: [{name: http, port: 80, targetPort: 8080}, {name: https, port: 443}]',
    v2: 'spec:\n  selector: {app: x}\n  ports: [{name: http, port: 80, targetPort: 9090}]',
    checks: [['spec.selector', { app: 'x' }], ['spec.ports.length', 1], ['spec.ports[0].targetPort', 9090]] },
  { resource: 'pods', kind: 'Pod', apiVersion: 'v1', namespaced: true,
    v1: `spec:\n  activeDeadlineSeconds: 100\n${podSpec(c1).replace(/^ {4}/gm, '')}`,
    v2: `spec:\n  activeDeadlineSeconds: 50\n${podSpec(c1).replace(/^ {4}/gm, '')}`,
    checks: [['spec.activeDeadlineSeconds', 50], ['spec.containers.length', 2]] },
  { resource: 'deployments.apps', kind: 'Deployment', apiVersion: 'apps/v1', namespaced: true,
    v1: `spec:\n  replicas: 2\n  minReadySeconds: 5\n${template(c1)}`, v2: `spec:\n  replicas: 3\n${template(c2)}`,
    checks: [['spec.replicas', 3], ['spec.minReadySeconds', undefined], ...podChecks('spec.template.spec')] },
  { resource: 'statefulsets.apps', kind: 'StatefulSet', apiVersion: 'apps/v1', namespaced: true,
    v1: `spec:\n  serviceName: s\n  replicas: 1\n${template(c1)}`, v2: `spec:\n  serviceName: s\n  replicas: 2\n${template(c2)}`,
    checks: [['spec.replicas', 2], ...podChecks('spec.template.spec')] },
  { resource: 'daemonsets.apps', kind: 'DaemonSet', apiVersion: 'apps/v1', namespaced: true,
    v1: `spec:\n${template(c1)}`, v2: `spec:\n${template(c2)}`, checks: podChecks('spec.template.spec') },
  { resource: 'replicasets.apps', kind: 'ReplicaSet', apiVersion: 'apps/v1', namespaced: true,
    v1: `spec:\n  replicas: 0\n${template(c1)}`, v2: `spec:\n  replicas: 0\n${template(c2)}`, checks: podChecks('spec.template.spec') },
  { resource: 'cronjobs.batch', kind: 'CronJob', apiVersion: 'batch/v1', namespaced: true,
    v1: 'spec:\n  schedule: "*/5 * * * *"\n  suspend: true\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers: [{name: a, image: busybox:1}, {name: b, image: busybox:1}]',
    v2: 'spec:\n  schedule: "*/10 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers: [{name: a, image: busybox:2}]',
    checks: [['spec.schedule', '*/10 * * * *'], ['spec.suspend', false], ['spec.jobTemplate.spec.template.spec.containers.length', 1],
      ['spec.jobTemplate.spec.template.spec.containers[0].image', 'busybox:2']] },
  { resource: 'roles.rbac.authorization.k8s.io', kind: 'Role', apiVersion: 'rbac.authorization.k8s.io/v1', namespaced: true,
    v1: 'rules: [{apiGroups: [""], resources: [pods], verbs: [get, list]}, {apiGroups: [""], resources: [secrets], verbs: [get]}]',
    v2: 'rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]',
    checks: [['rules', [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]]] },
  { resource: 'clusterroles.rbac.authorization.k8s.io', kind: 'ClusterRole', apiVersion: 'rbac.authorization.k8s.io/v1', namespaced: false,
    v1: 'rules: [{apiGroups: [""], resources: [nodes], verbs: [get, list]}]', v2: 'rules: [{apiGroups: [""], resources: [nodes], verbs: [list]}]',
    checks: [['rules[0].verbs', ['list']]] },
  { resource: 'networkpolicies.networking.k8s.io', kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1', namespaced: true,
    v1: 'spec:\n  podSelector: {matchLabels: {app: x}}\n  policyTypes: [Ingress, Egress]',
    v2: 'spec:\n  podSelector: {matchLabels: {app: z}}\n  policyTypes: [Ingress]',
    checks: [['spec.podSelector', { matchLabels: { app: 'z' } }], ['spec.policyTypes', ['Ingress']]] },
  { resource: 'poddisruptionbudgets.policy', kind: 'PodDisruptionBudget', apiVersion: 'policy/v1', namespaced: true,
    v1: 'spec:\n  minAvailable: 1\n  selector: {matchLabels: {app: x}}', v2: 'spec:\n  maxUnavailable: 2\n  selector: {matchLabels: {app: x}}',
    checks: [['spec.minAvailable', undefined], ['spec.maxUnavailable', 2]] },
  { resource: 'priorityclasses.scheduling.k8s.io', kind: 'PriorityClass', apiVersion: 'scheduling.k8s.io/v1', namespaced: false,
    v1: 'value: 1000\ndescription: first', v2: 'value: 1000',
    checks: [['description', undefined], ['value', 1000]] },
  { resource: 'storageclasses.storage.k8s.io', kind: 'StorageClass', apiVersion: 'storage.k8s.io/v1', namespaced: false,
    v1: 'provisioner: example.com/p\nparameters: {a: "1", b: "2"}', v2: 'provisioner: example.com/p\nparameters: {a: "1", b: "2"}',
    checks: [['parameters', { a: '1', b: '2' }]] },
];

/** The manifest of a case in a namespace, version 1 or 2. */
export function caseYaml(c: ApplyCase, name: string, ns: string, version: 1 | 2): string {
  const labels = version === 1 ? '{app: x, drop: me}' : '{app: x}';
  const nsLine = c.namespaced ? `\n  namespace: ${ns}` : '';
  return `apiVersion: ${c.apiVersion}\nkind: ${c.kind}\nmetadata:\n  name: ${name}${nsLine}\n  labels: ${labels}\n${version === 1 ? c.v1 : c.v2}\n`;
}

/** Read `a.b[0].c` (and `.length`) from an object. */
export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (cur === null || cur === undefined) return undefined;
    const k = m[1] !== undefined ? m[1] : Number(m[2]);
    if (k === 'length' && Array.isArray(cur)) return cur.length;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

/**
 * YAML manifests and small helpers shared by the kubectl e2e tests. Each
 * test gets its own namespace, so the fixtures take the namespace as input.
 */
import { KUBECTL_120, KUBECTL_132 } from './paths.ts';

/** The two kubectl versions issue 2 requires, as [label, path]. */
export const KUBECTLS = [['1.32', KUBECTL_132], ['1.20', KUBECTL_120]] as const;

/** A namespace name unique to one test (DNS-1123 label). */
export function uniqueNamespace(prefix: string, version: string): string {
  return `${prefix}-${version.replace('.', '')}`;
}

/** One Namespace document. */
export function namespaceYaml(ns: string): string {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${ns}
`;
}

/**
 * Namespace, ConfigMap, Secret, Deployment, Service and Job in one
 * multi-document file. The Secret uses base64 `data`, not `stringData`:
 * `stringData` is write-only, so a second apply always reports it
 * "configured" (upstream behaves the same way).
 */
export function multiDocYaml(ns: string): string {
  return `${namespaceYaml(ns)}---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: ${ns}
  labels:
    app: web
    tier: config
data:
  mode: fast
  level: "3"
---
apiVersion: v1
kind: Secret
metadata:
  name: creds
  namespace: ${ns}
  labels:
    app: web
type: Opaque
data:
  password: ${Buffer.from('hunter2').toString('base64')}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${ns}
  labels:
    app: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: ${ns}
  labels:
    app: web
spec:
  selector:
    app: web
  ports:
  - name: http
    port: 80
    targetPort: 80
---
apiVersion: batch/v1
kind: Job
metadata:
  name: once
  namespace: ${ns}
spec:
  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox:1.36
        command: ["true"]
`;
}

/** The `kind/name` lines kubectl prints for {@link multiDocYaml}, in file order. */
export const MULTI_DOC_OBJECTS = (ns: string): string[] => [
  `namespace/${ns}`, 'configmap/settings', 'secret/creds', 'deployment.apps/web', 'service/web', 'job.batch/once',
];

/** A ConfigMap document with the given labels and data. */
export function configMapYaml(ns: string, name: string, labels: Record<string, string> = {}, data: Record<string, string> = {}): string {
  const lines = [`apiVersion: v1`, `kind: ConfigMap`, `metadata:`, `  name: ${name}`, `  namespace: ${ns}`];
  if (Object.keys(labels).length) {
    lines.push('  labels:', ...Object.entries(labels).map(([k, v]) => `    ${k}: "${v}"`));
  }
  if (Object.keys(data).length) {
    lines.push('data:', ...Object.entries(data).map(([k, v]) => `  ${k}: "${v}"`));
  }
  return `${lines.join('\n')}\n`;
}

/** Table rows of `kubectl get` output (header dropped), split on whitespace. */
export function tableRows(stdout: string): string[][] {
  return stdout.trim().split('\n').slice(1).filter((l) => l.trim() !== '').map((l) => l.trim().split(/\s+/));
}

/** The header columns of `kubectl get` table output. */
export function tableHeader(stdout: string): string[] {
  return (stdout.trim().split('\n')[0] ?? '').trim().split(/\s{2,}/);
}

/**
 * A small realistic Pod (~1 KB of JSON, one container), the object most
 * clusters write most often.
 */

/** A Pod manifest named `name` in `namespace`. */
export function podBody(namespace: string, name: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      labels: { app: 'bench', tier: 'backend', 'pod-template-hash': '5d8f7c9b6d' },
      annotations: { 'bench.k8ts.io/purpose': 'apiserver throughput and latency measurement' },
    },
    spec: {
      containers: [{
        name: 'app',
        image: 'registry.local/bench/app:1.4.2',
        command: ['/bin/app', '--listen=:8080', '--log-level=info'],
        ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
        env: [{ name: 'MODE', value: 'production' }, { name: 'REGION', value: 'local' }],
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
        readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 },
      }],
      nodeSelector: { 'kubernetes.io/os': 'linux' },
    },
  };
}

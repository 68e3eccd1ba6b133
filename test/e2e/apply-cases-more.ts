/**
 * Apply cases for the remaining built-in kinds (see apply-cases.ts for the
 * shape): core, apps, batch, coordination, discovery, events, RBAC
 * bindings, certificates, autoscaling v1 and v2, networking; plus the
 * client-side directives kubectl sends: `$setElementOrder` (the order of a
 * merged list follows the file) and `$retainKeys` (a Deployment switched to
 * Recreate loses rollingUpdate, defaults included). Quota and limit range
 * come last: they constrain what is created in the namespace after them.
 */
import { c1, template, type ApplyCase } from './apply-cases.ts';

const CSR = 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0KTUlIUE1IY0NBUUF3RlRFVE1CRUdBMVVFQXd3S1lYQndiSGt0ZEdWemREQlpNQk1HQnlxR1NNNDlBZ0VHQ0NxRwpTTTQ5QXdFSEEwSUFCTDFPSzRYOURrTVFvMmF0c2NvRWRLbS9vQ3lydUdrZHVINFphMkVqV0VXZGw5elNzd3lUClQwQ01WL3lEUjM3UGx4TWhYdFRjaXJ0Q21wM1RWK1dXTWhTZ0FEQUtCZ2dxaGtqT1BRUURBZ05JQURCRkFpRUEKODdxWnYrN0dVZzFuam1PaEg3VSsyUnhGaHJMalJweFQxZmR2ZklINmdEVUNJRVhHZWJ2aXF6YnU5ajVFdWxhcwpPNk9ieHhKS3NPRUk3T2dsV0x0YkdLcTYKLS0tLS1FTkQgQ0VSVElGSUNBVEUgUkVRVUVTVC0tLS0tCg==';
const RBAC = 'rbac.authorization.k8s.io';
const user = (name: string) => ({ kind: 'User', apiGroup: RBAC, name });

/** The second set of cases. */
export const MORE_APPLY_CASES: ApplyCase[] = [
  { resource: 'namespaces', kind: 'Namespace', apiVersion: 'v1', namespaced: false, v1: '', v2: '',
    serverLabels: (name) => ({ 'kubernetes.io/metadata.name': name }),
    checks: [['spec.finalizers', ['kubernetes']], ['status.phase', 'Active']] },
  { resource: 'nodes', kind: 'Node', apiVersion: 'v1', namespaced: false,
    v1: 'spec:\n  unschedulable: true\n  providerID: fake://apply', v2: 'spec:\n  providerID: fake://apply',
    checks: [['spec.unschedulable', undefined], ['spec.providerID', 'fake://apply']] },
  { resource: 'endpoints', kind: 'Endpoints', apiVersion: 'v1', namespaced: true,
    v1: 'subsets: [{addresses: [{ip: 10.9.0.1}, {ip: 10.9.0.2}], ports: [{name: http, port: 80, protocol: TCP}, {name: https, port: 443, protocol: TCP}]}]',
    v2: 'subsets: [{addresses: [{ip: 10.9.0.1}], ports: [{name: http, port: 8080, protocol: TCP}]}]',
    checks: [['subsets', [{ addresses: [{ ip: '10.9.0.1' }], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] }]]] },
  { resource: 'events', kind: 'Event', apiVersion: 'v1', namespaced: true, id: 'coreevent',
    v1: 'involvedObject: {kind: Pod, name: p, namespace: apply-kinds}\nreason: Tested\nmessage: first\ntype: Normal\naction: Testing\nsource: {component: tester}',
    v2: 'involvedObject: {kind: Pod, name: p, namespace: apply-kinds}\nreason: Tested\nmessage: second\ntype: Warning\nsource: {component: tester}',
    checks: [['message', 'second'], ['type', 'Warning'], ['action', undefined], ['involvedObject.name', 'p']] },
  { resource: 'events.events.k8s.io', kind: 'Event', apiVersion: 'events.k8s.io/v1', namespaced: true, id: 'newevent',
    v1: 'eventTime: "2024-01-01T00:00:00.000000Z"\nreportingController: example.com/tester\nreportingInstance: t1\naction: Testing\nreason: Tested\n'
      + 'type: Normal\nnote: first\nregarding: {kind: Pod, name: p, namespace: apply-kinds}\nrelated: {kind: Node, name: node1}',
    v2: 'eventTime: "2024-01-01T00:00:00.000000Z"\nreportingController: example.com/tester\nreportingInstance: t1\naction: Testing\nreason: Tested\n'
      + 'type: Normal\nnote: second\nregarding: {kind: Pod, name: p, namespace: apply-kinds}',
    checks: [['note', 'second'], ['related', undefined], ['regarding.name', 'p'], ['reportingController', 'example.com/tester']] },
  { resource: 'replicationcontrollers', kind: 'ReplicationController', apiVersion: 'v1', namespaced: true,
    v1: `spec:\n  replicas: 0\n  minReadySeconds: 3\n${template(c1).replace(/ {2}selector: \{matchLabels: \{app: x\}\}/, '  selector: {app: x}')}`,
    v2: `spec:\n  replicas: 0\n${template(c1.replace('nginx:1', 'nginx:2').replace('{name: B, value: "2"}', '{name: C, value: "3"}')
      .replace('[{containerPort: 80}]', '[{containerPort: 80}, {containerPort: 443}]')).replace(/ {2}selector: \{matchLabels: \{app: x\}\}/, '  selector: {app: x}')}`,
    checks: [['spec.minReadySeconds', undefined], ['spec.template.spec.containers.length', 2], ['spec.template.spec.containers[0].image', 'nginx:2'],
      ['spec.template.spec.containers[0].env', [{ name: 'A', value: '1' }, { name: 'C', value: '3' }]], ['spec.template.spec.containers[0].ports.length', 2]] },
  { resource: 'persistentvolumes', kind: 'PersistentVolume', apiVersion: 'v1', namespaced: false,
    v1: 'spec:\n  capacity: {storage: 1Gi}\n  accessModes: [ReadWriteOnce]\n  persistentVolumeReclaimPolicy: Retain\n  mountOptions: [ro, noatime]\n  hostPath: {path: /tmp/apply-pv}',
    v2: 'spec:\n  capacity: {storage: 2Gi}\n  accessModes: [ReadWriteOnce]\n  persistentVolumeReclaimPolicy: Retain\n  hostPath: {path: /tmp/apply-pv}',
    checks: [['spec.capacity', { storage: '2Gi' }], ['spec.mountOptions', undefined], ['spec.hostPath.path', '/tmp/apply-pv']] },
  { resource: 'persistentvolumeclaims', kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespaced: true,
    v1: 'spec:\n  accessModes: [ReadWriteOnce]\n  storageClassName: manual\n  resources: {requests: {storage: 1Gi}}',
    v2: 'spec:\n  accessModes: [ReadWriteOnce]\n  storageClassName: manual\n  resources: {requests: {storage: 1Gi}}',
    checks: [['spec.accessModes', ['ReadWriteOnce']], ['spec.storageClassName', 'manual'], ['spec.resources.requests', { storage: '1Gi' }]] },
  { resource: 'controllerrevisions.apps', kind: 'ControllerRevision', apiVersion: 'apps/v1', namespaced: true,
    v1: 'revision: 1\ndata: {spec: {template: {metadata: {labels: {app: x}}}}}', v2: 'revision: 2\ndata: {spec: {template: {metadata: {labels: {app: x}}}}}',
    checks: [['revision', 2], ['data', { spec: { template: { metadata: { labels: { app: 'x' } } } } }]] },
  { resource: 'jobs.batch', kind: 'Job', apiVersion: 'batch/v1', namespaced: true,
    v1: 'spec:\n  suspend: true\n  parallelism: 2\n  activeDeadlineSeconds: 100\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: a, image: busybox:1}]',
    v2: 'spec:\n  suspend: true\n  parallelism: 1\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: a, image: busybox:1}]',
    checks: [['spec.parallelism', 1], ['spec.activeDeadlineSeconds', undefined], ['spec.backoffLimit', 6], ['spec.template.spec.containers[0].image', 'busybox:1']] },
  { resource: 'leases.coordination.k8s.io', kind: 'Lease', apiVersion: 'coordination.k8s.io/v1', namespaced: true,
    v1: 'spec: {holderIdentity: a, leaseDurationSeconds: 10, leaseTransitions: 1}', v2: 'spec: {holderIdentity: b, leaseTransitions: 1}',
    checks: [['spec', { holderIdentity: 'b', leaseTransitions: 1 }]] },
  { resource: 'endpointslices.discovery.k8s.io', kind: 'EndpointSlice', apiVersion: 'discovery.k8s.io/v1', namespaced: true,
    v1: 'addressType: IPv4\nendpoints: [{addresses: [10.9.0.1]}, {addresses: [10.9.0.2]}]\nports: [{name: http, port: 80, protocol: TCP}]',
    v2: 'addressType: IPv4\nendpoints: [{addresses: [10.9.0.1], conditions: {ready: true}}]\nports: [{name: http, port: 8080, protocol: TCP}]',
    checks: [['endpoints', [{ addresses: ['10.9.0.1'], conditions: { ready: true } }]], ['ports', [{ name: 'http', port: 8080, protocol: 'TCP' }]]] },
  { resource: 'rolebindings.rbac.authorization.k8s.io', kind: 'RoleBinding', apiVersion: `${RBAC}/v1`, namespaced: true,
    v1: `roleRef: {apiGroup: ${RBAC}, kind: Role, name: r}\nsubjects: [{kind: User, apiGroup: ${RBAC}, name: alice}, {kind: User, apiGroup: ${RBAC}, name: bob}]`,
    v2: `roleRef: {apiGroup: ${RBAC}, kind: Role, name: r}\nsubjects: [{kind: User, apiGroup: ${RBAC}, name: alice}, {kind: User, apiGroup: ${RBAC}, name: carol}]`,
    checks: [['subjects', [user('alice'), user('carol')]], ['roleRef.name', 'r']] },
  { resource: 'clusterrolebindings.rbac.authorization.k8s.io', kind: 'ClusterRoleBinding', apiVersion: `${RBAC}/v1`, namespaced: false,
    v1: `roleRef: {apiGroup: ${RBAC}, kind: ClusterRole, name: view}\nsubjects: [{kind: ServiceAccount, name: a, namespace: apply-kinds}, {kind: User, apiGroup: ${RBAC}, name: bob}]`,
    v2: `roleRef: {apiGroup: ${RBAC}, kind: ClusterRole, name: view}\nsubjects: [{kind: ServiceAccount, name: a, namespace: apply-kinds}]`,
    checks: [['subjects', [{ kind: 'ServiceAccount', name: 'a', namespace: 'apply-kinds' }]]] },
  { resource: 'certificatesigningrequests.certificates.k8s.io', kind: 'CertificateSigningRequest', apiVersion: 'certificates.k8s.io/v1', namespaced: false,
    v1: `spec:\n  request: ${CSR}\n  signerName: example.com/apply\n  usages: [digital signature, client auth]`,
    v2: `spec:\n  request: ${CSR}\n  signerName: example.com/apply\n  usages: [digital signature, client auth]`,
    checks: [['spec.signerName', 'example.com/apply'], ['spec.usages', ['digital signature', 'client auth']], ['spec.request', CSR]] },
  { resource: 'horizontalpodautoscalers.v2.autoscaling', kind: 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v2', namespaced: true, id: 'hpa2',
    v1: 'spec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: d}\n  minReplicas: 2\n  maxReplicas: 5\n'
      + '  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}}, {type: Resource, resource: {name: memory, target: {type: Utilization, averageUtilization: 70}}}]',
    v2: 'spec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: d}\n  maxReplicas: 3\n'
      + '  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 60}}}]',
    checks: [['spec.minReplicas', 1], ['spec.maxReplicas', 3], ['spec.metrics', [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }]]] },
  { resource: 'horizontalpodautoscalers.v1.autoscaling', kind: 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v1', namespaced: true, id: 'hpa1',
    v1: 'spec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: d}\n  minReplicas: 2\n  maxReplicas: 5\n  targetCPUUtilizationPercentage: 50',
    v2: 'spec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: d}\n  maxReplicas: 4\n  targetCPUUtilizationPercentage: 70',
    checks: [['spec.minReplicas', 1], ['spec.maxReplicas', 4], ['spec.targetCPUUtilizationPercentage', 70]] },
  { resource: 'ingressclasses.networking.k8s.io', kind: 'IngressClass', apiVersion: 'networking.k8s.io/v1', namespaced: false,
    v1: 'spec:\n  controller: example.com/ingress\n  parameters: {apiGroup: example.com, kind: Params, name: p, scope: Cluster}',
    v2: 'spec:\n  controller: example.com/ingress',
    checks: [['spec', { controller: 'example.com/ingress' }]] },
  { resource: 'ingresses.networking.k8s.io', kind: 'Ingress', apiVersion: 'networking.k8s.io/v1', namespaced: true,
    v1: 'spec:\n  ingressClassName: ingressclass-csa\n  tls: [{hosts: [a.example.com], secretName: t}]\n'
      + '  rules: [{host: a.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: s, port: {number: 80}}}}]}}]',
    v2: 'spec:\n  ingressClassName: ingressclass-csa\n'
      + '  rules: [{host: b.example.com, http: {paths: [{path: /b, pathType: Exact, backend: {service: {name: s, port: {name: http}}}}]}}]',
    checks: [['spec.tls', undefined], ['spec.rules', [{ host: 'b.example.com', http: { paths: [{ path: '/b', pathType: 'Exact', backend: { service: { name: 's', port: { name: 'http' } } } }] } }]]] },
  // $setElementOrder: kubectl sends the file's order of containers, env and ports; the merged lists follow it.
  { resource: 'deployments.apps', kind: 'Deployment', apiVersion: 'apps/v1', namespaced: true, id: 'order',
    v1: `spec:\n  replicas: 0\n${template(c1)}`,
    v2: `spec:\n  replicas: 0\n${template(`      - name: side
        image: busybox:1
        command: [sleep, "3600"]
      - name: app
        image: nginx:1
        env: [{name: C, value: "3"}, {name: A, value: "1"}]
        ports: [{containerPort: 443}, {containerPort: 80}]`)}`,
    checks: [['spec.template.spec.containers.length', 2]],
    csaChecks: [['spec.template.spec.containers[0].name', 'side'], ['spec.template.spec.containers[1].name', 'app'],
      ['spec.template.spec.containers[1].env', [{ name: 'C', value: '3' }, { name: 'A', value: '1' }]],
      ['spec.template.spec.containers[1].ports[0].containerPort', 443], ['spec.template.spec.containers[1].ports[1].containerPort', 80]] },
  // $retainKeys: strategy RollingUpdate -> Recreate must drop rollingUpdate (also its defaulted maxUnavailable), and back.
  { resource: 'deployments.apps', kind: 'Deployment', apiVersion: 'apps/v1', namespaced: true, id: 'retain', modes: ['csa'],
    v1: `spec:\n  replicas: 0\n  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 2}}\n${template(c1)}`,
    v2: `spec:\n  replicas: 0\n  strategy: {type: Recreate}\n${template(c1)}`,
    checks: [['spec.strategy', { type: 'Recreate' }]] },
  { resource: 'deployments.apps', kind: 'Deployment', apiVersion: 'apps/v1', namespaced: true, id: 'retainback', modes: ['csa'],
    v1: `spec:\n  replicas: 0\n  strategy: {type: Recreate}\n${template(c1)}`,
    v2: `spec:\n  replicas: 0\n  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 3}}\n${template(c1)}`,
    checks: [['spec.strategy', { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: '25%' } }]] },
  { resource: 'resourcequotas', kind: 'ResourceQuota', apiVersion: 'v1', namespaced: true,
    v1: 'spec:\n  hard: {configmaps: "100", secrets: "100"}', v2: 'spec:\n  hard: {configmaps: "50"}',
    checks: [['spec', { hard: { configmaps: '50' } }]] },
  { resource: 'limitranges', kind: 'LimitRange', apiVersion: 'v1', namespaced: true,
    v1: 'spec:\n  limits: [{type: Container, default: {cpu: 500m, memory: 128Mi}, defaultRequest: {cpu: 500m, memory: 128Mi}, max: {cpu: "4"}}]',
    v2: 'spec:\n  limits: [{type: Container, default: {cpu: 250m}, defaultRequest: {cpu: 250m}}]',
    checks: [['spec.limits', [{ type: 'Container', default: { cpu: '250m' }, defaultRequest: { cpu: '250m' } }]]] },
];



import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validators, invalidError, validateObjectMeta } from './index.ts';
import { defaulters } from '../defaults/index.ts';
import type { FieldError, KObject } from '../types.ts';

const CRD = 'apiextensions.k8s.io/CustomResourceDefinition';

/** A valid, defaulted object of each kind, used as the base of every case. */
function valid(key: string): KObject {
  const pod = { containers: [{ name: 'c', image: 'nginx:1' }] };
  const tmpl = { metadata: { labels: { app: 'a' } }, spec: pod };
  const sel = { matchLabels: { app: 'a' } };
  const base: Record<string, KObject> = {
    '/Pod': { metadata: { name: 'p', namespace: 'd' }, spec: structuredClone(pod) },
    '/Service': { metadata: { name: 's', namespace: 'd' }, spec: { selector: { app: 'a' }, ports: [{ port: 80 }] } },
    '/ConfigMap': { metadata: { name: 'cm', namespace: 'd' }, data: { 'a.b': 'x' } },
    '/Secret': { metadata: { name: 's', namespace: 'd' }, data: { k: 'eA==' } },
    '/Namespace': { metadata: { name: 'ns' } },
    '/Node': { metadata: { name: 'n1' }, spec: { taints: [{ key: 'k', effect: 'NoSchedule' }] } },
    '/ReplicationController': { metadata: { name: 'rc', namespace: 'd' }, spec: { selector: { app: 'a' }, template: structuredClone(tmpl) } },
    '/PersistentVolume': { metadata: { name: 'pv' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/x' } } },
    '/PersistentVolumeClaim': { metadata: { name: 'c', namespace: 'd' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
    'apps/Deployment': { metadata: { name: 'dep', namespace: 'd' }, spec: { selector: structuredClone(sel), template: structuredClone(tmpl) } },
    'apps/ReplicaSet': { metadata: { name: 'rs', namespace: 'd' }, spec: { selector: structuredClone(sel), template: structuredClone(tmpl) } },
    'apps/StatefulSet': { metadata: { name: 'ss', namespace: 'd' }, spec: { serviceName: 's', selector: structuredClone(sel), template: structuredClone(tmpl) } },
    'apps/DaemonSet': { metadata: { name: 'ds', namespace: 'd' }, spec: { selector: structuredClone(sel), template: structuredClone(tmpl) } },
    'batch/Job': { metadata: { name: 'j', namespace: 'd', uid: 'u1' }, spec: { template: { spec: { ...structuredClone(pod), restartPolicy: 'Never' } } } },
    'batch/CronJob': { metadata: { name: 'cj', namespace: 'd' }, spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { ...structuredClone(pod), restartPolicy: 'OnFailure' } } } } } },
    'rbac.authorization.k8s.io/Role': { metadata: { name: 'r:x', namespace: 'd' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] },
    'rbac.authorization.k8s.io/ClusterRoleBinding': { metadata: { name: 'b' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'r' }, subjects: [{ kind: 'ServiceAccount', name: 'sa', namespace: 'd' }] },
    'networking.k8s.io/Ingress': { metadata: { name: 'i', namespace: 'd' }, spec: { rules: [{ host: 'a.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 's', port: { number: 80 } } } }] } }] } },
    'networking.k8s.io/NetworkPolicy': { metadata: { name: 'np', namespace: 'd' }, spec: { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] } },
    'scheduling.k8s.io/PriorityClass': { metadata: { name: 'high' }, value: 1000 },
    'storage.k8s.io/StorageClass': { metadata: { name: 'sc' }, provisioner: 'example.com/x' },
    'autoscaling/HorizontalPodAutoscaler': { apiVersion: 'autoscaling/v2', metadata: { name: 'h', namespace: 'd' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'x' }, maxReplicas: 3 } },
    'policy/PodDisruptionBudget': { metadata: { name: 'pdb', namespace: 'd' }, spec: { minAvailable: 1, selector: structuredClone(sel) } },
    'coordination.k8s.io/Lease': { metadata: { name: 'l', namespace: 'd' }, spec: { leaseDurationSeconds: 10 } },
    'apiextensions.k8s.io/CustomResourceDefinition': {
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList', shortNames: ['wd'] },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }, { name: 'v1beta1', served: true, storage: false }],
      },
      status: { conditions: [{ type: 'Established', status: 'True' }] },
    },
  };
  const o = structuredClone(base[key]);
  defaulters[key]?.(o);
  return o;
}

interface Case {
  key: string;
  name: string;
  mutate: (o: KObject) => void;
  /** Expected first error: field, reason, and a message prefix. Omit for "valid". */
  want?: [string, string, string];
  /** For update cases: mutate a copy of the valid object, validate with the original as old. */
  update?: boolean;
}

const cases: Case[] = [
  // ObjectMeta
  { key: '/Pod', name: 'valid pod', mutate: () => {} },
  { key: '/Pod', name: 'name required', mutate: (o) => { delete o.metadata.name; }, want: ['metadata.name', 'FieldValueRequired', 'Required value: name or generateName is required'] },
  { key: '/Pod', name: 'name subdomain', mutate: (o) => { o.metadata.name = 'Foo'; }, want: ['metadata.name', 'FieldValueInvalid', 'Invalid value: "Foo": a lowercase RFC 1123 subdomain must consist of'] },
  { key: '/Pod', name: 'dotted name ok', mutate: (o) => { o.metadata.name = 'a.b-c'; } },
  { key: '/Pod', name: 'namespace required', mutate: (o) => { delete o.metadata.namespace; }, want: ['metadata.namespace', 'FieldValueRequired', 'Required value'] },
  { key: '/Namespace', name: 'namespace forbidden on cluster kinds', mutate: (o) => { o.metadata.namespace = 'x'; }, want: ['metadata.namespace', 'FieldValueForbidden', 'Forbidden: not allowed on this type'] },
  { key: '/Pod', name: 'label key', mutate: (o) => { o.metadata.labels = { 'a/b/c': 'x' }; }, want: ['metadata.labels', 'FieldValueInvalid', 'Invalid value: "a/b/c": a qualified name must consist of'] },
  { key: '/Pod', name: 'label value', mutate: (o) => { o.metadata.labels = { a: '-x' }; }, want: ['metadata.labels', 'FieldValueInvalid', 'Invalid value: "-x": a valid label must be an empty string'] },
  { key: '/Pod', name: 'prefixed label ok', mutate: (o) => { o.metadata.labels = { 'example.com/a_b': 'v.1', e: '' }; } },
  { key: '/Pod', name: 'annotation key', mutate: (o) => { o.metadata.annotations = { '_x': 'y' }; }, want: ['metadata.annotations', 'FieldValueInvalid', 'Invalid value: "_x": name part must consist of'] },
  { key: '/Pod', name: 'annotations too big', mutate: (o) => { o.metadata.annotations = { a: 'x'.repeat(262144) }; }, want: ['metadata.annotations', 'FieldValueTooLong', 'Too long: may not be more than 262144 bytes'] },
  { key: '/Pod', name: 'owner ref uid', mutate: (o) => { o.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'X', name: 'x', uid: '' }]; }, want: ['metadata.ownerReferences.uid', 'FieldValueInvalid', 'Invalid value: "": uid must not be empty'] },
  // Pod spec
  { key: '/Pod', name: 'containers required', mutate: (o) => { o.spec.containers = []; }, want: ['spec.containers', 'FieldValueRequired', 'Required value'] },
  { key: '/Pod', name: 'image required', mutate: (o) => { delete o.spec.containers[0].image; }, want: ['spec.containers[0].image', 'FieldValueRequired', 'Required value'] },
  { key: '/Pod', name: 'container name label', mutate: (o) => { o.spec.containers[0].name = 'A_B'; }, want: ['spec.containers[0].name', 'FieldValueInvalid', 'Invalid value: "A_B": a lowercase RFC 1123 label'] },
  { key: '/Pod', name: 'duplicate container', mutate: (o) => { o.spec.containers.push({ ...o.spec.containers[0] }); }, want: ['spec.containers[1].name', 'FieldValueDuplicate', 'Duplicate value: "c"'] },
  { key: '/Pod', name: 'restartPolicy enum', mutate: (o) => { o.spec.restartPolicy = 'Sometimes'; }, want: ['spec.restartPolicy', 'FieldValueNotSupported', 'Unsupported value: "Sometimes": supported values: "Always", "Never", "OnFailure"'] },
  { key: '/Pod', name: 'pull policy enum', mutate: (o) => { o.spec.containers[0].imagePullPolicy = 'Maybe'; }, want: ['spec.containers[0].imagePullPolicy', 'FieldValueNotSupported', 'Unsupported value: "Maybe"'] },
  { key: '/Pod', name: 'port range', mutate: (o) => { o.spec.containers[0].ports = [{ containerPort: 70000, protocol: 'TCP' }]; }, want: ['spec.containers[0].ports[0].containerPort', 'FieldValueInvalid', 'Invalid value: 70000: must be between 1 and 65535, inclusive'] },
  { key: '/Pod', name: 'duplicate port names', mutate: (o) => { o.spec.containers[0].ports = [{ name: 'http', containerPort: 1, protocol: 'TCP' }, { name: 'http', containerPort: 2, protocol: 'TCP' }]; }, want: ['spec.containers[0].ports[1].name', 'FieldValueDuplicate', 'Duplicate value: "http"'] },
  { key: '/Pod', name: 'duplicate volumes', mutate: (o) => { o.spec.volumes = [{ name: 'v', emptyDir: {} }, { name: 'v', emptyDir: {} }]; }, want: ['spec.volumes[1].name', 'FieldValueDuplicate', 'Duplicate value: "v"'] },
  { key: '/Pod', name: 'mount of unknown volume', mutate: (o) => { o.spec.containers[0].volumeMounts = [{ name: 'nope', mountPath: '/x' }]; }, want: ['spec.containers[0].volumeMounts[0].name', 'FieldValueNotFound', 'Not found: "nope"'] },
  { key: '/Pod', name: 'requests above limits', mutate: (o) => { o.spec.containers[0].resources = { requests: { cpu: '2' }, limits: { cpu: '1' } }; }, want: ['spec.containers[0].resources.requests', 'FieldValueInvalid', 'Invalid value: "2": must be less than or equal to cpu limit of 1'] },
  { key: '/Pod', name: 'bad quantity', mutate: (o) => { o.spec.containers[0].resources = { limits: { memory: '1GG' } }; }, want: ['spec.containers[0].resources.limits[memory]', 'FieldValueInvalid', 'Invalid value: "1GG": quantities must match'] },
  { key: '/Pod', name: 'liveness successThreshold', mutate: (o) => { o.spec.containers[0].livenessProbe = { exec: { command: ['x'] }, successThreshold: 2 }; }, want: ['spec.containers[0].livenessProbe.successThreshold', 'FieldValueInvalid', 'Invalid value: 2: must be 1'] },
  { key: '/Pod', name: 'volume type required', mutate: (o) => { o.spec.volumes = [{ name: 'v' }]; }, want: ['spec.volumes[0]', 'FieldValueRequired', 'Required value: must specify a volume type'] },
  { key: '/Pod', name: 'defaultMode range', mutate: (o) => { o.spec.volumes = [{ name: 'v', secret: { secretName: 's', defaultMode: 1000 } }]; }, want: ['spec.volumes[0].secret.defaultMode', 'FieldValueInvalid', 'Invalid value: 1000: must be a number between 0 and 0777'] },
  // Pod update
  { key: '/Pod', name: 'image update ok', update: true, mutate: (o) => { o.spec.containers[0].image = 'nginx:2'; } },
  { key: '/Pod', name: 'toleration addition ok', update: true, mutate: (o) => { o.spec.tolerations.push({ key: 'x', operator: 'Exists' }); } },
  { key: '/Pod', name: 'spec change forbidden', update: true, mutate: (o) => { o.spec.restartPolicy = 'Never'; }, want: ['spec', 'FieldValueForbidden', 'Forbidden: pod updates may not change fields other than'] },
  { key: '/Pod', name: 'name immutable', update: true, mutate: (o) => { o.metadata.name = 'q'; }, want: ['metadata.name', 'FieldValueInvalid', 'Invalid value: "q": field is immutable'] },
  // Workloads
  { key: 'apps/Deployment', name: 'valid deployment', mutate: () => {} },
  { key: 'apps/Deployment', name: 'selector required', mutate: (o) => { delete o.spec.selector; }, want: ['spec.selector', 'FieldValueRequired', 'Required value'] },
  { key: 'apps/Deployment', name: 'selector must match', mutate: (o) => { o.spec.template.metadata.labels = { app: 'b' }; }, want: ['spec.template.metadata.labels', 'FieldValueInvalid', 'Invalid value: {"app":"b"}: `selector` does not match template `labels`'] },
  { key: 'apps/Deployment', name: 'replicas >= 0', mutate: (o) => { o.spec.replicas = -1; }, want: ['spec.replicas', 'FieldValueInvalid', 'Invalid value: -1: must be greater than or equal to 0'] },
  { key: 'apps/Deployment', name: 'template restartPolicy Always', mutate: (o) => { o.spec.template.spec.restartPolicy = 'Never'; }, want: ['spec.template.spec.restartPolicy', 'FieldValueNotSupported', 'Unsupported value: "Never": supported values: "Always"'] },
  { key: 'apps/Deployment', name: 'template image', mutate: (o) => { o.spec.template.spec.containers[0].image = ''; }, want: ['spec.template.spec.containers[0].image', 'FieldValueRequired', 'Required value'] },
  { key: 'apps/Deployment', name: 'maxUnavailable and maxSurge 0', mutate: (o) => { o.spec.strategy.rollingUpdate = { maxUnavailable: 0, maxSurge: 0 }; }, want: ['spec.strategy.rollingUpdate.maxUnavailable', 'FieldValueInvalid', 'Invalid value: 0: may not be 0 when `maxSurge` is 0'] },
  { key: 'apps/Deployment', name: 'selector immutable', update: true, mutate: (o) => { o.spec.selector = { matchLabels: { app: 'a', x: 'y' } }; o.spec.template.metadata.labels.x = 'y'; }, want: ['spec.selector', 'FieldValueInvalid', 'Invalid value: {"matchLabels":{"app":"a","x":"y"}}: field is immutable'] },
  { key: 'apps/Deployment', name: 'scale ok', update: true, mutate: (o) => { o.spec.replicas = 5; } },
  { key: 'apps/ReplicaSet', name: 'rs selector immutable', update: true, mutate: (o) => { o.spec.selector.matchLabels.z = '1'; o.spec.template.metadata.labels.z = '1'; }, want: ['spec.selector', 'FieldValueInvalid', 'Invalid value:'] },
  { key: 'apps/StatefulSet', name: 'sts podManagementPolicy', mutate: (o) => { o.spec.podManagementPolicy = 'Random'; }, want: ['spec.podManagementPolicy', 'FieldValueNotSupported', 'Unsupported value: "Random": supported values: "OrderedReady", "Parallel"'] },
  { key: 'apps/StatefulSet', name: 'sts forbidden update', update: true, mutate: (o) => { o.spec.serviceName = 'other'; }, want: ['spec', 'FieldValueForbidden', "Forbidden: updates to statefulset spec for fields other than 'replicas'"] },
  { key: 'apps/StatefulSet', name: 'sts template update ok', update: true, mutate: (o) => { o.spec.template.spec.containers[0].image = 'x:2'; } },
  { key: 'apps/DaemonSet', name: 'ds strategy', mutate: (o) => { o.spec.updateStrategy.type = 'Bad'; }, want: ['spec.updateStrategy.type', 'FieldValueNotSupported', 'Unsupported value: "Bad"'] },
  { key: '/ReplicationController', name: 'rc selector match', mutate: (o) => { o.spec.selector = { app: 'z' }; }, want: ['spec.template.metadata.labels', 'FieldValueInvalid', 'Invalid value: {"app":"a"}: `selector` does not match template `labels`'] },
  // Jobs
  { key: 'batch/Job', name: 'valid job', mutate: () => {} },
  { key: 'batch/Job', name: 'job restartPolicy', mutate: (o) => { o.spec.template.spec.restartPolicy = 'Always'; }, want: ['spec.template.spec.restartPolicy', 'FieldValueNotSupported', 'Unsupported value: "Always": supported values: "OnFailure", "Never"'] },
  { key: 'batch/Job', name: 'job backoffLimit', mutate: (o) => { o.spec.backoffLimit = -1; }, want: ['spec.backoffLimit', 'FieldValueInvalid', 'Invalid value: -1: must be greater than or equal to 0'] },
  { key: 'batch/Job', name: 'indexed needs completions', mutate: (o) => { o.spec.completionMode = 'Indexed'; delete o.spec.completions; }, want: ['spec.completions', 'FieldValueRequired', 'Required value: when completion mode is Indexed'] },
  { key: 'batch/Job', name: 'job template immutable', update: true, mutate: (o) => { o.spec.template.spec.containers[0].image = 'x:2'; }, want: ['spec.template', 'FieldValueInvalid', 'Invalid value:'] },
  { key: 'batch/Job', name: 'job parallelism update ok', update: true, mutate: (o) => { o.spec.parallelism = 4; } },
  { key: 'batch/CronJob', name: 'valid cronjob', mutate: () => {} },
  { key: 'batch/CronJob', name: 'bad schedule', mutate: (o) => { o.spec.schedule = 'every minute'; }, want: ['spec.schedule', 'FieldValueInvalid', 'Invalid value: "every minute": expected exactly 5 fields, found 2'] },
  { key: 'batch/CronJob', name: 'schedule range', mutate: (o) => { o.spec.schedule = '60 * * * *'; }, want: ['spec.schedule', 'FieldValueInvalid', 'Invalid value: "60 * * * *": end of range (60) above maximum (59)'] },
  { key: 'batch/CronJob', name: 'descriptor ok', mutate: (o) => { o.spec.schedule = '@hourly'; } },
  { key: 'batch/CronJob', name: 'cronjob name length', mutate: (o) => { o.metadata.name = 'a'.repeat(53); }, want: ['metadata.name', 'FieldValueInvalid', 'must be no more than 52 characters'] },
  // Service
  { key: '/Service', name: 'valid service', mutate: () => {} },
  { key: '/Service', name: 'service name 1035', mutate: (o) => { o.metadata.name = '1abc'; }, want: ['metadata.name', 'FieldValueInvalid', 'Invalid value: "1abc": a DNS-1035 label must consist of'] },
  { key: '/Service', name: 'ports required', mutate: (o) => { o.spec.ports = []; }, want: ['spec.ports', 'FieldValueRequired', 'Required value'] },
  { key: '/Service', name: 'port range', mutate: (o) => { o.spec.ports[0].port = 0; o.spec.ports[0].targetPort = 1; }, want: ['spec.ports[0].port', 'FieldValueInvalid', 'Invalid value: 0: must be between 1 and 65535, inclusive'] },
  { key: '/Service', name: 'port names required when many', mutate: (o) => { o.spec.ports.push({ port: 81, protocol: 'TCP', targetPort: 81 }); }, want: ['spec.ports[0].name', 'FieldValueRequired', 'Required value'] },
  { key: '/Service', name: 'service type', mutate: (o) => { o.spec.type = 'Magic'; }, want: ['spec.type', 'FieldValueNotSupported', 'Unsupported value: "Magic": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"'] },
  { key: '/Service', name: 'nodePort on ClusterIP', mutate: (o) => { o.spec.ports[0].nodePort = 30001; }, want: ['spec.ports[0].nodePort', 'FieldValueForbidden', "Forbidden: may not be used when `type` is 'ClusterIP'"] },
  { key: '/Service', name: 'clusterIP immutable', update: true, mutate: (o) => { o.spec.clusterIP = '10.0.0.9'; }, want: ['spec.clusterIPs[0]', 'FieldValueInvalid', 'Invalid value: "10.0.0.9": may not change once set'] },
  // Config
  { key: '/ConfigMap', name: 'configmap key', mutate: (o) => { o.data = { 'a b': 'x' }; }, want: ['data[a b]', 'FieldValueInvalid', 'Invalid value: "a b": a valid config key must consist of'] },
  { key: '/ConfigMap', name: 'immutable configmap', update: true, mutate: (o) => { o.data = { x: 'y' }; }, want: ['data', 'FieldValueForbidden', 'Forbidden: field is immutable when `immutable` is set'] },
  { key: '/Secret', name: 'tls keys', mutate: (o) => { o.type = 'kubernetes.io/tls'; }, want: ['data[tls.crt]', 'FieldValueRequired', 'Required value'] },
  { key: '/Secret', name: 'secret type immutable', update: true, mutate: (o) => { o.type = 'x/y'; }, want: ['type', 'FieldValueInvalid', 'Invalid value: "x/y": field is immutable'] },
  { key: '/Namespace', name: 'namespace name label', mutate: (o) => { o.metadata.name = 'a.b'; }, want: ['metadata.name', 'FieldValueInvalid', 'Invalid value: "a.b": must not contain dots'] },
  { key: '/Node', name: 'taint effect', mutate: (o) => { o.spec.taints[0].effect = 'Bad'; }, want: ['spec.taints[0].effect', 'FieldValueNotSupported', 'Unsupported value: "Bad"'] },
  { key: '/PersistentVolume', name: 'pv capacity', mutate: (o) => { delete o.spec.capacity; }, want: ['spec.capacity', 'FieldValueRequired', 'Required value'] },
  { key: '/PersistentVolumeClaim', name: 'pvc access modes', mutate: (o) => { o.spec.accessModes = []; }, want: ['spec.accessModes', 'FieldValueRequired', 'Required value: at least 1 access mode is required'] },
  { key: '/PersistentVolumeClaim', name: 'pvc spec immutable', update: true, mutate: (o) => { o.spec.accessModes = ['ReadWriteMany']; }, want: ['spec', 'FieldValueForbidden', 'Forbidden: spec is immutable after creation'] },
  { key: '/PersistentVolumeClaim', name: 'pvc resize ok', update: true, mutate: (o) => { o.spec.resources.requests.storage = '2Gi'; } },
  // Others
  { key: 'rbac.authorization.k8s.io/Role', name: 'role verbs', mutate: (o) => { o.rules[0].verbs = []; }, want: ['rules[0].verbs', 'FieldValueRequired', 'Required value: verbs must contain at least one value'] },
  { key: 'rbac.authorization.k8s.io/Role', name: 'role path-segment name', mutate: (o) => { o.metadata.name = 'a/b'; }, want: ['metadata.name', 'FieldValueInvalid', `Invalid value: "a/b": may not contain '/'`] },
  { key: 'rbac.authorization.k8s.io/ClusterRoleBinding', name: 'crb roleRef kind', mutate: (o) => { o.roleRef.kind = 'Role'; }, want: ['roleRef.kind', 'FieldValueNotSupported', 'Unsupported value: "Role": supported values: "ClusterRole"'] },
  { key: 'rbac.authorization.k8s.io/ClusterRoleBinding', name: 'roleRef immutable', update: true, mutate: (o) => { o.roleRef.name = 'z'; }, want: ['roleRef', 'FieldValueInvalid', 'cannot change roleRef'] },
  { key: 'networking.k8s.io/Ingress', name: 'ingress pathType', mutate: (o) => { o.spec.rules[0].http.paths[0].pathType = 'Glob'; }, want: ['spec.rules[0].http.paths[0].pathType', 'FieldValueNotSupported', 'Unsupported value: "Glob"'] },
  { key: 'networking.k8s.io/NetworkPolicy', name: 'np cidr', mutate: (o) => { o.spec.ingress[0].from[0].ipBlock.cidr = '10.0.0.0/33'; }, want: ['spec.ingress[0].from[0].ipBlock.cidr', 'FieldValueInvalid', 'Invalid value: "10.0.0.0/33"'] },
  { key: 'scheduling.k8s.io/PriorityClass', name: 'pc max value', mutate: (o) => { o.value = 2000000000; }, want: ['value', 'FieldValueForbidden', 'Forbidden: maximum allowed value of a user defined priority is 1000000000'] },
  { key: 'storage.k8s.io/StorageClass', name: 'sc parameters immutable', update: true, mutate: (o) => { o.parameters = { a: 'b' }; }, want: ['parameters', 'FieldValueForbidden', 'Forbidden: updates to parameters are forbidden.'] },
  { key: 'autoscaling/HorizontalPodAutoscaler', name: 'hpa max < min', mutate: (o) => { o.spec.minReplicas = 5; }, want: ['spec.maxReplicas', 'FieldValueInvalid', 'Invalid value: 3: must be greater than or equal to `minReplicas`'] },
  { key: 'policy/PodDisruptionBudget', name: 'pdb both set', mutate: (o) => { o.spec.maxUnavailable = '10%'; }, want: ['spec', 'FieldValueInvalid', 'minAvailable and maxUnavailable cannot be both set'] },
  { key: 'policy/PodDisruptionBudget', name: 'pdb percent', mutate: (o) => { o.spec.minAvailable = '120%'; }, want: ['spec.minAvailable', 'FieldValueInvalid', 'Invalid value: "120%": must not be greater than 100%'] },
  { key: 'coordination.k8s.io/Lease', name: 'lease duration', mutate: (o) => { o.spec.leaseDurationSeconds = 0; }, want: ['spec.leaseDurationSeconds', 'FieldValueInvalid', 'Invalid value: 0: must be greater than 0'] },
  // CustomResourceDefinition
  { key: CRD, name: 'valid crd', mutate: () => {} },
  { key: CRD, name: 'crd without singular/listKind (filled from kind)', mutate: (o) => { delete o.spec.names.singular; delete o.spec.names.listKind; } },
  { key: CRD, name: 'crd name is plural.group', mutate: (o) => { o.metadata.name = 'gadgets.example.com'; }, want: ['metadata.name', 'FieldValueInvalid', 'Invalid value: "gadgets.example.com": must be spec.names.plural+"."+spec.group'] },
  { key: CRD, name: 'crd group required', mutate: (o) => { delete o.spec.group; }, want: ['spec.group', 'FieldValueRequired', 'Required value'] },
  { key: CRD, name: 'crd group has a dot', mutate: (o) => { o.spec.group = 'example'; o.metadata.name = 'widgets.example'; }, want: ['spec.group', 'FieldValueInvalid', 'Invalid value: "example": should be a domain with at least one dot'] },
  { key: CRD, name: 'crd group subdomain', mutate: (o) => { o.spec.group = 'Example.com'; o.metadata.name = 'widgets.Example.com'; }, want: ['spec.group', 'FieldValueInvalid', 'Invalid value: "Example.com": a lowercase RFC 1123 subdomain'] },
  { key: CRD, name: 'crd scope required', mutate: (o) => { delete o.spec.scope; }, want: ['spec.scope', 'FieldValueRequired', 'Required value'] },
  { key: CRD, name: 'crd scope', mutate: (o) => { o.spec.scope = 'Global'; }, want: ['spec.scope', 'FieldValueNotSupported', 'Unsupported value: "Global": supported values: "Cluster", "Namespaced"'] },
  { key: CRD, name: 'crd no versions', mutate: (o) => { o.spec.versions = []; }, want: ['spec.versions', 'FieldValueInvalid', 'must have exactly one version marked as storage version'] },
  { key: CRD, name: 'crd two storage versions', mutate: (o) => { o.spec.versions[1].storage = true; }, want: ['spec.versions', 'FieldValueInvalid', 'must have exactly one version marked as storage version'] },
  { key: CRD, name: 'crd unique version names', mutate: (o) => { o.spec.versions[1].name = 'v1'; }, want: ['spec.versions', 'FieldValueInvalid', 'must contain unique version names'] },
  { key: CRD, name: 'crd version name', mutate: (o) => { o.spec.versions[1].name = '1beta'; }, want: ['spec.versions[1].name', 'FieldValueInvalid', 'Invalid value: "1beta": a DNS-1035 label must consist of'] },
  { key: CRD, name: 'crd plural required', mutate: (o) => { delete o.spec.names.plural; o.metadata.name = '.example.com'; }, want: ['spec.names.plural', 'FieldValueRequired', 'Required value'] },
  { key: CRD, name: 'crd kind required', mutate: (o) => { delete o.spec.names.kind; }, want: ['spec.names.kind', 'FieldValueRequired', 'Required value'] },
  { key: CRD, name: 'crd kind mixed case', mutate: (o) => { o.spec.names.kind = 'Wid_get'; }, want: ['spec.names.kind', 'FieldValueInvalid', 'Invalid value: "Wid_get": may have mixed case, but should otherwise match: a DNS-1035 label'] },
  { key: CRD, name: 'crd kind != listKind', mutate: (o) => { o.spec.names.listKind = 'Widget'; }, want: ['spec.names.listKind', 'FieldValueInvalid', 'kind and listKind may not be the same'] },
  { key: CRD, name: 'crd shortNames', mutate: (o) => { o.spec.names.shortNames = ['w.d']; }, want: ['spec.names.shortNames[0]', 'FieldValueInvalid', 'Invalid value: "w.d"'] },
  { key: CRD, name: 'crd group immutable', update: true, mutate: (o) => { o.spec.group = 'example.org'; o.metadata.name = 'widgets.example.org'; }, want: ['spec.group', 'FieldValueInvalid', 'field is immutable'] },
  { key: CRD, name: 'established crd scope immutable', update: true, mutate: (o) => { o.spec.scope = 'Cluster'; }, want: ['spec.scope', 'FieldValueInvalid', 'Invalid value: "Cluster": field is immutable'] },
  { key: CRD, name: 'crd versions may change', update: true, mutate: (o) => { o.spec.versions[1].served = false; } },
];

for (const c of cases) {
  test(`${c.key} ${c.name}`, () => {
    const base = valid(c.key);
    if (c.key === '/ConfigMap' && c.update) base.immutable = true;
    if (c.key === '/Service' && c.update) base.spec.clusterIP = '10.0.0.1';
    const o = structuredClone(base);
    c.mutate(o);
    const errs: FieldError[] = validators[c.key](o, c.update ? base : undefined);
    if (!c.want) {
      assert.deepEqual(errs, []);
      return;
    }
    const [field, reason, prefix] = c.want;
    const hit = errs.find((e) => e.field === field);
    assert.ok(hit, `no error at ${field}; got ${JSON.stringify(errs)}`);
    assert.equal(hit.reason, reason);
    assert.ok(hit.message.startsWith(prefix) || hit.message.includes(prefix), `message: ${hit.message}`);
  });
}

test('every resource kind has a validator', async () => {
  const { RESOURCES } = await import('../resources.ts');
  // Custom resources are validated by the API server's crd/ code against their CRD's schema.
  for (const r of RESOURCES) if (!r.custom) assert.ok(validators[`${r.group}/${r.kind}`], `${r.group}/${r.kind}`);
});

test('validateObjectMeta generateName prefix may end in a dash', () => {
  assert.deepEqual(validateObjectMeta({ metadata: { name: 'x-abcde', generateName: 'x-' } }, { namespaced: false }), []);
  const errs = validateObjectMeta({ metadata: { name: 'x', generateName: 'X-' } }, { namespaced: false });
  assert.equal(errs[0].field, 'metadata.generateName');
});

test('invalidError formats one and several causes like upstream', () => {
  const one = invalidError('Pod', 'x', [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers[0].image' }]);
  assert.equal(one.code, 'Invalid');
  assert.equal(one.httpStatus, 422);
  assert.equal(one.message, 'Pod "x" is invalid: spec.containers[0].image: Required value');
  assert.deepEqual(one.details, { name: 'x', group: '', kind: 'Pod', causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers[0].image' }] });
  const errs = validators['apps/Deployment']({ metadata: { name: 'd', namespace: 'n' }, spec: {} });
  const many = invalidError('Deployment', 'd', errs, 'apps');
  assert.match(many.message, /^Deployment\.apps "d" is invalid: \[spec\.selector: Required value, .*\]$/);
  assert.equal(many.details?.causes?.length, errs.length);
});

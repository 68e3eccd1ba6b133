import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaulters } from './index.ts';
import { defaultPullPolicy } from './pod-spec.ts';
import type { KObject } from '../types.ts';

function run(key: string, obj: KObject): KObject {
  const o = structuredClone(obj);
  defaulters[key](o);
  return o;
}

test('image pull policy from tag', () => {
  const cases: [string, string][] = [
    ['nginx', 'Always'], ['nginx:latest', 'Always'], ['nginx:1.25', 'IfNotPresent'],
    ['localhost:5000/app', 'Always'], ['localhost:5000/app:v1', 'IfNotPresent'], ['app@sha256:abc', 'IfNotPresent'],
  ];
  for (const [img, want] of cases) assert.equal(defaultPullPolicy(img), want, img);
});

test('pod defaults', () => {
  const pod = run('/Pod', {
    metadata: { name: 'p' },
    spec: {
      containers: [{
        name: 'c', image: 'nginx', ports: [{ containerPort: 80 }],
        resources: { limits: { cpu: '1', memory: '1Gi' } },
        livenessProbe: { httpGet: { port: 80 } },
      }],
      volumes: [{ name: 'v' }, { name: 'cm', configMap: { name: 'x' } }],
    },
  });
  assert.equal(pod.spec.restartPolicy, 'Always');
  assert.equal(pod.spec.dnsPolicy, 'ClusterFirst');
  assert.equal(pod.spec.terminationGracePeriodSeconds, 30);
  assert.equal(pod.spec.schedulerName, 'default-scheduler');
  assert.deepEqual(pod.spec.securityContext, {});
  assert.equal(pod.spec.enableServiceLinks, true);
  assert.equal(pod.spec.serviceAccountName, 'default');
  assert.equal(pod.spec.serviceAccount, 'default');
  const c = pod.spec.containers[0];
  assert.equal(c.imagePullPolicy, 'Always');
  assert.equal(c.terminationMessagePath, '/dev/termination-log');
  assert.equal(c.terminationMessagePolicy, 'File');
  assert.equal(c.ports[0].protocol, 'TCP');
  assert.deepEqual(c.resources.requests, { cpu: '1', memory: '1Gi' });
  assert.deepEqual(c.livenessProbe, {
    httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3,
  });
  assert.deepEqual(pod.spec.volumes[0], { name: 'v', emptyDir: {} });
  assert.equal(pod.spec.volumes[1].configMap.defaultMode, 420);
  assert.equal(pod.status.phase, 'Pending');
  assert.equal(pod.status.qosClass, 'Guaranteed');
  assert.equal(pod.spec.tolerations.length, 2);
  // Idempotent: defaulting twice changes nothing.
  assert.deepEqual(run('/Pod', pod), pod);
});

test('pod qos classes and explicit values kept', () => {
  const be = run('/Pod', { metadata: {}, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'a:1' }] } });
  assert.equal(be.status.qosClass, 'BestEffort');
  assert.equal(be.spec.restartPolicy, 'Never');
  assert.equal(be.spec.containers[0].imagePullPolicy, 'IfNotPresent');
  const bu = run('/Pod', { metadata: {}, spec: { containers: [{ name: 'c', image: 'a', resources: { requests: { cpu: '1' } } }] } });
  assert.equal(bu.status.qosClass, 'Burstable');
});

test('deployment defaults', () => {
  const d = run('apps/Deployment', {
    metadata: { name: 'd' },
    spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x:1' }] } } },
  });
  assert.equal(d.spec.replicas, 1);
  assert.deepEqual(d.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
  assert.equal(d.spec.revisionHistoryLimit, 10);
  assert.equal(d.spec.progressDeadlineSeconds, 600);
  assert.equal(d.spec.template.spec.restartPolicy, 'Always');
  assert.equal(d.spec.template.spec.serviceAccountName, undefined, 'templates get no default service account');
  const r = run('apps/Deployment', { metadata: {}, spec: { strategy: { type: 'Recreate' } } });
  assert.deepEqual(r.spec.strategy, { type: 'Recreate' });
});

test('statefulset, daemonset, replicaset, rc defaults', () => {
  const s = run('apps/StatefulSet', { metadata: {}, spec: {} });
  assert.equal(s.spec.podManagementPolicy, 'OrderedReady');
  assert.deepEqual(s.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
  assert.deepEqual(s.spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: 'Retain', whenScaled: 'Retain' });
  assert.equal(s.spec.revisionHistoryLimit, 10);
  const ds = run('apps/DaemonSet', { metadata: {}, spec: {} });
  assert.deepEqual(ds.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
  assert.equal(run('apps/ReplicaSet', { metadata: {}, spec: {} }).spec.replicas, 1);
  const rc = run('/ReplicationController', { metadata: {}, spec: { template: { metadata: { labels: { app: 'x' } }, spec: {} } } });
  assert.deepEqual(rc.spec.selector, { app: 'x' });
  assert.deepEqual(rc.metadata.labels, { app: 'x' });
  assert.equal(rc.spec.replicas, 1);
});

test('job defaults and generated selector', () => {
  const j = run('batch/Job', { metadata: { name: 'pi', uid: 'u-1' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [] } } } });
  assert.equal(j.spec.parallelism, 1);
  assert.equal(j.spec.completions, 1);
  assert.equal(j.spec.backoffLimit, 6);
  assert.equal(j.spec.completionMode, 'NonIndexed');
  assert.equal(j.spec.suspend, false);
  assert.deepEqual(j.spec.selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } });
  assert.deepEqual(j.spec.template.metadata.labels, {
    'batch.kubernetes.io/controller-uid': 'u-1', 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': 'u-1', 'job-name': 'pi',
  });
  const wq = run('batch/Job', { metadata: { uid: 'u' }, spec: { parallelism: 3, template: {} } });
  assert.equal(wq.spec.completions, undefined, 'work-queue jobs keep completions unset');
  const manual = run('batch/Job', { metadata: { uid: 'u' }, spec: { manualSelector: true, template: {} } });
  assert.equal(manual.spec.selector, undefined);
  const cj = run('batch/CronJob', { metadata: {}, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: {} } } } } });
  assert.equal(cj.spec.concurrencyPolicy, 'Allow');
  assert.equal(cj.spec.successfulJobsHistoryLimit, 3);
  assert.equal(cj.spec.failedJobsHistoryLimit, 1);
  assert.equal(cj.spec.suspend, false);
  assert.equal(cj.spec.jobTemplate.spec.template.spec.dnsPolicy, 'ClusterFirst');
});

test('service defaults', () => {
  const s = run('/Service', { metadata: {}, spec: { selector: { a: 'b' }, ports: [{ port: 80 }, { port: 443, targetPort: 'https' }] } });
  assert.equal(s.spec.type, 'ClusterIP');
  assert.equal(s.spec.sessionAffinity, 'None');
  assert.deepEqual(s.spec.ports[0], { port: 80, protocol: 'TCP', targetPort: 80 });
  assert.equal(s.spec.ports[1].targetPort, 'https');
  assert.equal(s.spec.internalTrafficPolicy, 'Cluster');
  assert.equal(s.spec.ipFamilyPolicy, 'SingleStack');
  assert.deepEqual(s.spec.ipFamilies, ['IPv4']);
  assert.equal(s.spec.externalTrafficPolicy, undefined);
  const np = run('/Service', { metadata: {}, spec: { type: 'LoadBalancer', ports: [{ port: 80 }] } });
  assert.equal(np.spec.externalTrafficPolicy, 'Cluster');
  assert.equal(np.spec.allocateLoadBalancerNodePorts, true);
  const en = run('/Service', { metadata: {}, spec: { type: 'ExternalName', externalName: 'x.com' } });
  assert.equal(en.spec.ipFamilyPolicy, undefined);
});

test('core kinds: secret, namespace, pv, pvc, limitrange', () => {
  assert.equal(run('/Secret', { metadata: {} }).type, 'Opaque');
  const ns = run('/Namespace', { metadata: { name: 'a' } });
  assert.deepEqual(ns.spec.finalizers, ['kubernetes']);
  assert.equal(ns.status.phase, 'Active');
  assert.equal(ns.metadata.labels?.['kubernetes.io/metadata.name'], 'a');
  assert.deepEqual(run('/Namespace', { metadata: { name: 'a' }, spec: { finalizers: [] } }).spec.finalizers, []);
  const pv = run('/PersistentVolume', { metadata: {}, spec: {} });
  assert.equal(pv.spec.persistentVolumeReclaimPolicy, 'Retain');
  assert.equal(pv.spec.volumeMode, 'Filesystem');
  assert.equal(pv.status.phase, 'Pending');
  const pvc = run('/PersistentVolumeClaim', { metadata: {}, spec: {} });
  assert.equal(pvc.spec.volumeMode, 'Filesystem');
  assert.equal(pvc.status.phase, 'Pending');
  const lr = run('/LimitRange', { metadata: {}, spec: { limits: [{ type: 'Container', max: { cpu: '2' }, min: { memory: '1Mi' } }] } });
  assert.deepEqual(lr.spec.limits[0].default, { cpu: '2' });
  assert.deepEqual(lr.spec.limits[0].defaultRequest, { cpu: '2', memory: '1Mi' });
});

test('other groups', () => {
  const hpa = run('autoscaling/HorizontalPodAutoscaler', { apiVersion: 'autoscaling/v2', metadata: {}, spec: { maxReplicas: 3 } });
  assert.equal(hpa.spec.minReplicas, 1);
  assert.equal(hpa.spec.metrics[0].resource.target.averageUtilization, 80);
  assert.equal(hpa.spec.behavior, undefined);
  const np = run('networking.k8s.io/NetworkPolicy', { metadata: {}, spec: { podSelector: {}, egress: [{ ports: [{ port: 53 }] }] } });
  assert.deepEqual(np.spec.policyTypes, ['Ingress', 'Egress']);
  assert.equal(np.spec.egress[0].ports[0].protocol, 'TCP');
  assert.equal(run('scheduling.k8s.io/PriorityClass', { metadata: {}, value: 1 }).preemptionPolicy, 'PreemptLowerPriority');
  const sc = run('storage.k8s.io/StorageClass', { metadata: {}, provisioner: 'x' });
  assert.equal(sc.reclaimPolicy, 'Delete');
  assert.equal(sc.volumeBindingMode, 'Immediate');
  const rb = run('rbac.authorization.k8s.io/RoleBinding', { metadata: {}, subjects: [{ kind: 'User', name: 'a' }, { kind: 'ServiceAccount', name: 'b' }] });
  assert.equal(rb.subjects[0].apiGroup, 'rbac.authorization.k8s.io');
  assert.equal('apiGroup' in rb.subjects[1], false, 'omitempty: "" is not sent');
});

/**
 * The patches real kubectl sends, applied to live objects that carry
 * server-set fields: `kubectl apply` (3-way strategic patches), `kubectl
 * patch --type strategic`, `kubectl label/annotate` and `kubectl scale`
 * (merge patches). Expected results follow upstream's behaviour.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPatch } from './index.ts';
import type { KObject } from '../../../api/types.ts';

const DEPLOY = { group: 'apps', kind: 'Deployment' };

/** A live Deployment as the API server stores it after create and defaulting. */
function liveDeployment(): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '7', generation: 1,
      labels: { app: 'web', tier: 'front' },
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"old":true}', 'deployment.kubernetes.io/revision': '1' },
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [{
            name: 'nginx', image: 'nginx:1.24', imagePullPolicy: 'IfNotPresent', args: ['-g', 'daemon off;'],
            ports: [{ containerPort: 80, protocol: 'TCP' }],
            env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }, { name: 'C', value: 'set-by-someone-else' }],
            terminationMessagePath: '/dev/termination-log',
          }],
          restartPolicy: 'Always',
          dnsPolicy: 'ClusterFirst',
        },
      },
    },
    status: { replicas: 2, conditions: [{ type: 'Available', status: 'True' }] },
  };
}

test('kubectl apply: 3-way patch with $setElementOrder, element deletion and null removals', () => {
  // What kubectl sends after the file changed the image, dropped env B, the
  // args, the "tier" label and replicas, and added a sidecar container.
  const patch = {
    metadata: {
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"new":true}' },
      labels: { tier: null },
    },
    spec: {
      replicas: null,
      template: { spec: {
        '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'sidecar' }],
        containers: [
          { name: 'nginx', image: 'nginx:1.25', args: null, '$setElementOrder/env': [{ name: 'A' }], env: [{ $patch: 'delete', name: 'B' }] },
          { name: 'sidecar', image: 'busybox', command: ['sleep', 'inf'] },
        ],
      } },
    },
  };
  const got = applyPatch('strategic', liveDeployment(), patch, DEPLOY);
  const want = liveDeployment();
  want.metadata.annotations!['kubectl.kubernetes.io/last-applied-configuration'] = '{"new":true}';
  delete want.metadata.labels!.tier;
  delete want.spec.replicas;
  const c = want.spec.template.spec.containers[0];
  c.image = 'nginx:1.25';
  delete c.args;
  c.env = [{ name: 'A', value: '1' }, { name: 'C', value: 'set-by-someone-else' }];
  want.spec.template.spec.containers.push({ name: 'sidecar', image: 'busybox', command: ['sleep', 'inf'] });
  assert.deepEqual(got, want);
});

test('kubectl apply: reordering containers in the file reorders them on the server', () => {
  const live = liveDeployment();
  live.spec.template.spec.containers.push({ name: 'sidecar', image: 'busybox' });
  const patch = { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'nginx' }] } } } };
  const got = applyPatch('strategic', live, patch, DEPLOY);
  assert.deepEqual(got.spec.template.spec.containers.map((c: { name: string }) => c.name), ['sidecar', 'nginx']);
  assert.equal(got.spec.template.spec.containers[1].image, 'nginx:1.24');
});

test('kubectl apply: switching strategy to Recreate uses $retainKeys to drop rollingUpdate', () => {
  const patch = { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } };
  const got = applyPatch('strategic', liveDeployment(), patch, DEPLOY);
  assert.deepEqual(got.spec.strategy, { type: 'Recreate' });
});

test('kubectl apply: $patch: replace on a list of env replaces it whole', () => {
  const patch = { spec: { template: { spec: { containers: [{ name: 'nginx', env: [{ $patch: 'replace' }, { name: 'Z', value: '9' }] }] } } } };
  const got = applyPatch('strategic', liveDeployment(), patch, DEPLOY);
  assert.deepEqual(got.spec.template.spec.containers[0].env, [{ name: 'Z', value: '9' }]);
});

test('kubectl patch --type strategic: image change keeps every other container field', () => {
  const patch = { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.26' }] } } } };
  const got = applyPatch('strategic', liveDeployment(), patch, DEPLOY);
  const want = liveDeployment();
  want.spec.template.spec.containers[0].image = 'nginx:1.26';
  assert.deepEqual(got, want);
});

test('kubectl label / annotate: merge patches add, overwrite and remove keys', () => {
  const add = applyPatch('merge', liveDeployment(), { metadata: { labels: { env: 'prod', tier: 'back' } } }, DEPLOY);
  assert.deepEqual(add.metadata.labels, { app: 'web', tier: 'back', env: 'prod' });
  const removed = applyPatch('merge', add, { metadata: { labels: { env: null } } }, DEPLOY);
  assert.deepEqual(removed.metadata.labels, { app: 'web', tier: 'back' });
  const annotated = applyPatch('merge', removed, { metadata: { annotations: { note: 'hi', 'deployment.kubernetes.io/revision': null } } }, DEPLOY);
  assert.deepEqual(annotated.metadata.annotations, { 'kubectl.kubernetes.io/last-applied-configuration': '{"old":true}', note: 'hi' });
  // Nothing else moved.
  assert.deepEqual(annotated.spec, liveDeployment().spec);
});

test('kubectl scale: merge patch of spec.replicas on the scale subresource and on the object', () => {
  const scale = {
    apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web', namespace: 'default' },
    spec: { replicas: 2 }, status: { replicas: 2, selector: 'app=web' },
  };
  const got = applyPatch('merge', scale, { spec: { replicas: 5 } }, { group: 'autoscaling', kind: 'Scale' });
  assert.deepEqual(got, { ...scale, spec: { replicas: 5 } });
  const dep = applyPatch('merge', liveDeployment(), { spec: { replicas: 0 } }, DEPLOY);
  assert.equal(dep.spec.replicas, 0);
  assert.deepEqual(dep.spec.template, liveDeployment().spec.template);
});

test('merge patch replaces lists whole (unlike strategic)', () => {
  const patch = { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'x' }] } } } };
  const got = applyPatch('merge', liveDeployment(), patch, DEPLOY);
  assert.deepEqual(got.spec.template.spec.containers, [{ name: 'nginx', image: 'x' }]);
});

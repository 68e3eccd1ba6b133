/**
 * Golden table tests of strategic merge patch directives and list semantics,
 * each case checked against upstream's documented behaviour.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPatch } from './index.ts';
import { isK8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';

const POD = { group: '', kind: 'Pod' };
const DEPLOY = { group: 'apps', kind: 'Deployment' };

interface Case {
  name: string;
  gk?: { group: string; kind: string };
  original: Record<string, unknown>;
  patch: unknown;
  expected: Record<string, unknown>;
}

const pod = (spec: Record<string, unknown>, meta: Record<string, unknown> = {}): Record<string, unknown> => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', ...meta }, spec,
});

const cases: Case[] = [
  {
    name: 'containers merge by name',
    original: pod({ containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }] }),
    patch: { spec: { containers: [{ name: 'b', image: 'b:2' }] } },
    expected: pod({ containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:2' }] }),
  },
  {
    name: 'a new list item without $setElementOrder goes first (as upstream orders it)',
    original: pod({ containers: [{ name: 'a', image: 'a' }, { name: 'b', image: 'b' }] }),
    patch: { spec: { containers: [{ name: 'c', image: 'c' }] } },
    expected: pod({ containers: [{ name: 'c', image: 'c' }, { name: 'a', image: 'a' }, { name: 'b', image: 'b' }] }),
  },
  {
    name: '$patch: delete removes a list element',
    original: pod({ containers: [{ name: 'a', image: 'a' }, { name: 'b', image: 'b' }] }),
    patch: { spec: { containers: [{ name: 'a', $patch: 'delete' }] } },
    expected: pod({ containers: [{ name: 'b', image: 'b' }] }),
  },
  {
    name: 'deleting the last element leaves an empty list',
    original: pod({ containers: [{ name: 'a', image: 'a' }] }),
    patch: { spec: { containers: [{ name: 'a', $patch: 'delete' }] } },
    expected: pod({ containers: [] }),
  },
  {
    name: '$patch: delete of an element that does not exist is a no-op',
    original: pod({ containers: [{ name: 'a', image: 'a' }] }),
    patch: { spec: { containers: [{ name: 'zz', $patch: 'delete' }] } },
    expected: pod({ containers: [{ name: 'a', image: 'a' }] }),
  },
  {
    name: '$patch: replace on a list makes the other elements the whole list',
    original: pod({ containers: [{ name: 'a', image: 'a' }, { name: 'b', image: 'b' }] }),
    patch: { spec: { containers: [{ $patch: 'replace' }, { name: 'c', image: 'c' }] } },
    expected: pod({ containers: [{ name: 'c', image: 'c' }] }),
  },
  {
    name: '$patch: replace on a map replaces it',
    original: pod({ nodeSelector: { a: '1', b: '2' } }),
    patch: { spec: { nodeSelector: { $patch: 'replace', c: '3' } } },
    expected: pod({ nodeSelector: { c: '3' } }),
  },
  {
    name: '$patch: delete on a map empties it',
    original: pod({ nodeSelector: { a: '1' } }),
    patch: { spec: { nodeSelector: { $patch: 'delete' } } },
    expected: pod({ nodeSelector: {} }),
  },
  {
    name: 'null deletes a map key; null for an absent key leaves nothing behind',
    original: pod({ hostname: 'h', nodeSelector: { a: '1', b: '2' } }),
    patch: { spec: { hostname: null, subdomain: null, nodeSelector: { a: null } } },
    expected: pod({ nodeSelector: { b: '2' } }),
  },
  {
    name: 'a new subtree keeps no nulls or directives',
    original: pod({}),
    patch: { spec: { securityContext: { runAsUser: 1, fsGroup: null }, containers: [{ name: 'x', $patch: 'delete' }] } },
    expected: pod({ securityContext: { runAsUser: 1 }, containers: [] }),
  },
  {
    name: 'lists without a strategy are replaced (tolerations, args)',
    original: pod({
      tolerations: [{ key: 'a', operator: 'Exists' }],
      containers: [{ name: 'a', args: ['1', '2'] }],
    }),
    patch: { spec: { tolerations: [{ key: 'b', operator: 'Exists' }], containers: [{ name: 'a', args: ['3'] }] } },
    expected: pod({ tolerations: [{ key: 'b', operator: 'Exists' }], containers: [{ name: 'a', args: ['3'] }] }),
  },
  {
    name: 'container ports by containerPort, env by name, volumeMounts by mountPath',
    original: pod({
      containers: [{
        name: 'a',
        ports: [{ containerPort: 80, name: 'http' }],
        env: [{ name: 'A', value: '1' }, { name: 'B', value: '1' }],
        volumeMounts: [{ name: 'v', mountPath: '/data' }],
      }],
    }),
    patch: { spec: { containers: [{
      name: 'a',
      ports: [{ containerPort: 80, protocol: 'TCP' }],
      env: [{ name: 'B', value: '2' }],
      volumeMounts: [{ mountPath: '/data', readOnly: true }],
    }] } },
    expected: pod({
      containers: [{
        name: 'a',
        ports: [{ containerPort: 80, name: 'http', protocol: 'TCP' }],
        env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }],
        volumeMounts: [{ name: 'v', mountPath: '/data', readOnly: true }],
      }],
    }),
  },
  {
    name: 'volumes and imagePullSecrets merge by name',
    original: pod({ volumes: [{ name: 'a', emptyDir: {} }], imagePullSecrets: [{ name: 's1' }] }),
    patch: { spec: { volumes: [{ name: 'a', emptyDir: { medium: 'Memory' } }], imagePullSecrets: [{ name: 's2' }] } },
    expected: pod({
      volumes: [{ name: 'a', emptyDir: { medium: 'Memory' } }],
      imagePullSecrets: [{ name: 's2' }, { name: 's1' }],
    }),
  },
  {
    name: 'finalizers are unioned; known ones keep their place',
    original: pod({}, { finalizers: ['a', 'b'] }),
    patch: { metadata: { finalizers: ['b', 'c'] } },
    expected: pod({}, { finalizers: ['a', 'b', 'c'] }),
  },
  {
    name: '$deleteFromPrimitiveList removes values from a merged primitive list',
    original: pod({}, { finalizers: ['a', 'b', 'c'] }),
    patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['b', 'zz'] } },
    expected: pod({}, { finalizers: ['a', 'c'] }),
  },
  {
    name: 'ownerReferences merge by uid',
    original: pod({}, { ownerReferences: [{ uid: '1', name: 'x', kind: 'ReplicaSet', apiVersion: 'apps/v1' }] }),
    patch: { metadata: { ownerReferences: [{ uid: '1', controller: true }] } },
    expected: pod({}, { ownerReferences: [{ uid: '1', name: 'x', kind: 'ReplicaSet', apiVersion: 'apps/v1', controller: true }] }),
  },
  {
    name: 'duplicate merge keys: the first match is merged, the duplicate stays',
    original: pod({ containers: [{ name: 'a', env: [{ name: 'X', value: '1' }, { name: 'X', value: '2' }] }] }),
    patch: { spec: { containers: [{ name: 'a', env: [{ name: 'X', value: '3' }] }] } },
    expected: pod({ containers: [{ name: 'a', env: [{ name: 'X', value: '3' }, { name: 'X', value: '2' }] }] }),
  },
  {
    name: 'duplicate merge keys: $patch: delete removes every match',
    original: pod({ containers: [{ name: 'a', env: [{ name: 'X', value: '1' }, { name: 'Y' }, { name: 'X', value: '2' }] }] }),
    patch: { spec: { containers: [{ name: 'a', env: [{ name: 'X', $patch: 'delete' }] }] } },
    expected: pod({ containers: [{ name: 'a', env: [{ name: 'Y' }] }] }),
  },
  {
    // Live order a,s,b: "s" came before "b" there, so it stays before "b".
    name: '$setElementOrder orders a merged list and keeps server-only items in place',
    original: pod({ containers: [{ name: 'a' }, { name: 's' }, { name: 'b' }] }),
    patch: { spec: {
      '$setElementOrder/containers': [{ name: 'b' }, { name: 'c' }, { name: 'a' }],
      containers: [{ name: 'c', image: 'c' }],
    } },
    expected: pod({ containers: [{ name: 's' }, { name: 'b' }, { name: 'c', image: 'c' }, { name: 'a' }] }),
  },
  {
    name: '$setElementOrder of a primitive list',
    original: pod({}, { finalizers: ['x', 'y'] }),
    patch: { metadata: { '$setElementOrder/finalizers': ['z', 'y', 'x'], finalizers: ['z'] } },
    expected: pod({}, { finalizers: ['z', 'y', 'x'] }),
  },
  {
    name: '$retainKeys clears keys not listed (deployment strategy)',
    gk: DEPLOY,
    original: { kind: 'Deployment', metadata: { name: 'd' }, spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } },
    patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
    expected: { kind: 'Deployment', metadata: { name: 'd' }, spec: { strategy: { type: 'Recreate' } } },
  },
  {
    name: 'Service ports merge by port',
    gk: { group: '', kind: 'Service' },
    original: { kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443 }] } },
    patch: { spec: { ports: [{ port: 80, targetPort: 9090 }] } },
    expected: { kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort: 9090 }, { port: 443 }] } },
  },
  {
    name: 'Node addresses merge by type; taints are replaced',
    gk: { group: '', kind: 'Node' },
    original: {
      metadata: { name: 'n' },
      spec: { taints: [{ key: 'a', effect: 'NoSchedule' }] },
      status: { addresses: [{ type: 'InternalIP', address: '10.0.0.1' }, { type: 'Hostname', address: 'n' }] },
    },
    patch: {
      spec: { taints: [{ key: 'b', effect: 'NoSchedule' }] },
      status: { addresses: [{ type: 'InternalIP', address: '10.0.0.2' }] },
    },
    expected: {
      metadata: { name: 'n' },
      spec: { taints: [{ key: 'b', effect: 'NoSchedule' }] },
      status: { addresses: [{ type: 'InternalIP', address: '10.0.0.2' }, { type: 'Hostname', address: 'n' }] },
    },
  },
  {
    name: 'status conditions merge by type',
    original: { metadata: { name: 'p' }, status: { conditions: [{ type: 'Ready', status: 'False' }, { type: 'Initialized', status: 'True' }] } },
    patch: { status: { conditions: [{ type: 'Ready', status: 'True' }] } },
    expected: { metadata: { name: 'p' }, status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'Initialized', status: 'True' }] } },
  },
  {
    name: 'Endpoints subsets and RBAC rules are replaced (no strategy upstream)',
    gk: { group: 'rbac.authorization.k8s.io', kind: 'Role' },
    original: { metadata: { name: 'r' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] },
    patch: { rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }] },
    expected: { metadata: { name: 'r' }, rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }] },
  },
  {
    name: 'CronJob jobTemplate pod template merges containers by name',
    gk: { group: 'batch', kind: 'CronJob' },
    original: { metadata: { name: 'c' }, spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'a', image: '1' }, { name: 'b', image: '1' }] } } } } } },
    patch: { spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'a', image: '2' }] } } } } } },
    expected: { metadata: { name: 'c' }, spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'a', image: '2' }, { name: 'b', image: '1' }] } } } } } },
  },
  {
    name: 'a value of another type replaces the original',
    original: pod({ containers: [{ name: 'a', command: 'x' }] }),
    patch: { spec: { containers: [{ name: 'a', command: ['sh'] }] } },
    expected: pod({ containers: [{ name: 'a', command: ['sh'] }] }),
  },
];

for (const c of cases) {
  test(`smp: ${c.name}`, () => {
    const got = applyPatch('strategic', c.original as KObject, c.patch, c.gk ?? POD);
    assert.deepEqual(got, c.expected);
  });
}

/** Asserts that a strategic patch fails with the given code and message fragment. */
function assertFails(original: Record<string, unknown>, patch: unknown, code: string, fragment: string, gk = POD): void {
  assert.throws(
    () => applyPatch('strategic', original as KObject, patch, gk),
    (e: unknown) => isK8sError(e) && e.code === code && e.message.includes(fragment),
  );
}

test('smp errors: upstream codes and messages', () => {
  const base = pod({ containers: [{ name: 'a' }], nodeSelector: { k: 'v' } }, { finalizers: ['x'] });
  assertFails(base, { spec: { nodeSelector: { $patch: 'merge' } } }, 'InternalError', 'unknown patch type: merge');
  assertFails(base, { spec: { containers: [{ $patch: 'merge' }] } }, 'InternalError', 'merging lists cannot yet be specified');
  assertFails(base, { spec: { containers: [{ image: 'no-name' }] } }, 'InternalError', 'does not contain declared merge key: name');
  assertFails(base, { spec: { containers: [{ name: 'a', $patch: 'bogus' }] } }, 'InternalError', 'unknown patch type: bogus');
  assertFails(base, { metadata: { finalizers: ['y', 1] } }, 'InternalError', 'list element types are not identical');
  assertFails(base, { metadata: { finalizers: [['y']] } }, 'Invalid', 'the server rejected our request');
  assertFails(base, { spec: { $retainKeys: ['containers'], hostname: 'h' } }, 'BadRequest', 'invalid patch format of retainKeys');
  assertFails(base, { spec: { $retainKeys: 'x' } }, 'BadRequest', 'invalid patch format of retainKeys');
  assertFails(base, { spec: { '$setElementOrder/containers': [{ name: 'a' }], containers: [{ name: 'b' }] } }, 'InternalError', "doesn't match $setElementOrder list");
  assertFails(base, [1], 'BadRequest', 'cannot unmarshal array');
});

test('smp: custom resources have no patch metadata -> 415 UnsupportedMediaType', () => {
  assert.throws(
    () => applyPatch('strategic', { metadata: { name: 'x' } }, { spec: {} }, { group: 'example.com', kind: 'Widget' }),
    (e: unknown) => isK8sError(e, 'UnsupportedMediaType') && e.httpStatus === 415 && e.message.includes('application/merge-patch+json'),
  );
});

test('smp: never mutates the original or the patch, and shares nothing with them', () => {
  const original = deepFreeze(pod({ containers: [{ name: 'a', env: [{ name: 'A' }] }] }, { labels: { x: '1' } }));
  const patch = deepFreeze({ metadata: { labels: { y: '2' } }, spec: { containers: [{ name: 'b', env: [{ name: 'B' }] }, { name: 'a', env: [{ name: 'C' }] }] } });
  const got = applyPatch('strategic', original as KObject, patch, POD);
  assert.deepEqual(got.metadata.labels, { x: '1', y: '2' });
  got.spec.containers[0].env.push({ name: 'mut' });
  assert.equal((patch.spec as { containers: { env: unknown[] }[] }).containers[0].env.length, 1);
});

function deepFreeze<T>(o: T): T {
  if (typeof o === 'object' && o !== null) {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

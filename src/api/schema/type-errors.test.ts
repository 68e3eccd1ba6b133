import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstTypeError } from './type-errors.ts';

test('a number in a ConfigMap data value is a type error', () => {
  assert.deepEqual(firstTypeError('', 'v1', 'ConfigMap', { metadata: { name: 'x' }, data: { a: 1 } }), { path: 'data.a', found: 'number', expected: 'string' });
});

test('a string replicas is a type error; an int is fine', () => {
  assert.equal(firstTypeError('apps', 'v1', 'Deployment', { spec: { replicas: 'two' } })?.path, 'spec.replicas');
  assert.equal(firstTypeError('apps', 'v1', 'Deployment', { spec: { replicas: 2 } }), undefined);
});

test('quantities and int-or-string accept numbers; nulls are fine', () => {
  const pod = {
    metadata: { name: 'p', creationTimestamp: null },
    spec: { containers: [{ name: 'c', image: 'i', resources: { limits: { cpu: 1, memory: '1Gi' } }, ports: [{ containerPort: 80 }],
      livenessProbe: { httpGet: { port: 8080 } } }] },
  };
  assert.equal(firstTypeError('', 'v1', 'Pod', pod), undefined);
  assert.equal(firstTypeError('', 'v1', 'Pod', { spec: { containers: {} } })?.expected, 'slice');
  assert.equal(firstTypeError('', 'v1', 'Pod', { spec: { containers: [{ ports: [{ containerPort: '80' }] }] } })?.path, 'spec.containers[0].ports[0].containerPort');
});

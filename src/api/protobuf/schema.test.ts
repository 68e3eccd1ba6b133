import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MESSAGES, compileSchema, parseFieldLine } from './schema.ts';

test('field lines parse into specs', () => {
  assert.deepStrictEqual(parseFieldLine('m', '3 command []string'),
    { number: 3, json: 'command', element: { kind: 'scalar', scalar: 'string' }, cardinality: 'repeated', presence: 'omitempty' });
  assert.deepStrictEqual(parseFieldLine('m', '2 - core.VolumeSource').json, null);
  assert.equal(parseFieldLine('m', '1 hard map[string]Quantity').cardinality, 'map');
  assert.equal(parseFieldLine('m', '8 creationTimestamp Time!').presence, 'always');
  assert.equal(parseFieldLine('m', '1 replicas int32?').presence, 'pointer');
  assert.throws(() => parseFieldLine('m', 'x name string'));
});

test('compileSchema rejects dangling references and duplicate numbers', () => {
  assert.throws(() => compileSchema([{ a: ['1 b missing.Type'] }]), /unknown message/);
  assert.throws(() => compileSchema([{ a: ['1 b string', '1 c string'] }]), /twice/);
});

test('the shipped table compiles and covers ObjectMeta fully', () => {
  const om = MESSAGES.get('meta.ObjectMeta');
  assert.ok(om);
  assert.deepStrictEqual(om.fields.map((f) => f.json), ['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion',
    'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations',
    'ownerReferences', 'finalizers', 'managedFields']);
});

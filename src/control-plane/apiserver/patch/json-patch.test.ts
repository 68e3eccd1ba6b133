/**
 * JSON patch (RFC 6902) and JSON merge patch (RFC 7386) through applyPatch,
 * including upstream's error codes and message forms.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPatch, MAX_JSON_PATCH_OPERATIONS } from './index.ts';
import { isK8sError, type K8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';

const CM = { group: '', kind: 'ConfigMap' };
const cm = (): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { a: '1' } }, data: { k: 'v', list: 'x' } });

function failure(fn: () => unknown): K8sError {
  try {
    fn();
  } catch (e) {
    if (isK8sError(e)) return e;
    throw e;
  }
  assert.fail('expected a K8sError');
}

test('json patch: add, replace, remove, test, move, copy', () => {
  const got = applyPatch('json', cm(), [
    { op: 'test', path: '/data/k', value: 'v' },
    { op: 'add', path: '/metadata/labels/b', value: '2' },
    { op: 'replace', path: '/data/k', value: 'w' },
    { op: 'remove', path: '/data/list' },
    { op: 'copy', from: '/data/k', path: '/data/k2' },
    { op: 'move', from: '/metadata/labels/a', path: '/metadata/labels/c' },
    { op: 'add', path: '/metadata/finalizers', value: ['f'] },
    { op: 'add', path: '/metadata/finalizers/-', value: 'g' },
  ], CM);
  assert.deepEqual(got, {
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: { name: 'c', labels: { b: '2', c: '1' }, finalizers: ['f', 'g'] },
    data: { k: 'w', k2: 'w' },
  });
});

test('json patch: input object and patch values are not shared with the result', () => {
  const original = cm();
  const value = { x: ['1'] };
  const ops = [{ op: 'add', path: '/data2', value }];
  const got = applyPatch('json', original, ops, CM);
  assert.deepEqual(original, cm());
  got.data2.x.push('2');
  assert.deepEqual(value, { x: ['1'] });
});

test('json patch: a body that is not a list of operations is 400', () => {
  for (const body of [{ op: 'add' }, 'x', null, ['not-an-op']]) {
    const e = failure(() => applyPatch('json', cm(), body, CM));
    assert.equal(e.code, 'BadRequest');
    assert.match(e.message, /^json: cannot unmarshal \w+ into Go value of type jsonpatch\.(Patch|Operation)$/);
  }
});

test('json patch: operations that cannot apply are 422 with the reason as cause', () => {
  const rows: [unknown[], string][] = [
    [[{ op: 'test', path: '/data/k', value: 'nope' }], 'testing value /data/k failed: test failed'],
    [[{ op: 'remove', path: '/data/missing' }], 'Unable to remove nonexistent key: missing: missing value'],
    [[{ op: 'replace', path: '/data/missing', value: 1 }], 'replace operation does not apply: doc is missing key: /data/missing: missing value'],
    [[{ op: 'add', path: '/nope/deeper', value: 1 }], 'add operation does not apply: doc is missing path: "/nope/deeper": missing value'],
    [[{ op: 'bogus', path: '/data' }], 'Unexpected kind: bogus'],
    [[{ op: 'add', path: '/metadata/finalizers', value: [] }, { op: 'add', path: '/metadata/finalizers/3', value: 'x' }],
      'Unable to access invalid index: 3: invalid index referenced'],
  ];
  for (const [ops, cause] of rows) {
    const e = failure(() => applyPatch('json', cm(), ops, CM));
    assert.equal(e.code, 'Invalid');
    assert.equal(e.httpStatus, 422);
    assert.equal(e.message, 'the server rejected our request due to an error in our request');
    assert.equal(e.details?.causes?.[0]?.message, cause);
  }
});

test('json patch: too many operations is 413', () => {
  const ops = Array.from({ length: MAX_JSON_PATCH_OPERATIONS + 1 }, () => ({ op: 'test', path: '/kind', value: 'ConfigMap' }));
  const e = failure(() => applyPatch('json', cm(), ops, CM));
  assert.equal(e.code, 'RequestEntityTooLarge');
  assert.match(e.message, /maximum operations in a JSON patch is 10000, got 10001/);
});

test('json patch: replacing the whole document with a non-object is 422', () => {
  const e = failure(() => applyPatch('json', cm(), [{ op: 'replace', path: '', value: 5 }], CM));
  assert.equal(e.code, 'Invalid');
});

test('merge patch: RFC 7386 examples', () => {
  const got = applyPatch('merge', { metadata: { name: 'x' }, a: 'b', c: { d: 'e', f: 'g' }, arr: [1, 2] },
    { a: 'z', c: { f: null, h: { i: null, j: 1 } }, arr: [3], n: null }, CM);
  assert.deepEqual(got, { metadata: { name: 'x' }, a: 'z', c: { d: 'e', h: { j: 1 } }, arr: [3] });
});

test('merge patch: a patch that is not an object is 400 Invalid JSON Patch', () => {
  for (const body of [null, 5, 'x', [1]]) {
    const e = failure(() => applyPatch('merge', cm(), body, CM));
    assert.equal(e.code, 'BadRequest');
    assert.equal(e.message, 'Invalid JSON Patch');
  }
});

test('merge patch works for custom resources (no patch metadata needed)', () => {
  const got = applyPatch('merge', { metadata: { name: 'w' }, spec: { size: 1 } }, { spec: { size: 2 } }, { group: 'example.com', kind: 'Widget' });
  assert.deepEqual(got.spec, { size: 2 });
});

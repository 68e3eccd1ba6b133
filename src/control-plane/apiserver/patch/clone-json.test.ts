/**
 * cloneJson, and the `__proto__` key handling every patch type relies on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cloneJson } from './clone-json.ts';
import { applyPatch } from './index.ts';
import { isK8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';

test('cloneJson copies deeply and shares nothing', () => {
  const src = { a: [1, { b: 'c' }], d: { e: null, f: true } };
  const out = cloneJson(src);
  assert.deepEqual(out, src);
  assert.notEqual(out.a, src.a);
  assert.notEqual(out.a[1], src.a[1]);
  assert.notEqual(out.d, src.d);
});

test('a "__proto__" key stays a plain field in every patch type and pollutes nothing', () => {
  const original = { metadata: { name: 'x' }, a: {} } as KObject;
  const body = JSON.parse('{"a":{"__proto__":{"polluted":1}}}');
  for (const type of ['strategic', 'merge'] as const) {
    const got = applyPatch(type, original, body, { group: '', kind: 'ConfigMap' });
    assert.equal(Object.getPrototypeOf(got.a), Object.prototype, type);
    assert.deepEqual(Object.keys(got.a), ['__proto__'], type);
    assert.equal(JSON.stringify(got.a), '{"__proto__":{"polluted":1}}', type);
  }
  const cloned = cloneJson(JSON.parse('{"__proto__":{"x":1}}'));
  assert.deepEqual(Object.keys(cloned), ['__proto__']);
  assert.throws(
    () => applyPatch('json', original, [{ op: 'add', path: '/a/__proto__/polluted', value: 1 }], { group: '', kind: 'ConfigMap' }),
    (e: unknown) => isK8sError(e, 'Invalid'),
  );
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encode, decode, rawWithRV } from './codec.ts';

test('encode strips resourceVersion and puts metadata first; raw splice equals decode', () => {
  const v = encode({ spec: { a: 1 }, kind: 'Pod', apiVersion: 'v1', metadata: { name: 'x', resourceVersion: '9' } });
  assert.ok(v.startsWith('{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"}'));
  const kv = { key: 'k', value: v, createRevision: 3, modRevision: 7 };
  assert.deepEqual(JSON.parse(rawWithRV(kv)), decode(kv));
  assert.equal(decode(kv).metadata.resourceVersion, '7');
});

test('raw splice with empty metadata', () => {
  const kv = { key: 'k', value: '{"apiVersion":"v1","kind":"X","metadata":{}}', createRevision: 1, modRevision: 2 };
  assert.deepEqual(JSON.parse(rawWithRV(kv)).metadata, { resourceVersion: '2' });
});

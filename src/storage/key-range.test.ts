import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareKeys, keyRange, prefixEnd } from './key-range.ts';

test('prefixEnd increments the last code point', () => {
  assert.equal(prefixEnd('/registry/pods/'), '/registry/pods0');
  assert.equal(prefixEnd('a\u{10FFFF}'), 'b');
  assert.equal(prefixEnd('\u{D7FF}'), '\u{E000}');
  assert.equal(prefixEnd(''), undefined);
});

test('keyRange starts strictly after startAfter, never before the prefix', () => {
  assert.deepEqual(keyRange('/a/', '/a/x'), { lo: '/a/x\u0000', hi: '/a0' });
  assert.deepEqual(keyRange('/a/', '/0'), { lo: '/a/', hi: '/a0' });
  assert.equal(keyRange('').hi.length > 0, true);
});

test('compareKeys orders by UTF-8 bytes like SQLite, not by UTF-16 units', () => {
  // JS compares UTF-16 units (a surrogate 0xD83D < 0xFF61); SQLite compares code points.
  assert.ok('\u{1F600}' < '\uFF61');
  assert.ok(compareKeys('\uFF61', '\u{1F600}') < 0);
});

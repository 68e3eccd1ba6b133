import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSpecial, formatGoDuration, formatRFC3339 } from './special.ts';

test('formatGoDuration matches Go time.Duration.String', () => {
  const cases: Array<[bigint, string]> = [
    [0n, '0s'], [1n, '1ns'], [1100n, '1.1µs'], [2_200_000n, '2.2ms'], [1_000_000_000n, '1s'],
    [90_000_000_000n, '1m30s'], [3_600_000_000_000n, '1h0m0s'], [3_661_500_000_000n, '1h1m1.5s'],
    [-5_000_000_000n, '-5s'], [1_000_000_001n, '1.000000001s'],
  ];
  for (const [ns, want] of cases) assert.equal(formatGoDuration(ns), want, String(ns));
});

test('formatRFC3339 prints UTC seconds, or microseconds for MicroTime', () => {
  assert.equal(formatRFC3339(0n), '1970-01-01T00:00:00Z');
  assert.equal(formatRFC3339(1700000000n, 42), '2023-11-14T22:13:20.000042Z');
});

test('zero values of the special types', () => {
  const empty = new Uint8Array();
  assert.equal(decodeSpecial('Time', empty), null);
  assert.equal(decodeSpecial('MicroTime', empty), null);
  assert.equal(decodeSpecial('Duration', empty), '0s');
  assert.equal(decodeSpecial('Quantity', empty), '0');
  assert.equal(decodeSpecial('IntOrString', empty), 0);
  assert.equal(decodeSpecial('RawExtension', empty), null);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addQuantity, canonicalQuantity, compareQuantity, parseQuantity, quantityFromMilli, quantityMilli,
  quantityValue, subQuantity, tryParseQuantity, formatQuantity,
} from './quantity.ts';
import { isK8sError } from '../base/errors.ts';

test('canonical forms match upstream', () => {
  const cases: [string | number, string][] = [
    ['0', '0'], ['0Mi', '0'], ['1', '1'], ['1.5', '1500m'], ['0.1', '100m'], ['100m', '100m'], ['1000m', '1'],
    ['1500m', '1500m'], ['1.5Gi', '1536Mi'], ['1Gi', '1Gi'], ['1024Mi', '1Gi'], ['0.5Ki', '512'],
    ['1023Ki', '1023Ki'], ['1500Mi', '1500Mi'], ['1e3', '1e3'], ['1E3', '1e3'], ['1.5e3', '1500'],
    ['12e6', '12e6'], ['1000', '1k'], ['128974848', '128974848'], ['129e6', '129e6'], ['129M', '129M'],
    ['123Mi', '123Mi'], ['-1', '-1'], ['-1.5Gi', '-1536Mi'], ['+5', '5'], ['0.0001', '100u'],
    ['1n', '1n'], ['0.1m', '100u'], ['.5', '500m'], ['5.', '5'], ['1k', '1k'], ['1000k', '1M'],
    [2, '2'], [0.25, '250m'], ['1Ei', '1Ei'], ['8Ei', '8Ei'], ['1e-3', '1e-3'],
  ];
  for (const [input, want] of cases) assert.equal(canonicalQuantity(input), want, `input ${input}`);
});

test('rounds values finer than nano up', () => {
  assert.equal(canonicalQuantity('0.0000000001'), '1n');
  assert.equal(canonicalQuantity('1.0000000001'), '1000000001n');
});

test('invalid quantities throw BadRequest with upstream messages', () => {
  for (const bad of ['', 'abc', '1 Gi', ' 1', '1.2.3', 'Gi', '.', '1Mb']) {
    assert.throws(() => parseQuantity(bad), (e) => isK8sError(e, 'BadRequest') && /regular expression/.test(e.message), bad);
  }
  for (const bad of ['1e', '1ki', '1KK']) {
    assert.throws(() => parseQuantity(bad), (e) => isK8sError(e, 'BadRequest') && e.message === "unable to parse quantity's suffix", bad);
  }
  assert.equal(tryParseQuantity('x'), undefined);
  assert.ok(tryParseQuantity('1Gi'));
});

test('compare, add, subtract', () => {
  assert.equal(compareQuantity(parseQuantity('1Gi'), parseQuantity('1024Mi')), 0);
  assert.equal(compareQuantity(parseQuantity('999m'), parseQuantity('1')), -1);
  assert.equal(compareQuantity(parseQuantity('1k'), parseQuantity('999')), 1);
  assert.equal(formatQuantity(addQuantity(parseQuantity('100m'), parseQuantity('900m'))), '1');
  assert.equal(formatQuantity(addQuantity(parseQuantity('1Gi'), parseQuantity('512Mi'))), '1536Mi');
  assert.equal(formatQuantity(subQuantity(parseQuantity('1'), parseQuantity('250m'))), '750m');
});

test('milli and unit values round up', () => {
  assert.equal(quantityMilli(parseQuantity('100m')), 100);
  assert.equal(quantityMilli(parseQuantity('2')), 2000);
  assert.equal(quantityMilli(parseQuantity('1n')), 1);
  assert.equal(quantityValue(parseQuantity('1Gi')), 1073741824);
  assert.equal(quantityValue(parseQuantity('100m')), 1);
  assert.equal(quantityValue(parseQuantity('-1.5')), -1);
  assert.equal(formatQuantity(quantityFromMilli(250)), '250m');
});

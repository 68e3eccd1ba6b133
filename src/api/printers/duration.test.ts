import { test } from 'node:test';
import assert from 'node:assert/strict';
import { humanDuration, since } from './duration.ts';

const S = 1000, M = 60 * S, H = 60 * M, D = 24 * H, Y = 365 * D;

test('humanDuration matches upstream HumanDuration', () => {
  const cases: [number, string][] = [
    [-2 * S, '<invalid>'], [-1500, '0s'], [-1, '0s'], [0, '0s'], [999, '0s'], [45 * S, '45s'], [119 * S, '119s'],
    [2 * M, '2m'], [3 * M + 20 * S, '3m20s'], [9 * M + 59 * S, '9m59s'], [10 * M, '10m'], [179 * M, '179m'],
    [3 * H, '3h'], [5 * H, '5h'], [7 * H + 59 * M, '7h59m'], [8 * H, '8h'], [47 * H, '47h'], [2 * D, '2d'],
    [2 * D + 3 * H, '2d3h'], [7 * D + 23 * H, '7d23h'], [8 * D, '8d'], [729 * D, '729d'], [2 * Y, '2y'],
    [3 * Y + 45 * D, '3y45d'], [8 * Y, '8y'], [10 * Y + 100 * D, '10y'],
  ];
  for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, `${ms}ms`);
});

test('since handles unset and bad timestamps', () => {
  assert.equal(since(undefined, 0), '<unknown>');
  assert.equal(since('', 0), '<unknown>');
  assert.equal(since('garbage', 0), '<unknown>');
  assert.equal(since('2026-01-01T00:00:00Z', Date.parse('2026-01-01T00:05:00Z')), '5m');
});

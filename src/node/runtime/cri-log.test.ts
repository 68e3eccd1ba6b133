import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCriLog, parseCriLog, rfc3339Nano } from './cri-log.ts';

test('CRI log records round-trip; partial records are marked P', () => {
  const t = rfc3339Nano(Date.UTC(2024, 0, 2, 3, 4, 5, 120));
  assert.equal(t, '2024-01-02T03:04:05.12Z');
  const line = formatCriLog(t, 'stderr', true, 'half a li');
  assert.equal(line.toString(), '2024-01-02T03:04:05.12Z stderr P half a li\n');
  const r = parseCriLog(line.subarray(0, line.length - 1))!;
  assert.deepEqual([r.stream, r.partial, r.content.toString(), r.timeMs], ['stderr', true, 'half a li', Date.UTC(2024, 0, 2, 3, 4, 5, 120)]);
  assert.equal(parseCriLog(Buffer.from('2024-01-02T03:04:05Z stdout F '))?.content.length, 0);
  assert.equal(parseCriLog(Buffer.from('garbage')), undefined);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isK8sError } from '../../../base/errors.ts';
import { nextAfter, parseSchedule } from './schedule.ts';

const at = (iso: string) => Date.parse(iso);
const next = (spec: string, from: string, tz?: string) => new Date(nextAfter(parseSchedule(spec, tz), at(from)) ?? 0).toISOString();

test('five-field schedules, steps, ranges, names and descriptors', () => {
  assert.equal(next('* * * * *', '2026-01-01T00:00:30Z'), '2026-01-01T00:01:00.000Z');
  assert.equal(next('*/15 * * * *', '2026-01-01T00:15:00Z'), '2026-01-01T00:30:00.000Z');
  assert.equal(next('5 4 * * sun', '2026-01-01T00:00:00Z'), '2026-01-04T04:05:00.000Z');
  assert.equal(next('0 9-17/4 * jan-mar mon-fri', '2026-01-01T10:00:00Z'), '2026-01-01T13:00:00.000Z');
  assert.equal(next('@hourly', '2026-01-01T10:00:00Z'), '2026-01-01T11:00:00.000Z');
  assert.equal(next('@daily', '2026-01-01T10:00:00Z'), '2026-01-02T00:00:00.000Z');
  assert.equal(next('@weekly', '2026-01-01T10:00:00Z'), '2026-01-04T00:00:00.000Z');
  assert.equal(next('@monthly', '2026-01-01T10:00:00Z'), '2026-02-01T00:00:00.000Z');
  assert.equal(next('@yearly', '2026-01-01T10:00:00Z'), '2027-01-01T00:00:00.000Z');
  assert.equal(next('0 0 31 2 *', '2026-01-01T00:00:00Z'), '1970-01-01T00:00:00.000Z', 'never');
  // Day-of-month OR day-of-week when both are restricted.
  assert.equal(next('0 0 13 * fri', '2026-02-01T00:00:00Z'), '2026-02-06T00:00:00.000Z');
});

test('time zones: spec.timeZone and CRON_TZ, across a DST change', () => {
  assert.equal(next('0 9 * * *', '2026-01-01T00:00:00Z', 'America/New_York'), '2026-01-01T14:00:00.000Z');
  assert.equal(next('CRON_TZ=Asia/Tokyo 0 9 * * *', '2026-01-01T00:00:00Z'), '2026-01-02T00:00:00.000Z');
  assert.equal(next('0 9 * * *', '2026-07-01T00:00:00Z', 'America/New_York'), '2026-07-01T13:00:00.000Z');
  // 02:30 does not exist on 2026-03-08 in New York.
  assert.equal(next('30 2 * * *', '2026-03-07T12:00:00Z', 'America/New_York'), '2026-03-09T06:30:00.000Z');
});

test('invalid schedules and zones are BadRequest', () => {
  for (const s of ['* * * *', '60 * * * *', '@often', '*/0 * * * *', 'x * * * *']) {
    assert.throws(() => parseSchedule(s), (e) => isK8sError(e, 'BadRequest'), s);
  }
  assert.throws(() => parseSchedule('* * * * *', 'Mars/Base'), (e) => isK8sError(e, 'BadRequest'));
});

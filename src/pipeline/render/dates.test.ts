// Front-matter dates: ISO 8601 with offset in any zone, by named case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTimeZone, formatZonedDate } from './dates.ts';

test('dates: zones and offsets by case', () => {
  const cases: Array<[string, string, string, string]> = [
    // [why, instant, zone, expected]
    ['UTC is written +00:00, not Z', '2022-02-02T02:38:07Z', 'UTC', '2022-02-02T02:38:07+00:00'],
    ['an IANA zone moves the wall clock and the date', '2022-02-01T20:00:00Z', 'Asia/Shanghai', '2022-02-02T04:00:00+08:00'],
    ['daylight saving time: New York in July is -04:00', '2022-07-01T12:00:00Z', 'America/New_York', '2022-07-01T08:00:00-04:00'],
    ['and in January -05:00', '2022-01-01T12:00:00Z', 'America/New_York', '2022-01-01T07:00:00-05:00'],
    ['half-hour zones', '2022-01-01T12:00:00Z', 'Asia/Kolkata', '2022-01-01T17:30:00+05:30'],
    ['45-minute zones', '2022-01-01T12:00:00Z', 'Asia/Kathmandu', '2022-01-01T17:45:00+05:45'],
    ['Lord Howe shifts by 30 minutes in summer', '2022-01-01T12:00:00Z', 'Australia/Lord_Howe', '2022-01-01T23:00:00+11:00'],
    ['a fixed offset "+08:00"', '2022-02-02T02:38:07Z', '+08:00', '2022-02-02T10:38:07+08:00'],
    ['a fixed offset "-0330"', '2022-02-02T02:38:07Z', '-0330', '2022-02-01T23:08:07-03:30'],
    ['"UTC+8"', '2022-02-02T02:38:07Z', 'UTC+8', '2022-02-02T10:38:07+08:00'],
    ['fractions of seconds are dropped', '2022-02-02T02:38:07.999Z', 'UTC', '2022-02-02T02:38:07+00:00'],
    ['a date before 1970', '1969-07-20T20:17:40Z', 'UTC', '1969-07-20T20:17:40+00:00'],
    ['a year below 100 keeps four digits', '0099-12-31T23:00:00Z', 'UTC', '0099-12-31T23:00:00+00:00'],
  ];
  for (const [why, instant, zone, expected] of cases) assert.equal(formatZonedDate(instant, zone)?.iso, expected, why);
  assert.equal(formatZonedDate('2022-02-01T20:00:00Z', 'Asia/Shanghai')?.local, '2022-02-02 04:00:00', 'local: wall clock, no offset');
  assert.deepEqual(
    (({ year, month, day }) => ({ year, month, day }))(formatZonedDate('2022-02-01T20:00:00Z', 'Asia/Shanghai')!),
    { year: '2022', month: '02', day: '02' },
  );
  assert.equal(formatZonedDate('not a date', 'UTC'), null);
});

test('dates: unknown zones and out-of-range offsets are refused', () => {
  for (const zone of ['Mars/Olympus', '+15:00', '+08:75', 'EST5EDT6']) {
    assert.throws(() => checkTimeZone(zone), { code: 'render.time-zone' }, zone);
  }
  for (const zone of ['UTC', 'Z', 'gmt', '', 'Asia/Shanghai', '+14:00', '-12']) assert.doesNotThrow(() => checkTimeZone(zone), zone);
});

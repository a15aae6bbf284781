import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, formatSize, parseDuration, parseSize } from './units.ts';

interface Case<T> {
  name: string;
  input: string | number;
  want: T | null;
}

const DURATIONS: Case<number>[] = [
  { name: 'seconds', input: '90s', want: 90 },
  { name: 'minutes', input: '15m', want: 900 },
  { name: 'hours', input: '24h', want: 86_400 },
  { name: 'days', input: '1d', want: 86_400 },
  { name: 'weeks', input: '2w', want: 1_209_600 },
  { name: 'milliseconds', input: '500ms', want: 0.5 },
  { name: 'decimal', input: '1.5h', want: 5400 },
  { name: 'leading dot', input: '.5m', want: 30 },
  { name: 'several parts, as Go writes them', input: '1h30m', want: 5400 },
  { name: 'several parts with spaces', input: '1d 12h', want: 129_600 },
  { name: 'long unit names', input: '10 seconds', want: 10 },
  { name: 'long unit names, plural minutes', input: '15 minutes', want: 900 },
  { name: 'min abbreviation', input: '15min', want: 900 },
  { name: 'upper case is still minutes (there are no months)', input: '15M', want: 900 },
  { name: 'surrounding space', input: '  30s ', want: 30 },
  { name: 'bare number text is seconds', input: '90', want: 90 },
  { name: 'a number is seconds', input: 90, want: 90 },
  { name: 'zero', input: '0s', want: 0 },
  { name: 'float sums do not drift', input: '100ms200ms', want: 0.3 },
  { name: 'empty', input: '', want: null },
  { name: 'unit only', input: 'm', want: null },
  { name: 'unknown unit (months vary in length)', input: '1mo', want: null },
  { name: 'years are refused', input: '1y', want: null },
  { name: 'negative', input: '-5s', want: null },
  { name: 'negative number', input: -5, want: null },
  { name: 'trailing junk', input: '5s!', want: null },
  { name: 'words', input: 'soon', want: null },
  { name: 'NaN', input: Number.NaN, want: null },
  { name: 'Infinity', input: Number.POSITIVE_INFINITY, want: null },
];

for (const c of DURATIONS) {
  test(`parseDuration: ${c.name}`, () => assert.equal(parseDuration(c.input), c.want));
}

const SIZES: Case<number>[] = [
  { name: 'megabytes', input: '20MB', want: 20 * 1024 ** 2 },
  { name: 'kilobytes', input: '512KB', want: 512 * 1024 },
  { name: 'gigabytes', input: '1GB', want: 1024 ** 3 },
  { name: 'KiB is the same as KB', input: '512KiB', want: 512 * 1024 },
  { name: 'bare letter', input: '10M', want: 10 * 1024 ** 2 },
  { name: 'lower case', input: '20mb', want: 20 * 1024 ** 2 },
  { name: 'space before the unit', input: '20 MB', want: 20 * 1024 ** 2 },
  { name: 'decimal', input: '1.5KB', want: 1536 },
  { name: 'bytes', input: '100B', want: 100 },
  { name: 'bare number text is bytes', input: '2048', want: 2048 },
  { name: 'a number is bytes', input: 2048, want: 2048 },
  { name: 'rounded to a whole byte', input: '0.5B', want: 1 },
  { name: 'empty', input: '', want: null },
  { name: 'unknown unit', input: '5TB', want: null },
  { name: 'bits are not bytes', input: '5Mb/s', want: null },
  { name: 'negative', input: '-1MB', want: null },
  { name: 'negative number', input: -1, want: null },
  { name: 'words', input: 'big', want: null },
];

for (const c of SIZES) {
  test(`parseSize: ${c.name}`, () => assert.equal(parseSize(c.input), c.want));
}

test('formatDuration uses the largest unit that divides exactly', () => {
  assert.deepEqual(
    [0, 1, 90, 900, 3600, 5400, 86_400, 93_600, 604_800, 0.5].map(formatDuration),
    ['0s', '1s', '90s', '15m', '1h', '90m', '1d', '26h', '1w', '500ms'],
  );
});

test('formatSize uses the largest unit that divides exactly', () => {
  assert.deepEqual(
    [0, 100, 1024, 1536, 20 * 1024 ** 2, 1024 ** 3].map(formatSize),
    ['0B', '100B', '1KB', '1536B', '20MB', '1GB'],
  );
});

test('format then parse gives the number back', () => {
  for (const seconds of [0, 1, 59, 60, 61, 3599, 3600, 86_400, 93_600, 1_209_600]) assert.equal(parseDuration(formatDuration(seconds)), seconds);
  for (const bytes of [0, 1, 1023, 1024, 1536, 10 * 1024 ** 2, 1024 ** 3]) assert.equal(parseSize(formatSize(bytes)), bytes);
});

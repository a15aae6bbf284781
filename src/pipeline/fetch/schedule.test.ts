// Table tests for scheduleNextCheck: each case names the rule it pins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, publishingInterval, scheduleNextCheck, type ScheduleOptions } from './schedule.ts';

const NOW = new Date('2024-05-01T12:00:00Z');
const H = 3600;
const DAY = 24 * H;

const ok = { kind: 'ok' as const, disable: false, retryAfterSeconds: null, maxAgeSeconds: null, error: null };
const notModified = { ...ok, kind: 'not-modified' as const };
const failed = (code: string, retryAfterSeconds: number | null = null) => ({
  kind: 'failed' as const,
  disable: false,
  retryAfterSeconds,
  maxAgeSeconds: null,
  error: { code: code as 'server-error', message: `fetch: ${code} (500) https://x.test/`, hint: '' },
});

/** Items published every `gapHours`, newest `ageHours` ago. */
function every(gapHours: number, count = 10, ageHours = 0): Date[] {
  return Array.from({ length: count }, (_, i) => new Date(NOW.getTime() - (ageHours + i * gapHours) * H * 1000));
}

interface Case {
  name: string;
  options: Partial<ScheduleOptions>;
  /** Seconds from now, or null for no next check. */
  wait: number | null;
  failures: number;
  reason: RegExp;
}

const CASES: Case[] = [
  { name: 'adaptive: hourly items → every 30 min', options: { itemDates: every(1) }, wait: 30 * 60, failures: 0, reason: /adaptive: half the usual gap between items, 30m$/ },
  { name: 'adaptive: daily items → every 12 h', options: { itemDates: every(24) }, wait: 12 * H, failures: 0, reason: /12h$/ },
  { name: 'adaptive: weekly items → capped at 24 h', options: { itemDates: every(168) }, wait: DAY, failures: 0, reason: /capped at 1d$/ },
  { name: 'adaptive: items every 5 min → raised to the minimum', options: { itemDates: every(1 / 12) }, wait: 15 * 60, failures: 0, reason: /raised to the minimum 15m$/ },
  { name: 'adaptive: the median resists one burst', options: { itemDates: [...every(6, 8), new Date(NOW.getTime() - 60_000), new Date(NOW.getTime() - 120_000)] }, wait: 3 * H, failures: 0, reason: /3h$/ },
  { name: 'adaptive: items stamped together are one publication', options: { itemDates: [...every(4, 5), ...every(4, 5)] }, wait: 2 * H, failures: 0, reason: /2h$/ },
  { name: 'adaptive: order and bad dates do not matter', options: { itemDates: [...every(2, 6)].reverse().concat([null as unknown as Date, new Date('garbage')]) }, wait: H, failures: 0, reason: /1h$/ },
  { name: 'no publishing history → 1 h', options: { itemDates: [] }, wait: H, failures: 0, reason: /no publishing history, 1h$/ },
  { name: 'one dated item is not a rhythm', options: { itemDates: every(1, 1) }, wait: H, failures: 0, reason: /no publishing history/ },
  { name: 'not modified is a success too', options: { result: notModified, itemDates: every(2) }, wait: H, failures: 0, reason: /^not modified; adaptive/ },
  { name: 'a success resets the failure count', options: { failures: 7, itemDates: every(2) }, wait: H, failures: 0, reason: /^fetched/ },
  { name: 'max-age stretches the interval (RFC 9111)', options: { result: { ...ok, maxAgeSeconds: 3 * H }, itemDates: every(1) }, wait: 3 * H, failures: 0, reason: /stretched by the cache lifetime 3h$/ },
  { name: 'max-age never shortens it', options: { result: { ...ok, maxAgeSeconds: 60 }, itemDates: every(4) }, wait: 2 * H, failures: 0, reason: /2h$/ },
  { name: 'max-age is capped at 24 h', options: { result: { ...ok, maxAgeSeconds: 7 * DAY }, itemDates: every(1) }, wait: DAY, failures: 0, reason: /stretched by the cache lifetime 7d; capped at 1d$/ },
  { name: 'RSS ttl stretches the interval', options: { ttlMinutes: 180, itemDates: every(1) }, wait: 3 * H, failures: 0, reason: /stretched by RSS ttl 3h$/ },
  { name: 'RSS ttl is capped at 24 h', options: { ttlMinutes: 10_000 }, wait: DAY, failures: 0, reason: /capped at 1d$/ },
  { name: 'the longer of max-age and ttl wins', options: { ttlMinutes: 120, result: { ...ok, maxAgeSeconds: 5 * H } }, wait: 5 * H, failures: 0, reason: /cache lifetime 5h$/ },
  { name: '--every pins the interval', options: { everySeconds: 10 * 60, itemDates: every(24), ttlMinutes: 600, result: { ...ok, maxAgeSeconds: DAY } }, wait: 600, failures: 0, reason: /pinned by --every 10m$/ },
  { name: 'the maximum is configurable', options: { maxIntervalSeconds: 6 * H, itemDates: every(168) }, wait: 6 * H, failures: 0, reason: /capped at 6h$/ },
  { name: 'first failure: the minimum', options: { result: failed('server-error') }, wait: 15 * 60, failures: 1, reason: /^failure 1 \(fetch: server-error \(500\) https:\/\/x\.test\/\): backoff 15m$/ },
  { name: 'fourth failure: 2^3 × the minimum', options: { failures: 3, result: failed('server-error') }, wait: 2 * H, failures: 4, reason: /backoff 2h$/ },
  { name: 'many failures: capped at 24 h, still scheduled', options: { failures: 40, result: failed('server-error') }, wait: DAY, failures: 41, reason: /^failure 41 .*backoff 1d$/ },
  { name: 'failure with --every backs off from it', options: { everySeconds: H, failures: 1, result: failed('dns') }, wait: 2 * H, failures: 2, reason: /backoff 2h$/ },
  { name: 'Retry-After longer than the backoff is honoured', options: { result: failed('rate-limited', 2 * H) }, wait: 2 * H, failures: 1, reason: /Retry-After 2h honoured$/ },
  { name: 'Retry-After shorter than the backoff does not shorten it', options: { failures: 5, result: failed('unavailable', 60) }, wait: 8 * H, failures: 6, reason: /backoff 8h$/ },
  { name: 'Retry-After past the maximum is capped', options: { result: failed('rate-limited', 3 * DAY) }, wait: DAY, failures: 1, reason: /Retry-After 3d capped at 1d$/ },
  { name: '410 disables: no next check, and the reason says why', options: { result: { ...failed('gone'), disable: true } }, wait: null, failures: 1, reason: /^disabled: fetch: gone .*; re-enable the source to try again$/ },
];

test('scheduleNextCheck: the table', () => {
  for (const c of CASES) {
    const plan = scheduleNextCheck({ now: NOW, result: ok, failures: 0, minIntervalSeconds: 15 * 60, random: () => 0, ...c.options });
    const wait = plan.nextCheckAt === null ? null : (plan.nextCheckAt.getTime() - NOW.getTime()) / 1000;
    assert.equal(wait, c.wait, c.name);
    assert.equal(plan.failures, c.failures, c.name);
    assert.match(plan.reason, c.reason, `${c.name}: ${plan.reason}`);
  }
});

test('scheduleNextCheck: jitter only shortens a backoff, by at most a quarter, and keeps it growing', () => {
  for (let failures = 0; failures < 8; failures++) {
    const nominal = Math.min(DAY, 15 * 60 * 2 ** failures);
    const waits = [0, 0.25, 0.5, 0.75, 0.9999].map((r) => {
      const plan = scheduleNextCheck({ now: NOW, result: failed('server-error'), failures, minIntervalSeconds: 15 * 60, random: () => r });
      return (plan.nextCheckAt!.getTime() - NOW.getTime()) / 1000;
    });
    for (const w of waits) assert.ok(w <= nominal && w >= nominal * 0.75, `failures ${failures}: ${w}`);
    assert.deepEqual([...waits].sort((a, b) => b - a), waits, 'more random, shorter wait');
    const next = Math.min(DAY, nominal * 2);
    if (next < DAY) assert.ok(next * 0.75 > nominal, 'the shortest next wait is longer than the longest this one');
  }
});

test('publishingInterval and formatDuration', () => {
  assert.equal(publishingInterval(every(2), NOW), H);
  assert.equal(publishingInterval([], NOW), null);
  // Dates far in the future (bad clocks) are ignored.
  assert.equal(publishingInterval([...every(2), new Date('2030-01-01T00:00:00Z')], NOW), H);
  const table: Array<[number, string]> = [[45, '45s'], [60, '1m'], [900, '15m'], [3600, '1h'], [5400, '1h30m'], [86_400, '1d'], [129_600, '1.5d']];
  for (const [s, text] of table) assert.equal(formatDuration(s), text);
});

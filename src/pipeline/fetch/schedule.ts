// When to fetch a source next, and why (the reason is what `status` shows).
//
// Cases, in the order they are decided:
//   disabled   410 Gone (result.disable): no next check; the reason says how to bring it back.
//   failure    exponential backoff from the base interval (--every if pinned, else the minimum):
//              base · 2^(failures-1), capped at the maximum, then jittered down by up to 25 %
//              so sources failing together spread out. Retry-After (429/503) is honoured when
//              longer, up to the maximum. A failing source is never dropped: it always gets a time.
//   pinned     --every N: exactly N seconds after a success; caching hints do not move it.
//   adaptive   half the median gap between recent items (so a new item waits about half a
//              gap), within [minimum, maximum]; one hour when there are not two dated items.
//   stretched  Cache-Control max-age / Expires and RSS <ttl> can only lengthen the adaptive
//              interval, never past the maximum (24 h by default).
import type { FetchResult } from './types.ts';

const DAY = 24 * 60 * 60;
const NO_HISTORY_SECONDS = 60 * 60;
/** Items considered for the publishing rhythm: the most recent this many. */
const RHYTHM_ITEMS = 20;

/** What the scheduler needs to know about the attempt that just ended. */
export interface ScheduleOptions {
  now: Date;
  result: Pick<FetchResult, 'kind' | 'disable' | 'retryAfterSeconds' | 'maxAgeSeconds' | 'error'>;
  /** Consecutive failures before this attempt. */
  failures: number;
  /** --every, in seconds: pins the interval; null for adaptive. */
  everySeconds?: number | null;
  /** The shortest adaptive interval (and the first backoff step). */
  minIntervalSeconds: number;
  /** The longest interval of any kind; 24 h by default. */
  maxIntervalSeconds?: number;
  /** RSS <ttl>, in minutes. */
  ttlMinutes?: number | null;
  /** Published dates of the source's recent items, any order; for adaptive polling. */
  itemDates?: ReadonlyArray<Date | string | null>;
  /** In [0, 1): jitter. */
  random: () => number;
}

/** When to check next, the failure count to store, and a one-line reason for `status`. */
export interface ScheduleResult {
  /** Null only for a disabled source. */
  nextCheckAt: Date | null;
  failures: number;
  intervalSeconds: number | null;
  reason: string;
}

/** A short human duration: 45s, 15m, 2h, 1h30m, 1d. */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.round(s / 60)}m`;
  if (s < DAY) {
    const h = Math.floor(s / 3600);
    const m = Math.round((s % 3600) / 60);
    return m === 0 ? `${h}h` : m === 60 ? `${h + 1}h` : `${h}h${m}m`;
  }
  const d = s / DAY;
  return Number.isInteger(d) ? `${d}d` : `${+d.toFixed(1)}d`;
}

/** Half the median gap between the newest dated items, or null when fewer than two distinct dates. */
export function publishingInterval(itemDates: ReadonlyArray<Date | string | null>, now: Date): number | null {
  const times = itemDates
    .map((d) => (d === null ? NaN : new Date(d).getTime()))
    // Future dates (beyond a day of clock skew) say nothing about the rhythm.
    .filter((t) => Number.isFinite(t) && t <= now.getTime() + DAY * 1000)
    .sort((a, b) => b - a)
    .slice(0, RHYTHM_ITEMS);
  const gaps: number[] = [];
  for (let i = 1; i < times.length; i++) {
    const gap = (times[i - 1]! - times[i]!) / 1000;
    if (gap > 0) gaps.push(gap); // items stamped together are one publication
  }
  if (gaps.length === 0) return null;
  gaps.sort((a, b) => a - b);
  const mid = gaps.length >> 1;
  const median = gaps.length % 2 ? gaps[mid]! : (gaps[mid - 1]! + gaps[mid]!) / 2;
  return median / 2;
}

/** Plans the next check of a source after one fetch attempt. */
export function scheduleNextCheck(options: ScheduleOptions): ScheduleResult {
  const { now, result } = options;
  const max = options.maxIntervalSeconds ?? DAY;
  const min = Math.min(options.minIntervalSeconds, max);
  const every = options.everySeconds && options.everySeconds > 0 ? options.everySeconds : null;
  const at = (seconds: number) => new Date(now.getTime() + Math.round(seconds * 1000));

  if (result.disable) {
    const why = result.error?.message ?? 'the server said the resource is gone';
    return { nextCheckAt: null, failures: options.failures + 1, intervalSeconds: null, reason: `disabled: ${why}; re-enable the source to try again` };
  }

  if (result.kind === 'failed') {
    const failures = options.failures + 1;
    const base = Math.min(every ?? min, max);
    const nominal = Math.min(max, base * 2 ** Math.min(failures - 1, 52));
    const random = Math.min(Math.max(options.random(), 0), 1);
    let seconds = nominal * (1 - 0.25 * random);
    const why = result.error?.message ?? 'fetch failed';
    let reason = `failure ${failures} (${why}): backoff ${formatDuration(seconds)}`;
    const retryAfter = result.retryAfterSeconds;
    if (retryAfter !== null && retryAfter > seconds) {
      seconds = Math.min(retryAfter, max);
      reason += retryAfter > max ? `; Retry-After ${formatDuration(retryAfter)} capped at ${formatDuration(max)}` : `; Retry-After ${formatDuration(retryAfter)} honoured`;
    }
    return { nextCheckAt: at(seconds), failures, intervalSeconds: seconds, reason };
  }

  const fetched = result.kind === 'not-modified' ? 'not modified' : 'fetched';
  if (every) {
    return { nextCheckAt: at(every), failures: 0, intervalSeconds: every, reason: `${fetched}; pinned by --every ${formatDuration(every)}` };
  }

  const rhythm = publishingInterval(options.itemDates ?? [], now);
  let seconds = rhythm ?? NO_HISTORY_SECONDS;
  let reason = rhythm === null ? `${fetched}; no publishing history, ${formatDuration(seconds)}` : `${fetched}; adaptive: half the usual gap between items, ${formatDuration(seconds)}`;
  if (seconds < min) {
    seconds = min;
    reason += `, raised to the minimum ${formatDuration(min)}`;
  }
  const maxAge = result.maxAgeSeconds;
  if (maxAge !== null && maxAge > seconds) {
    seconds = maxAge;
    reason += `; stretched by the cache lifetime ${formatDuration(maxAge)}`;
  }
  const ttl = options.ttlMinutes && options.ttlMinutes > 0 ? options.ttlMinutes * 60 : null;
  if (ttl !== null && ttl > seconds) {
    seconds = ttl;
    reason += `; stretched by RSS ttl ${formatDuration(ttl)}`;
  }
  if (seconds > max) {
    seconds = max;
    reason += `; capped at ${formatDuration(max)}`;
  }
  return { nextCheckAt: at(seconds), failures: 0, intervalSeconds: seconds, reason };
}

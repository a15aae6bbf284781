// Durations and sizes as people write them in tidings.yaml, on the command line and in
// the environment, turned into plain numbers (seconds, bytes) for the rest of the program.
//
// Durations:
// - a number with a unit: "500ms", "90s", "15m", "24h", "1d", "2w"; decimals allowed ("1.5h");
// - several in a row, largest first or not: "1h30m", "1d 12h" (summed, as Go's time.ParseDuration);
// - long unit names: "10 seconds", "15 min", "2 hours", "1 day";
// - a bare number ("90", or the YAML number 90) means seconds;
// - no months or years: their length varies, and nobody polls a feed that rarely;
// - upper case is accepted ("15M" is 15 minutes, never months, since there are no months).
// Sizes:
// - a number with a unit: "512B", "512KB", "20MB", "1GB"; decimals allowed ("1.5MB");
// - KB, MB, GB are powers of 1024, as in most servers' configs (nginx, PostgreSQL); "KiB",
//   "MiB", "GiB" and the bare letters "K", "M", "G" mean the same, so no guess is needed;
// - a bare number means bytes; the result is rounded to a whole byte.
// Both refuse negatives, empty text, NaN/Infinity and unknown units: they return null, and
// the caller says what was wrong where it knows the file and the key.

const DURATION_UNITS: Record<string, number> = {
  ms: 0.001, msec: 0.001, millisecond: 0.001, milliseconds: 0.001,
  s: 1, sec: 1, secs: 1, second: 1, seconds: 1,
  m: 60, min: 60, mins: 60, minute: 60, minutes: 60,
  h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600,
  d: 86_400, day: 86_400, days: 86_400,
  w: 604_800, week: 604_800, weeks: 604_800,
};

const SIZE_UNITS: Record<string, number> = {
  b: 1, byte: 1, bytes: 1,
  k: 1024, kb: 1024, kib: 1024,
  m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2,
  g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3,
};

const NUMBER = String.raw`\d+(?:\.\d+)?|\.\d+`;
const BARE_NUMBER_RE = new RegExp(`^(?:${NUMBER})$`);
const DURATION_PART_RE = new RegExp(`(${NUMBER})\\s*([a-z]+)\\s*`, 'gy');
const SIZE_RE = new RegExp(`^(${NUMBER})\\s*([a-z]*)$`);

/** "90s", "15m", "1h30m", "1d", 90 → seconds; null when the text is not a duration. */
export function parseDuration(input: string | number): number | null {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? input : null;
  const text = input.trim().toLowerCase();
  if (text === '') return null;
  if (BARE_NUMBER_RE.test(text)) return Number(text);
  let total = 0;
  let end = 0;
  DURATION_PART_RE.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = DURATION_PART_RE.exec(text)) !== null) {
    const unit = DURATION_UNITS[match[2]!];
    if (unit === undefined) return null;
    total += Number(match[1]) * unit;
    end = DURATION_PART_RE.lastIndex;
  }
  if (end !== text.length) return null;
  // Milliseconds summed as floats drift (0.1 + 0.2); a millisecond is the finest unit.
  return Math.round(total * 1000) / 1000;
}

/** "20MB", "512KB", "1.5 GiB", 2048 → bytes (KB = 1024 bytes); null when the text is not a size. */
export function parseSize(input: string | number): number | null {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? Math.round(input) : null;
  const match = SIZE_RE.exec(input.trim().toLowerCase());
  if (match === null) return null;
  const unit = match[2] === '' ? 1 : SIZE_UNITS[match[2]!];
  if (unit === undefined) return null;
  return Math.round(Number(match[1]) * unit);
}

/** Seconds → text in the largest unit that divides it exactly (90 → "90s", 900 → "15m", 93600 → "26h"). */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  if (!Number.isInteger(seconds)) return `${Math.round(seconds * 1000)}ms`;
  for (const [unit, size] of [['w', 604_800], ['d', 86_400], ['h', 3600], ['m', 60]] as const) {
    if (seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}

/** Bytes → text in the largest unit that divides it exactly (20971520 → "20MB", 1536 → "1536B"). */
export function formatSize(bytes: number): string {
  for (const [unit, size] of [['GB', 1024 ** 3], ['MB', 1024 ** 2], ['KB', 1024]] as const) {
    if (bytes !== 0 && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return `${bytes}B`;
}

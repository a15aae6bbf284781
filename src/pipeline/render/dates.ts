// Dates for front matter: ISO 8601 with an explicit offset, "2022-02-02T10:38:07+08:00".
//
// A zone is "UTC"/"Z"/"GMT" (→ +00:00), a fixed offset ("+08:00", "+0800", "-05:30",
// "UTC+8", "GMT-03:30"), or an IANA name ("Asia/Shanghai"), whose offset at that instant
// (daylight saving included) comes from Intl. Fractions of seconds are dropped: feeds
// rarely have them and every generator reads whole seconds.
import { InputError } from '../../errors.ts';

/** A date as written in one zone. */
export interface ZonedDate {
  /** "YYYY-MM-DDTHH:MM:SS±HH:MM". */
  iso: string;
  /** "YYYY-MM-DD HH:MM:SS": the wall clock in the zone, no offset (what `hexo new` writes). */
  local: string;
  year: string;
  month: string;
  day: string;
}

const FIXED_RE = /^(?:(?:UTC|GMT)\s*)?([+-])(\d{1,2})(?::?(\d{2}))?$/i;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Writes an instant (anything Date.parse reads; the model's "…Z" strings) in a zone; null when unreadable. */
export function formatZonedDate(instant: string | Date, timeZone: string): ZonedDate | null {
  const ms = instant instanceof Date ? instant.getTime() : Date.parse(instant);
  if (!Number.isFinite(ms)) return null;
  const offsetMinutes = zoneOffsetMinutes(ms, timeZone);
  const local = new Date(Math.floor(ms / 1000) * 1000 + offsetMinutes * 60_000);
  const year = local.getUTCFullYear();
  if (year < 1 || year > 9999) return null;
  const y = String(year).padStart(4, '0');
  const mo = pad(local.getUTCMonth() + 1);
  const d = pad(local.getUTCDate());
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return {
    iso: `${y}-${mo}-${d}T${time}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`,
    local: `${y}-${mo}-${d} ${time}`,
    year: y, month: mo, day: d,
  };
}

/** How dates are written: ISO 8601 with offset, or the zone's wall clock without one (see ProfileSettings.dateFormat). */
export type DateFormat = 'iso' | 'local';

/** The front-matter text of a date in the chosen format. */
export function dateText(date: ZonedDate, format: DateFormat): string {
  return format === 'local' ? date.local : date.iso;
}

/** Checks a zone name up front; throws InputError for one that is neither an offset nor a known IANA zone. */
export function checkTimeZone(timeZone: string): void {
  zoneOffsetMinutes(0, timeZone);
}

function zoneOffsetMinutes(ms: number, timeZone: string): number {
  const zone = timeZone.trim();
  if (zone === '' || /^(utc|gmt|z|etc\/utc|etc\/gmt)$/i.test(zone)) return 0;
  const fixed = FIXED_RE.exec(zone);
  if (fixed) {
    const minutes = Number(fixed[2]) * 60 + Number(fixed[3] ?? 0);
    if (minutes > 14 * 60 || Number(fixed[3] ?? 0) > 59) throw badZone(timeZone);
    return fixed[1] === '-' ? -minutes : minutes;
  }
  let format = formatters.get(zone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
      });
    } catch {
      throw badZone(timeZone);
    }
    formatters.set(zone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(ms)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  // Era-less en-US years are positive; years before 1 are refused by the caller anyway.
  const wall = new Date(0);
  // setUTCFullYear, not Date.UTC, which reads years 0–99 as 1900–1999.
  wall.setUTCFullYear(parts['year']!, parts['month']! - 1, parts['day']!);
  wall.setUTCHours(parts['hour']!, parts['minute']!, parts['second']!, 0);
  return Math.round((wall.getTime() - Math.floor(ms / 1000) * 1000) / 60_000);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function badZone(timeZone: string): InputError {
  return new InputError('render.time-zone', `render: unknown time zone ${JSON.stringify(timeZone)}`, {
    hint: 'use an IANA name such as "Asia/Shanghai", "UTC", or a fixed offset such as "+08:00"',
  });
}

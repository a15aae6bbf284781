// Dates as feeds really write them, read into one ISO 8601 UTC form.
//
// Handled (each path below says which):
//   - ISO 8601 / W3CDTF, extended format: "2004-02-28T18:14:55-08:00", fractional
//     seconds (truncated), a space instead of "T", a space before the zone, no zone
//     (→ assumeOffsetMinutes), date only (midnight), year-month, year only, ordinal
//     dates "2004-032", week dates "2004-W05-3", a 3-digit month "2003-012-31" and a
//     month name in the month slot "2004-július-13T9:15-05:00" (Hungarian style).
//   - ISO 8601 basic format: "20040201", "20040201T1234Z", "20040201T123456+0100".
//   - RFC 822 / 1123 / 2822 and their real-world variants, read token by token:
//     weekday optional and never checked (feeds get it wrong; the date wins), day and
//     month in either order, month names full or abbreviated (English, Greek,
//     Hungarian), any case, extra spaces and commas, missing seconds, missing time
//     (midnight), 2- and 3-digit years (RFC 2822 §4.3), named and numeric zones,
//     "GMT+8"-style zones, a trailing "(comment)", asctime "Sun Jan  4 16:29:06 2004",
//     Twitter "Sun Jul 15 01:16:00 +0000 2012", JavaScript Date#toString, RFC 850
//     "Sunday, 06-Nov-94 08:49:37 GMT", Perforce "Fri, 2006/09/15 08:19:53 EDT",
//     "2022/02/02 10:38:07", "2022.02.02 10:38", European "02.02.2022 10:38",
//     AM/PM, "December 5th, 2004 at 10:00 AM".
//   - Chinese, Japanese and Korean forms, rewritten to the numeric form first:
//     "2022年2月2日 星期三 下午3:05", "2022年02月02日 10时38分", "2004년 05월 28일 01:31:15",
//     "2004-05-25 오후 11:23:17", "2022年2月2日(水) 午後3時5分".
//
// Rejected (null), because reading them would be a guess:
//   - day/month order unknown: "02/03/2004", "03-12-31", "031231";
//   - an implied century or sign: "-0312", "-03-12", "03335", "22013" (ISO 8601:2000
//     truncated forms, dropped in 2004; "-0312" also reads as the year −312);
//   - any token not understood ("Sun, 16 zzz 2012 …"), any out-of-range field (month 13,
//     day 32, Feb 29 of a common year, hour 25, minute 61, zone -99:99), a zone
//     outside ±14:00, a result outside years 0001–9999, empty or blank text.
//
// Pure: no clock, no locale. Regexes are compiled once at module load.

/** Options for {@link parseDate}. */
export interface ParseDateOptions {
  /**
   * Offset from UTC in minutes assumed when the text names no zone; default 0 (UTC).
   * When given it also overrides the Korea-time default of Hangul dates.
   */
  assumeOffsetMinutes?: number;
}

/** Reads a date as real feeds write it; returns "YYYY-MM-DDTHH:MM:SSZ" (UTC, fractions truncated), or null when it cannot be read. */
export function parseDate(text: string | null | undefined, options?: ParseDateOptions): string | null {
  if (typeof text !== 'string') return null;
  let s = text.trim();
  if (s.length === 0 || s.length > MAX_LENGTH) return null;

  const assumed = options?.assumeOffsetMinutes;
  if (assumed !== undefined && !(Number.isInteger(assumed) && Math.abs(assumed) <= MAX_OFFSET_MINUTES)) {
    throw new RangeError(`date: assumeOffsetMinutes must be an integer within ±${MAX_OFFSET_MINUTES}, got ${assumed}`);
  }
  let defaultOffset = assumed ?? 0;

  const rfc = RFC1123_RE.exec(s);
  if (rfc !== null) return readRfc1123(rfc);

  if (NON_ASCII_RE.test(s)) {
    // Hangul dates carry no zone but are written in Korea (UTC+09:00, feedparser's
    // rule too); 年月日 alone stays unzoned because China (+08) and Japan (+09) share it.
    if (assumed === undefined && HANGUL_RE.test(s)) defaultOffset = KST_MINUTES;
    s = normalizeCjk(s);
  }

  const first = s.charCodeAt(0);
  if (first >= 48 && first <= 57) {
    // A failed ISO read falls through: "2004-12-05 10:00 PM" looks ISO up to its
    // "zone" and is a word form; the word reader refuses what ISO refused for range.
    const iso = ISO_EXTENDED_RE.exec(s);
    const isoResult = iso === null ? null : readIsoExtended(iso, defaultOffset);
    if (isoResult !== null) return isoResult;
    const basic = ISO_BASIC_RE.exec(s);
    if (basic !== null) return readIsoBasic(basic, defaultOffset);
  }
  return readTokens(s, defaultOffset);
}

// ---------------------------------------------------------------------------
// Limits and shared tables

/** Longer text is not a date (the longest real one, JS Date#toString with its comment, is ~70). */
const MAX_LENGTH = 160;
/** Real zones run from UTC−12:00 to UTC+14:00; anything beyond ±14:00 is garbage. */
const MAX_OFFSET_MINUTES = 14 * 60;
const KST_MINUTES = 9 * 60;

/**
 * Zone abbreviations, in minutes east of UTC. RFC 822 §5 names UT, GMT, Z and the
 * US zones; the rest are the abbreviations seen in feeds, chosen where one
 * reading dominates:
 * - CST is US Central (−06:00) as RFC 822 defines it, not China Standard Time:
 *   RFC 822 is the grammar of <pubDate>, and China-based feeds usually also carry
 *   a numeric "+0800", which wins over any name (see readTokens).
 * - IST is India (+05:30): Irish and Israel Standard Time also exist, but Indian
 *   publishers are where "IST" occurs in feeds; the Irish/Israeli ones write offsets.
 * - BST is British Summer Time (+01:00), not Bangladesh.
 * - AT/ET/CT/MT/PT are the generic North American names, read as standard time
 *   (feedparser does the same).
 * - AST/ADT are Atlantic (−04:00/−03:00), as in the US-centred RFC tables, not Arabia.
 * - Military single letters other than Z: RFC 822 got their signs backwards
 *   (RFC 1123 §5.2.14), so RFC 5322 §4.3 says to read them as −0000, i.e. UTC.
 * Names not listed (SST, CAT, …) make the date unreadable (null) rather than guessed.
 */
const ZONE_MINUTES: ReadonlyMap<string, number> = new Map(
  Object.entries({
    ut: 0, utc: 0, gmt: 0, z: 0, wet: 0,
    west: 60, bst: 60, cet: 60, met: 60, mez: 60,
    cest: 120, mest: 120, mesz: 120, eet: 120,
    eest: 180, msk: 180,
    ist: 330,
    ict: 420, wib: 420,
    hkt: 480, sgt: 480, awst: 480, pht: 480,
    jst: 540, kst: 540,
    acst: 570, acdt: 630,
    aest: 600, aedt: 660,
    nzst: 720, nzdt: 780,
    ndt: -150, nst: -210,
    adt: -180, ast: -240, at: -240,
    edt: -240, est: -300, et: -300,
    cdt: -300, cst: -360, ct: -360,
    mdt: -360, mst: -420, mt: -420,
    pdt: -420, pst: -480, pt: -480,
    akdt: -480, akst: -540,
    hst: -600,
    ...Object.fromEntries('abcdefghiklmnopqrstuvwxy'.split('').map((letter) => [letter, 0])),
  }),
);

const MONTHS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4,
    may: 5, jun: 6, june: 6, jul: 7, july: 7, aug: 8, august: 8,
    sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11,
    dec: 12, december: 12,
    // Greek abbreviations, with and without accents (feedparser's Greek handler).
    'ιαν': 1, 'φεβ': 2, 'μάρ': 3, 'μαρ': 3, 'μάώ': 3, 'μαώ': 3, 'απρ': 4,
    'μάι': 5, 'μαϊ': 5, 'μαι': 5, 'ιούν': 6, 'ιουν': 6, 'ιον': 6,
    'ιούλ': 7, 'ιουλ': 7, 'ιολ': 7, 'αύγ': 8, 'αυγ': 8, 'σεπ': 9, 'οκτ': 10,
    'νοέ': 11, 'νοε': 11, 'δεκ': 12,
    // Hungarian, full and abbreviated (feedparser's Hungarian handler).
    'január': 1, 'február': 2, 'februári': 2, 'febr': 2, 'március': 3, 'márc': 3,
    'április': 4, 'ápr': 4, 'május': 5, 'máj': 5, 'június': 6, 'jún': 6,
    'július': 7, 'júl': 7, augusztus: 8, szeptember: 9, szept: 9, 'október': 10, okt: 10,
  }),
);

const WEEKDAYS: ReadonlySet<string> = new Set([
  'mon', 'monday', 'tue', 'tues', 'tuesday', 'wed', 'weds', 'wednesday',
  'thu', 'thur', 'thurs', 'thursday', 'fri', 'friday', 'sat', 'saturday', 'sun', 'sunday',
  'κυρ', 'δευ', 'τρι', 'τετ', 'πεμ', 'παρ', 'σαβ',
]);

// ---------------------------------------------------------------------------
// ISO 8601

// 1 year, 2 week, 3 week day, 4 month (1–3 digits or a name), 5 day,
// 6 hour, 7 minute, 8 second, 9 zone.
const ISO_EXTENDED_RE =
  /^(\d{4})(?:-(?:W(\d{2})(?:-([1-7]))?|(\d{1,3}|\p{L}+)(?:-(\d{1,2}))?))?(?:(?:[Tt]|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?(?:\s*([Zz]|[+-]\d{1,2}(?::?\d{2})?|\p{L}[\p{L}/]*(?:[+-]\d{1,2}(?::?\d{2})?)?))?$/u;

function readIsoExtended(m: RegExpExecArray, defaultOffset: number): string | null {
  const year = +m[1];
  let days: number;
  let fullDate = true;
  if (m[2] !== undefined) {
    // Week date: only with its day, or the Monday of the week for "2004-W05".
    days = isoWeekToDays(year, +m[2], m[3] === undefined ? 1 : +m[3]);
    if (Number.isNaN(days)) return null;
    fullDate = m[3] !== undefined;
  } else if (m[4] === undefined) {
    days = daysFromCivil(year, 1, 1); // "2003": W3CDTF year only
    fullDate = false;
  } else {
    const monthText = m[4];
    const day = m[5];
    let month: number;
    const c = monthText.charCodeAt(0);
    if (c >= 48 && c <= 57) {
      if (monthText.length === 3) {
        if (day === undefined) {
          // "2004-032": ordinal day of the year.
          const ordinal = +monthText;
          if (ordinal < 1 || ordinal > (isLeapYear(year) ? 366 : 365)) return null;
          days = daysFromCivil(year, 1, 1) + ordinal - 1;
          return finish(days, m[6], m[7], m[8], m[9], defaultOffset, true);
        }
        // "2003-012-31": a zero-padded month (old ISO 8601 "YYYY-0MM-DD").
        if (monthText.charCodeAt(0) !== 48) return null;
      }
      month = +monthText;
    } else {
      month = MONTHS.get(monthText.toLowerCase()) ?? 0;
      if (month === 0) return null;
    }
    if (day === undefined) {
      if (month < 1 || month > 12) return null;
      days = daysFromCivil(year, month, 1); // "2003-12": W3CDTF year and month
      fullDate = false;
    } else {
      if (!isValidDate(year, month, +day)) return null;
      days = daysFromCivil(year, month, +day);
    }
  }
  return finish(days, m[6], m[7], m[8], m[9], defaultOffset, fullDate);
}

// 1 year, 2 month, 3 day, 4 hour, 5 minute, 6 second, 7 zone.
const ISO_BASIC_RE = /^(\d{4})(\d{2})(\d{2})(?:[Tt](\d{2})(\d{2})(?:(\d{2})(?:[.,]\d+)?)?)?([Zz]|[+-]\d{2}(?:\d{2})?)?$/;

function readIsoBasic(m: RegExpExecArray, defaultOffset: number): string | null {
  const year = +m[1];
  const month = +m[2];
  const day = +m[3];
  if (!isValidDate(year, month, day)) return null;
  return finish(daysFromCivil(year, month, day), m[4], m[5], m[6], m[7], defaultOffset, true);
}

/** Adds the time and zone to a day number; a zone without a time, or a time on a partial date, is refused. */
function finish(
  days: number,
  hourText: string | undefined,
  minuteText: string | undefined,
  secondText: string | undefined,
  zoneText: string | undefined,
  defaultOffset: number,
  fullDate: boolean,
): string | null {
  if (hourText === undefined) {
    if (zoneText !== undefined) return null;
    return formatUtc(days, 0, defaultOffset);
  }
  if (!fullDate) return null;
  const seconds = timeToSeconds(+hourText, +(minuteText ?? 0), secondText === undefined ? 0 : +secondText);
  if (seconds < 0) return null;
  let offset = defaultOffset;
  if (zoneText !== undefined) {
    const zone = readZone(zoneText.toLowerCase());
    if (zone === undefined) return null;
    offset = zone;
  }
  return formatUtc(days, seconds, offset);
}

// ---------------------------------------------------------------------------
// Chinese / Japanese / Korean markers → numeric form

// Weekday alternatives come first so that 星期日 / 일요일 are not read as the day marker.
const CJK_RE =
  /(星期[一二三四五六日天]|週[一二三四五六日天]|周[一二三四五六日天]|[(（][月火水木金土日一二三四五六天월화수목금토일][)）]|[月火水木金土日]曜日?|[월화수목금토일]요일)|([年년月월]\s*)|([日일])|(上午|午前|오전)|(下午|午後|오후)|([时時시]\s*)|([分분]\s*)(?=\d)|([分분秒초])|(：)/g;
const NON_ASCII_RE = /[^\x00-\x7f]/;
const HANGUL_RE = /[\uac00-\ud7a3]/;
const TRAILING_DASH_RE = /-$/;

function normalizeCjk(s: string): string {
  // "2022年2月" leaves "2022-2-": drop the dangling separator to read a year-month.
  return s.replace(CJK_RE, cjkReplacement).trim().replace(TRAILING_DASH_RE, '');
}

function cjkReplacement(
  _match: string,
  weekday: string | undefined,
  yearOrMonth: string | undefined,
  day: string | undefined,
  am: string | undefined,
  pm: string | undefined,
  hour: string | undefined,
  minuteBeforeSecond: string | undefined,
  unitAtEnd: string | undefined,
): string {
  if (weekday !== undefined) return ' ';
  if (yearOrMonth !== undefined) return '-';
  if (day !== undefined) return ' ';
  if (am !== undefined) return ' am ';
  if (pm !== undefined) return ' pm ';
  if (hour !== undefined || minuteBeforeSecond !== undefined) return ':';
  if (unitAtEnd !== undefined) return ' ';
  return ':'; // full-width colon
}

// ---------------------------------------------------------------------------
// Word forms (RFC 822 family, asctime, Twitter, Perforce, CJK after rewriting)

const SPLIT_RE = /[\s,]+/;
const COMMENT_RE = /\([^()]*\)/g;
const DIGITS_RE = /^\d+$/;
const HAS_DIGIT_RE = /\d/;
const ORDINAL_DAY_RE = /^(\d{1,2})(?:st|nd|rd|th)$/;
// 1 hour, 2 minute, 3 second, 4 am/pm, 5 zone glued to the time ("10:00:00+0100").
// One-digit minutes and seconds occur ("3:5" from Japanese 3時5分).
const TIME_RE = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,]\d+)?)?(?:(am|pm)|(z|[+-]\d{2}:?\d{2}))?$/;
// "2006/09/15", "2022-2-2", "2022.02.02": year first, same separator twice.
const YMD_RE = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/;
// "02.02.2022": dotted dates are day-first wherever they are written; slashed ones
// are not read (US month-first vs European day-first).
const DMY_DOT_RE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;
// RFC 850 "06-nov-94".
const RFC850_RE = /^(\d{1,2})-(\p{L}+)-(\d{2}|\d{4})$/u;

function readTokens(s: string, defaultOffset: number): string | null {
  if (s.includes('(')) s = s.replace(COMMENT_RE, ' ');
  const tokens = s.toLowerCase().split(SPLIT_RE);

  let year = -1;
  let month = -1;
  let day = -1;
  let seconds = -1; // time of day, once read
  let meridiem = 0; // 1 am, 2 pm
  let hour = 0;
  let minute = 0;
  let second = 0;
  let sawWeekday = false;
  let offset: number | undefined;
  let numericZone = false;

  for (let token of tokens) {
    if (token.length === 0) continue;
    // "Dec.", "Tue.", "a.m." and German-style "5." carry a period that means nothing.
    if (token.length > 1 && token.endsWith('.')) token = token.slice(0, -1);
    const c = token.charCodeAt(0);

    if (c >= 48 && c <= 57) {
      if (DIGITS_RE.test(token)) {
        const n = +token;
        if (token.length === 4) {
          if (year !== -1) return null;
          year = n;
        } else if (token.length <= 2) {
          if (day === -1) day = n;
          else if (year === -1) year = n < 50 ? 2000 + n : 1900 + n; // RFC 2822 §4.3
          else return null;
        } else if (token.length === 3) {
          if (year !== -1 || day === -1) return null;
          year = 1900 + n; // RFC 2822 §4.3: three-digit years add 1900
        } else {
          return null;
        }
        continue;
      }
      let m = TIME_RE.exec(token);
      if (m !== null) {
        if (seconds !== -1) return null;
        hour = +m[1];
        minute = +m[2];
        second = m[3] === undefined ? 0 : +m[3];
        seconds = 0;
        if (m[4] !== undefined) meridiem = m[4] === 'am' ? 1 : 2;
        if (m[5] !== undefined) {
          offset = readZone(m[5]);
          if (offset === undefined) return null;
          numericZone = true;
        }
        continue;
      }
      m = ORDINAL_DAY_RE.exec(token);
      if (m !== null) {
        if (day !== -1) return null;
        day = +m[1];
        continue;
      }
      // The remaining forms hold a whole date, so nothing of a date may come before.
      if (year !== -1 || month !== -1 || day !== -1) return null;
      m = YMD_RE.exec(token);
      if (m !== null) {
        year = +m[1];
        month = +m[3];
        day = +m[4];
        continue;
      }
      m = DMY_DOT_RE.exec(token);
      if (m !== null) {
        day = +m[1];
        month = +m[2];
        year = +m[3];
        continue;
      }
      m = RFC850_RE.exec(token);
      if (m !== null) {
        const named = MONTHS.get(m[2]);
        if (named === undefined) return null;
        day = +m[1];
        month = named;
        const y = +m[3];
        year = m[3].length === 4 ? y : y < 50 ? 2000 + y : 1900 + y;
        continue;
      }
      return null;
    }

    const named = MONTHS.get(token);
    if (named !== undefined) {
      if (month !== -1) return null;
      month = named;
      continue;
    }
    if (WEEKDAYS.has(token)) {
      if (sawWeekday) return null;
      sawWeekday = true; // never checked against the date: feeds often get it wrong
      continue;
    }
    if (token === 'am' || token === 'a.m' || token === 'pm' || token === 'p.m') {
      if (meridiem !== 0) return null;
      meridiem = token.charCodeAt(0) === 97 ? 1 : 2;
      continue;
    }
    if (seconds === -1) {
      // Before the time only filler words may appear: "December 5, 2004 at 10:00".
      if (token === 'at' || token === 'on') continue;
      return null;
    }
    // After the time: a zone. A numeric offset beats a name ("+0800 CST" is China
    // time, whatever CST means alone); two offsets or two names are a contradiction.
    const zone = readZone(token);
    if (zone === undefined) return null;
    const isNumeric = c === 43 || c === 45 || HAS_DIGIT_RE.test(token);
    if (offset === undefined) {
      offset = zone;
      numericZone = isNumeric;
    } else if (numericZone === isNumeric) {
      return null;
    } else if (isNumeric) {
      offset = zone;
      numericZone = true;
    } // else: a name beside a numeric offset is only a label
  }

  if (year === -1 || month === -1 || day === -1) return null;
  if (!isValidDate(year, month, day)) return null;
  let timeOfDay = 0;
  if (seconds !== -1) {
    if (meridiem === 1) {
      if (hour > 12) return null;
      if (hour === 12) hour = 0;
    } else if (meridiem === 2) {
      if (hour < 1 || hour > 12) return null;
      if (hour < 12) hour += 12;
    }
    timeOfDay = timeToSeconds(hour, minute, second);
    if (timeOfDay < 0) return null;
  } else if (meridiem !== 0) {
    return null;
  }
  return formatUtc(daysFromCivil(year, month, day), timeOfDay, offset ?? defaultOffset);
}

// ---------------------------------------------------------------------------
// The canonical RFC 1123 form, which nearly every <pubDate> uses

// 1 day, 2 month, 3 year, 4 hour, 5 minute, 6 second, 7 zone. readTokens reads the same text the
// same way; this only skips its splitting and lookups for the one spelling that dominates.
const RFC1123_RE = /^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) (GMT|UTC|UT|Z|[+-]\d{4})$/;
const RFC1123_MONTHS: Readonly<Record<string, number>> = {
  Jan: 1, Feb: 2, Mar: 3, Apr: 4, May: 5, Jun: 6, Jul: 7, Aug: 8, Sep: 9, Oct: 10, Nov: 11, Dec: 12,
};

function readRfc1123(m: RegExpExecArray): string | null {
  const year = +m[3];
  const month = RFC1123_MONTHS[m[2]];
  const day = +m[1];
  if (!isValidDate(year, month, day)) return null;
  const timeOfDay = timeToSeconds(+m[4], +m[5], +m[6]);
  if (timeOfDay < 0) return null;
  const zone = m[7];
  const offset = zone.charCodeAt(0) === 43 || zone.charCodeAt(0) === 45 ? readNumericZone(zone) : 0;
  if (offset === undefined) return null;
  return formatUtc(daysFromCivil(year, month, day), timeOfDay, offset);
}

/** parseDate without the RFC 1123 shortcut, which must agree with it. For tests. */
export function parseDateWithoutShortcut(text: string): string | null {
  return readTokens(text.trim(), 0);
}

// ---------------------------------------------------------------------------
// Zones

const NUMERIC_ZONE_RE = /^([+-])(\d{1,2})(?::?(\d{2}))?$/;
const PREFIXED_ZONE_RE = /^(etc\/)?(?:gmt|utc|ut)([+-].+)$/;

/** Minutes east of UTC for a lower-cased zone ("+0800", "-08:00", "est", "gmt+8", "etc/gmt"), or undefined. */
function readZone(zone: string): number | undefined {
  const c = zone.charCodeAt(0);
  if (c === 43 || c === 45) return readNumericZone(zone);
  const named = ZONE_MINUTES.get(zone.startsWith('etc/') ? zone.slice(4) : zone);
  if (named !== undefined) return named;
  const m = PREFIXED_ZONE_RE.exec(zone);
  if (m === null) return undefined;
  const minutes = readNumericZone(m[2]);
  // IANA "Etc/GMT+5" is POSIX-style: five hours *behind* UTC.
  return minutes === undefined || m[1] === undefined ? minutes : -minutes;
}

function readNumericZone(zone: string): number | undefined {
  const m = NUMERIC_ZONE_RE.exec(zone);
  if (m === null) return undefined;
  const hours = +m[2];
  const minutes = m[3] === undefined ? 0 : +m[3];
  if (minutes > 59) return undefined;
  const total = hours * 60 + minutes;
  if (total > MAX_OFFSET_MINUTES) return undefined;
  return m[1] === '-' ? -total : total;
}

// ---------------------------------------------------------------------------
// Calendar arithmetic (proleptic Gregorian, no Date: years below 100 stay as written)

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= (month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month]);
}

/**
 * Seconds since midnight, or -1 when out of range. Second 60 (a leap second) reads
 * as :59, the last representable whole second; 24:00:00 (ISO 8601 end of day) is
 * the next midnight.
 */
function timeToSeconds(hour: number, minute: number, second: number): number {
  if (hour === 24 && minute === 0 && second === 0) return 86400;
  if (hour > 23 || minute > 59 || second > 60) return -1;
  return hour * 3600 + minute * 60 + (second === 60 ? 59 : second);
}

/** Days since 1970-01-01 (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Day number of an ISO week date, or NaN when the week does not exist in that year. */
function isoWeekToDays(year: number, week: number, weekday: number): number {
  if (week < 1 || week > isoWeeksInYear(year)) return Number.NaN;
  const jan4 = daysFromCivil(year, 1, 4);
  const jan4Weekday = (((jan4 + 3) % 7) + 7) % 7; // 0 = Monday; 1970-01-01 was a Thursday
  return jan4 - jan4Weekday + (week - 1) * 7 + (weekday - 1);
}

function isoWeeksInYear(year: number): number {
  const p = (y: number) => (y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400)) % 7;
  return p(year) === 4 || p(year - 1) === 3 ? 53 : 52;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/** Formats local day + seconds at an offset as UTC, or null outside years 0001–9999. */
function formatUtc(days: number, secondsOfDay: number, offsetMinutes: number): string | null {
  const total = days * 86400 + secondsOfDay - offsetMinutes * 60;
  let z = Math.floor(total / 86400);
  const rest = total - z * 86400;
  // civil_from_days
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 1 || year > 9999) return null;
  const hour = Math.floor(rest / 3600);
  const minute = Math.floor((rest % 3600) / 60);
  const second = rest % 60;
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}T${pad2(hour)}:${pad2(minute)}:${pad2(second)}Z`;
}

// Encoding labels → canonical names. The label table is the WHATWG Encoding Standard's,
// kept by @exodus/bytes (what jsdom uses); we only add UTF-32, which WHATWG leaves out.
import { normalizeEncoding } from '@exodus/bytes/encoding.js';

/** UTF-32 labels (not in WHATWG). Without a BOM, UTF-32 is big-endian (Unicode §3.10, D99). */
const UTF32_LABELS: Readonly<Record<string, string>> = {
  'utf-32': 'utf-32be',
  utf32: 'utf-32be',
  'ucs-4': 'utf-32be',
  'iso-10646-ucs-4': 'utf-32be',
  'utf-32be': 'utf-32be',
  utf32be: 'utf-32be',
  'utf-32le': 'utf-32le',
  utf32le: 'utf-32le',
};

/**
 * A WHATWG encoding label → its canonical lower-case name ("latin1" → "windows-1252",
 * "gb2312" → "gbk"), also "utf-32be"/"utf-32le" for UTF-32 labels; null when unknown.
 * The labels of the WHATWG "replacement" encoding (iso-2022-kr, hz-gb-2312 …) give "replacement".
 */
export function normalizeEncodingLabel(label: string): string | null {
  return normalizeEncoding(label) ?? UTF32_LABELS[label.trim().toLowerCase()] ?? null;
}

export type UnicodeFamily = 'utf-8' | 'utf-16' | 'utf-32';

/**
 * The Unicode encoding form a label names, also in the spellings WHATWG does not list but
 * documents carry (Python's "utf_16", "u16", "utf16be", "ucs-2", "ucs-4"); null otherwise.
 * Only used to check a label against a byte order mark or the zero bytes of "<?xml".
 */
export function unicodeFamilyOf(label: string): UnicodeFamily | null {
  const name = normalizeEncodingLabel(label);
  if (name !== null) return name === 'utf-8' ? 'utf-8' : name.startsWith('utf-16') ? 'utf-16' : name.startsWith('utf-32') ? 'utf-32' : null;
  const squashed = label.trim().toLowerCase().replace(/[-_\s]/g, '');
  const match = /^(?:utf|u|ucs)(8|16|2|32|4)(?:be|le)?$/.exec(squashed);
  if (!match) return null;
  return match[1] === '8' ? 'utf-8' : match[1] === '16' || match[1] === '2' ? 'utf-16' : 'utf-32';
}

/** The family of a canonical name ("utf-16le" → "utf-16"); null for the ASCII-compatible legacy encodings. */
export function familyOfName(name: string): UnicodeFamily | null {
  if (name === 'utf-8') return 'utf-8';
  if (name === 'utf-16le' || name === 'utf-16be') return 'utf-16';
  if (name === 'utf-32le' || name === 'utf-32be') return 'utf-32';
  return null;
}

/**
 * jschardet's names (Python codec names) that are not WHATWG labels, mapped to the WHATWG
 * encoding that decodes them: a superset (cp949 ⊃ euc-kr …) or the same table.
 */
const DETECTOR_NAMES: Readonly<Record<string, string>> = {
  ascii: 'windows-1252',
  'utf-8-sig': 'utf-8',
  big5hkscs: 'big5',
  cp932: 'shift_jis',
  shift_jis_2004: 'shift_jis',
  cp949: 'euc-kr',
  euc_kr: 'euc-kr',
  euc_jis_2004: 'euc-jp',
  iso2022_jp_2: 'iso-2022-jp',
  iso2022_jp_2004: 'iso-2022-jp',
  iso2022_jp_ext: 'iso-2022-jp',
  cp874: 'windows-874',
  'mac-cyrillic': 'x-mac-cyrillic',
  'mac-roman': 'macintosh',
};

/** A detector's encoding name → canonical name, null when we cannot decode it. */
export function normalizeDetectorName(name: string): string | null {
  return DETECTOR_NAMES[name.toLowerCase()] ?? normalizeEncodingLabel(name);
}

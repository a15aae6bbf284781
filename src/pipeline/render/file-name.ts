// Post file names and folders.
//
// A name is  [YYYY-MM-DD-]<slug>-<hash><ext>:
// - slug: the title in NFC with every run of characters that are not letters, marks or
//   digits (any script: CJK, Cyrillic, Arabic … are kept) or "_"/"-" turned into one "-",
//   "-"/"_" trimmed at both ends. So no separator ("/", "\"), no control or format character,
//   no ".", no space, none of Windows' <>:"|?*, and no "%", "#", "?" or "&" to trip a URL;
// - hash: the first 8 hex digits of SHA-256 of the item id. Same id → same name (stable);
//   two items with one title still get two names (unique), even on case-insensitive disks;
// - the whole name is at most 200 bytes of UTF-8 (most file systems allow 255 per component;
//   the margin is for the ".tmp" files writers make): the slug is cut on a grapheme boundary,
//   so no character, emoji or combining sequence is split;
// - the stem (before the first ".") always ends with the hash, so it is never a Windows
//   reserved device name (CON, NUL, COM1 …), and the name never ends in a dot or a space.
//
// A folder comes from a layout such as "{year}/{month}" (tokens: {year} {month} {day}
// {source} {categories} {group} {site} {channel}); each segment is made safe by the same rules as a slug.
import { createHash } from 'node:crypto';
import { InputError } from '../../errors.ts';

/** Longest file name, in UTF-8 bytes. */
export const MAX_FILE_NAME_BYTES = 200;
const HASH_LENGTH = 8;
const UNSAFE_RUN_RE = /[^\p{L}\p{M}\p{N}_-]+/gu;
const RESERVED_RE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;

export interface PostFileNameOptions {
  /** The post's title, as plain text. */
  title: string;
  /** The item's id; the hash suffix comes from it. */
  id: string;
  /** ".md" or ".html". */
  extension: string;
  /** Jekyll's "YYYY-MM-DD-" prefix, when set. */
  datePrefix?: { year: string; month: string; day: string } | null;
}

/** The file name of a post: stable, path-safe, unique by item id, at most 200 UTF-8 bytes. */
export function postFileName(options: PostFileNameOptions): string {
  const prefix = options.datePrefix ? `${options.datePrefix.year}-${options.datePrefix.month}-${options.datePrefix.day}-` : '';
  const suffix = idHash(options.id) + options.extension;
  const budget = MAX_FILE_NAME_BYTES - utf8Length(prefix) - utf8Length(suffix) - 1;
  const slug = cutToBytes(slugify(options.title), budget);
  const name = `${prefix}${slug === '' ? '' : `${slug}-`}${suffix}`;
  // Unreachable while the stem ends with the hash; kept so the rule holds whatever changes above.
  return isReservedWindowsName(name) ? unreserve(name) : name;
}

/** The first 8 hex digits of SHA-256 of the id. */
export function idHash(id: string): string {
  return createHash('sha256').update(id, 'utf8').digest('hex').slice(0, HASH_LENGTH);
}

/** Title → path- and URL-safe text (see the rules above); may be empty. */
export function slugify(text: string): string {
  return text.normalize('NFC').replace(UNSAFE_RUN_RE, '-').replace(/^[-_]+|[-_]+$/g, '');
}

/** Fields a folder layout may use. */
export interface FolderFields {
  date: { year: string; month: string; day: string } | null;
  source: string | null;
  categories: readonly string[];
}

const TOKEN_RE = /\{([a-z]+)\}/g;
const TOKENS = new Set(['year', 'month', 'day', 'source', 'categories', 'group', 'site', 'channel']);

/** Expands a folder layout ("{year}/{month}") into a relative folder, "" for none; never "..", never absolute. */
export function postFolder(layout: string, fields: FolderFields): string {
  const segments: string[] = [];
  for (const part of layout.split('/')) {
    // A segment that is just {categories} becomes one folder per category (group/site/channel).
    const expanded = part.trim() === '{categories}'
      ? [...fields.categories]
      : [part.replace(TOKEN_RE, (_, name: string) => {
          if (!TOKENS.has(name)) throw badLayout(layout, `unknown token {${name}}`);
          return tokenValues(name, fields).join('-');
        })];
    for (const segment of expanded) {
      const safe = cutToBytes(slugify(segment), MAX_FILE_NAME_BYTES);
      if (safe !== '') segments.push(isReservedWindowsName(safe) ? unreserve(safe) : safe);
    }
  }
  return segments.join('/');
}

function tokenValues(name: string, fields: FolderFields): string[] {
  switch (name) {
    case 'year':
      return [fields.date?.year ?? 'undated'];
    case 'month':
      return fields.date ? [fields.date.month] : [];
    case 'day':
      return fields.date ? [fields.date.day] : [];
    case 'source':
      return fields.source ? [fields.source] : [];
    // The three levels of the Hexo categories (group / site / channel); a missing level adds no folder.
    case 'group':
      return fields.categories[0] ? [fields.categories[0]] : [];
    case 'site':
      return fields.categories[1] ? [fields.categories[1]] : [];
    case 'channel':
      return fields.categories[2] ? [fields.categories[2]] : [];
    default:
      return [...fields.categories];
  }
}

function badLayout(layout: string, why: string): InputError {
  return new InputError('render.folder-layout', `render: folder layout ${JSON.stringify(layout)}: ${why}`, {
    hint: 'use "/"-separated segments with {year} {month} {day} {source} {categories} {group} {site} {channel}, e.g. "{year}/{month}"',
  });
}

/** "CON" → "CON-", "nul.md" → "nul-.md". Not a "_" prefix: Hexo and Jekyll skip names starting with "_". */
function unreserve(name: string): string {
  return name.replace(/^([^.]*?)[. ]*(\.|$)/, '$1-$2');
}

/** True for names Windows refuses: a device name (CON, NUL, COM1 …) before the first dot, or a trailing dot or space. */
export function isReservedWindowsName(name: string): boolean {
  const stem = name.split('.')[0]!.trimEnd();
  return RESERVED_RE.test(stem) || /[. ]$/.test(name);
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Cuts text to at most `max` UTF-8 bytes on a grapheme boundary, then trims a trailing "-"/"_". */
export function cutToBytes(text: string, max: number): string {
  if (utf8Length(text) <= max) return text;
  let used = 0;
  let out = '';
  for (const { segment } of segmenter.segment(text)) {
    const size = utf8Length(segment);
    if (used + size > max) break;
    used += size;
    out += segment;
  }
  return out.replace(/[-_]+$/, '');
}

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

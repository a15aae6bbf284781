// The HTML Standard's "prescan a byte stream to determine its encoding" (§13.2.3.2):
// finds <meta charset> and <meta http-equiv="content-type" content="…charset=…"> while
// skipping comments and other tags' attributes, all on bytes, before any decoding.
import { normalizeEncodingLabel } from './labels.ts';

/**
 * How far to look. The standard stops at 1024 bytes; pages with long inline scripts or
 * styles in <head> put their <meta charset> later, and the scan is cheap.
 */
export const META_PRESCAN_LIMIT = 64 * 1024;

const isSpace = (b: number | undefined) => b === 0x09 || b === 0x0a || b === 0x0c || b === 0x0d || b === 0x20;
const isLetter = (b: number | undefined) => b !== undefined && ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a));
const lower = (b: number) => String.fromCharCode(b >= 0x41 && b <= 0x5a ? b + 0x20 : b);

interface Attribute {
  name: string;
  value: string;
  next: number;
}

/**
 * The canonical encoding name a <meta> declares, or null. As the standard says, a
 * UTF-16 declaration means UTF-8 (the page was readable as ASCII to find it) and
 * x-user-defined means windows-1252.
 */
export function prescanMetaCharset(bytes: Uint8Array, limit = META_PRESCAN_LIMIT): string | null {
  const end = Math.min(bytes.length, limit);
  let i = 0;
  while (i < end) {
    if (bytes[i] !== 0x3c /* < */) {
      i++;
      continue;
    }
    const b1 = bytes[i + 1];
    if (b1 === 0x21 && bytes[i + 2] === 0x2d && bytes[i + 3] === 0x2d) {
      // <!-- … -->: the dashes of "-->" may be those of "<!--" ("<!-->").
      const close = indexOfCommentEnd(bytes, i + 2, end);
      if (close < 0) return null;
      i = close + 3;
    } else if (isMetaStart(bytes, i)) {
      const found = readMeta(bytes, i + 5, end);
      if (found.charset !== null) return found.charset;
      i = found.next + 1;
    } else if (isLetter(b1) || (b1 === 0x2f && isLetter(bytes[i + 2]))) {
      // Another tag: skip its name, then its attributes (a ">" inside a quoted value does not end it).
      let pos = i + (b1 === 0x2f ? 2 : 1);
      while (pos < end && !isSpace(bytes[pos]) && bytes[pos] !== 0x3e) pos++;
      for (let attr = getAttribute(bytes, pos, end); attr; attr = getAttribute(bytes, pos, end)) pos = attr.next;
      i = pos + 1;
    } else if (b1 === 0x21 || b1 === 0x2f || b1 === 0x3f) {
      // <!DOCTYPE …>, </…>, <?…>: skip to the next ">".
      let pos = i + 2;
      while (pos < end && bytes[pos] !== 0x3e) pos++;
      i = pos + 1;
    } else i++;
  }
  return null;
}

function isMetaStart(bytes: Uint8Array, i: number): boolean {
  return (
    (bytes[i + 1]! | 0x20) === 0x6d &&
    (bytes[i + 2]! | 0x20) === 0x65 &&
    (bytes[i + 3]! | 0x20) === 0x74 &&
    (bytes[i + 4]! | 0x20) === 0x61 &&
    (isSpace(bytes[i + 5]) || bytes[i + 5] === 0x2f)
  );
}

function indexOfCommentEnd(bytes: Uint8Array, from: number, end: number): number {
  for (let k = from; k + 2 < end; k++) if (bytes[k] === 0x2d && bytes[k + 1] === 0x2d && bytes[k + 2] === 0x3e) return k;
  return -1;
}

/** The attribute steps of the prescan for one <meta>, from just after "<meta". */
function readMeta(bytes: Uint8Array, start: number, end: number): { charset: string | null; next: number } {
  const seen = new Set<string>();
  let gotPragma = false;
  let needPragma: boolean | null = null;
  let charset: string | null = null;
  let pos = start;
  for (let attr = getAttribute(bytes, pos, end); attr; attr = getAttribute(bytes, pos, end)) {
    pos = attr.next;
    if (seen.has(attr.name)) continue;
    seen.add(attr.name);
    if (attr.name === 'http-equiv') {
      if (attr.value === 'content-type') gotPragma = true;
    } else if (attr.name === 'content') {
      const label = charsetFromMetaContent(attr.value);
      if (label !== null && charset === null) {
        charset = normalizeEncodingLabel(label);
        if (charset !== null) needPragma = true;
      }
    } else if (attr.name === 'charset') {
      charset = normalizeEncodingLabel(attr.value);
      needPragma = false;
    }
  }
  if (needPragma === null || (needPragma && !gotPragma) || charset === null) return { charset: null, next: pos };
  if (charset === 'utf-16le' || charset === 'utf-16be') charset = 'utf-8';
  else if (charset === 'x-user-defined') charset = 'windows-1252';
  return { charset, next: pos };
}

/** "Get an attribute" of the prescan; null at ">" or the end of the scanned bytes. */
function getAttribute(bytes: Uint8Array, start: number, end: number): Attribute | null {
  let pos = start;
  while (pos < end && (isSpace(bytes[pos]) || bytes[pos] === 0x2f)) pos++;
  if (pos >= end || bytes[pos] === 0x3e) return null;
  let name = '';
  let value = '';
  for (;;) {
    if (pos >= end) return null;
    const b = bytes[pos]!;
    if (b === 0x3d && name !== '') {
      pos++;
      break;
    }
    if (isSpace(b)) {
      while (pos < end && isSpace(bytes[pos])) pos++;
      if (bytes[pos] !== 0x3d) return { name, value, next: pos };
      pos++;
      break;
    }
    if (b === 0x2f || b === 0x3e) return { name, value, next: pos };
    name += lower(b);
    pos++;
  }
  while (pos < end && isSpace(bytes[pos])) pos++;
  if (pos >= end) return null;
  const first = bytes[pos]!;
  if (first === 0x22 || first === 0x27) {
    for (pos++; pos < end && bytes[pos] !== first; pos++) value += lower(bytes[pos]!);
    return { name, value, next: pos + 1 };
  }
  if (first === 0x3e) return { name, value, next: pos };
  for (; pos < end && !isSpace(bytes[pos]) && bytes[pos] !== 0x3e; pos++) value += lower(bytes[pos]!);
  return { name, value, next: pos };
}

/** "Extracting a character encoding from a meta element": the label after "charset=" in a content attribute. */
export function charsetFromMetaContent(content: string): string | null {
  let pos = 0;
  for (;;) {
    const at = content.toLowerCase().indexOf('charset', pos);
    if (at < 0) return null;
    pos = at + 7;
    while (/[\t\n\f\r ]/.test(content[pos] ?? '')) pos++;
    if (content[pos] !== '=') continue;
    pos++;
    while (/[\t\n\f\r ]/.test(content[pos] ?? '')) pos++;
    const first = content[pos];
    if (first === undefined) return null;
    if (first === '"' || first === "'") {
      const close = content.indexOf(first, pos + 1);
      return close < 0 ? null : content.slice(pos + 1, close);
    }
    let stop = pos;
    while (stop < content.length && !/[\t\n\f\r ;]/.test(content[stop]!)) stop++;
    return content.slice(pos, stop);
  }
}

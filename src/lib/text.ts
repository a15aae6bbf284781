/** Escapes text for use as HTML content or a double-quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

/** Collapses runs of whitespace and trims. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------------
// Start-tag tokenizing as htmlparser2 does it (the same in its HTML and XML modes), for the strict
// scanners that read plain markup without it: the feed reader's (pipeline/feed/xml-tree.ts) and the
// sanitizer's (pipeline/html/sanitize.ts). Each compares itself with htmlparser2 in its tests.

export const SPACE = 32;
export const LF = 10;
export const TAB = 9;
export const FF = 12;
export const CR = 13;
export const BANG = 33;
export const DQUOTE = 34;
export const SQUOTE = 39;
export const SLASH = 47;
export const EQUALS = 61;
export const GREATER = 62;
export const QUESTION = 63;

/**
 * `text.startsWith(ascii, at)` for the short ASCII strings of markup. V8's startsWith with a
 * position, and any comparison of a one-byte string with a two-byte one (text beyond Latin-1,
 * all CJK), take slow paths, several times slower than comparing the characters here.
 */
export function asciiAt(text: string, at: number, ascii: string): boolean {
  for (let i = 0; i < ascii.length; i++) if (text.charCodeAt(at + i) !== ascii.charCodeAt(i)) return false;
  return true;
}

/** HTML white space (htmlparser2's): space, LF, tab, FF, CR. */
export function isMarkupSpace(c: number): boolean {
  return c === SPACE || c === LF || c === TAB || c === FF || c === CR;
}

/** htmlparser2's end of a tag name section: white space, `/` or `>`. */
export function endsTagSection(c: number): boolean {
  return c === SLASH || c === GREATER || isMarkupSpace(c);
}

export function skipMarkupSpaces(text: string, j: number): number {
  while (j < text.length && isMarkupSpace(text.charCodeAt(j))) j++;
  return j;
}

/**
 * Where the tag or attribute name at `start` ends. `plain`: at the first character that is not an
 * ASCII letter or digit (nor `-`, `_`, `:`, `.` in an attribute name), for scanners that give up
 * on anything else; otherwise where htmlparser2 ends it (white space, `/`, `>`, and `=` after an
 * attribute name).
 */
export function markupNameEnd(text: string, start: number, plain: boolean, attribute: boolean): number {
  let j = start;
  for (const n = text.length; j < n; j++) {
    const c = text.charCodeAt(j);
    if (plain) {
      if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90)) continue;
      if (attribute && (c === 45 || c === 95 || c === 58 || c === 46)) continue;
      break;
    }
    if (endsTagSection(c) || (attribute && c === EQUALS)) break;
  }
  return j;
}

/** A tag or attribute name lower-cased as htmlparser2 does (String#toLowerCase), without a copy when already lower case. */
export function lowerMarkupName(name: string): string {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c > 127) return name.toLowerCase();
  }
  return name;
}

/**
 * Attribute names common in feeds and articles, by a number computed from their characters (either
 * case). A known name is taken from here rather than cut out of the text: a property key must be
 * an internalized string, and V8 would otherwise look every freshly cut name up in its string table.
 */
const KNOWN_ATTRIBUTE_NAMES = new Map<number, string>();
const ATTRIBUTE_KEY_MAX_LENGTH = 9;

/** The key of a name: `a`–`z` 1–26, `0`–`9` 27–36, `:` 37, `-` 38, `_` 39, `.` 40, in base 41; -1 for any other character. */
function attributeKey(text: string, start: number, end: number): number {
  let key = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    const lower = c | 0x20;
    let digit: number;
    if (lower >= 97 && lower <= 122) digit = lower - 96;
    else if (c >= 48 && c <= 57) digit = c - 48 + 27;
    else if (c === 58) digit = 37;
    else if (c === 45) digit = 38;
    else if (c === 95) digit = 39;
    else if (c === 46) digit = 40;
    else return -1;
    key = key * 41 + digit;
  }
  return key;
}

for (const name of [
  'href', 'src', 'alt', 'title', 'width', 'height', 'class', 'style', 'id', 'target', 'rel', 'type', 'lang', 'dir', 'srcset',
  'sizes', 'loading', 'decoding', 'border', 'align', 'name', 'data-src', 'colspan', 'rowspan', 'start', 'value', 'cite', 'datetime',
  'poster', 'controls', 'media', 'url', 'length', 'term', 'label', 'scheme', 'xmlns', 'version', 'medium', 'xml:base', 'xml:lang',
  'rdf:about', 'xmlns:dc', 'mode', 'text', 'domain',
]) {
  KNOWN_ATTRIBUTE_NAMES.set(attributeKey(name, 0, name.length), name);
}

/** The name from `start` to `end`, lower-cased, when it is a known one; otherwise undefined. */
function knownAttributeName(text: string, start: number, end: number): string | undefined {
  if (end - start > ATTRIBUTE_KEY_MAX_LENGTH) return undefined;
  const key = attributeKey(text, start, end);
  return key === -1 ? undefined : KNOWN_ATTRIBUTE_NAMES.get(key);
}

/** The (frozen, shared) attributes of a start tag without any. */
const NO_ATTRIBUTES: Record<string, string> = Object.freeze({}) as Record<string, string>;

/**
 * What scanStartTagRest read last: the attributes by lower-cased name with raw values (the first
 * of a name wins), how many were written, whether any value holds a `&`, and whether it ended `/>`.
 */
export const scannedStartTag = { attrs: NO_ATTRIBUTES, count: 0, references: false, selfClosing: false };

/**
 * Scans the rest of a start tag from `j` (just after its name) the way htmlparser2's tokenizer
 * does, for the plain forms: attributes with quoted, unquoted or no values, and `/` only right
 * before the closing `>`. Returns the index after the tag, or -1 when the tag ends the text or
 * takes another form. Values are returned as written (the caller decodes references).
 */
export function scanStartTagRest(text: string, j: number, plainNames: boolean): number {
  const n = text.length;
  let attrs: Record<string, string> | null = null;
  let count = 0;
  let references = false;
  for (;;) {
    j = skipMarkupSpaces(text, j);
    if (j >= n) return -1;
    let c = text.charCodeAt(j);
    if (c === GREATER || c === SLASH) {
      const selfClosing = c === SLASH;
      if (selfClosing && text.charCodeAt(++j) !== GREATER) return -1;
      scannedStartTag.attrs = attrs ?? NO_ATTRIBUTES;
      scannedStartTag.count = count;
      scannedStartTag.references = references;
      scannedStartTag.selfClosing = selfClosing;
      return j + 1;
    }
    const start = j;
    j = markupNameEnd(text, j, plainNames, true);
    if (j === start || j >= n) return -1;
    c = text.charCodeAt(j);
    if (!isMarkupSpace(c) && c !== EQUALS && c !== SLASH && c !== GREATER) return -1;
    const name = knownAttributeName(text, start, j) ?? lowerMarkupName(text.slice(start, j));
    j = skipMarkupSpaces(text, j);
    let value = '';
    if (text.charCodeAt(j) === EQUALS) {
      j = skipMarkupSpaces(text, j + 1);
      if (j >= n) return -1;
      c = text.charCodeAt(j);
      if (c === DQUOTE || c === SQUOTE) {
        const close = text.indexOf(c === DQUOTE ? '"' : "'", j + 1);
        if (close === -1) return -1;
        value = text.slice(j + 1, close);
        j = close + 1;
      } else {
        const valueStart = j;
        while (j < n && !isMarkupSpace((c = text.charCodeAt(j))) && c !== GREATER) j++;
        if (j >= n) return -1;
        value = text.slice(valueStart, j);
      }
    }
    if (name === '__proto__') return -1;
    count++;
    if (value.indexOf('&') !== -1) references = true;
    if (attrs === null) (attrs = {} as Record<string, string>)[name] = value;
    else if (!Object.prototype.hasOwnProperty.call(attrs, name)) attrs[name] = value;
  }
}

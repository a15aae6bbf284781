// Escaping text and URLs for CommonMark/GFM, and the character classes the emphasis rules need.
//
// What is escaped, and why:
// - `\ * _ ` [ ] ~` everywhere: they open emphasis, code, links and strikethrough (GFM accepts a
//   single `~`). Over-escaping is harmless; under-escaping changes the text.
// - `<` everywhere: it opens raw HTML and autolinks. Text that read `<script>` in the page must stay
//   text, so that rendering the Markdown can never produce a tag the sanitizer had turned into text.
// - `&` only before something that reads as a character reference (`&lt;`, `&#60;`): the text
//   "&lt;" must not render as "<".
// - at the start of a line only (the start of a text node; after a line break, breaks.ts checks again):
//   `#` headings, `-`/`+` list items and thematic breaks, a line of `=` (setext underline), `>` quotes,
//   `1.`/`1)` ordered items, and the start of a table delimiter row (`-|-`, `|--`, `:-`).
// - `!` at the end of a text node: a link may follow, and `![` opens an image.
// Nothing else: CJK punctuation (，。「」《》…), `!`, `|` (escaped inside table cells only), `.`.

/** A newline in the source text, kept as a line break of the paragraph (a Unicode noncharacter). */
export const SOFT_BREAK = '\uFDD0';
/** A `<br>`: a hard line break, or a space where Markdown has none (headings, table cells). */
export const HARD_BREAK = '\uFDD1';
/** Stands in for the content of a code block until the end, so no later pass touches it. */
export const CODE_SLOT = '\uFDD2';
/** Every marker character; input text is stripped of them first. */
export const MARKER_CHARS = /[\uFDD0-\uFDD2]/g;

const INLINE_SPECIAL = /[\\*_`[\]~<]|&(?=#?[0-9A-Za-z]+;)/g;
/**
 * Block syntax at the start of a text node (text after a line break is checked again in breaks.ts).
 * A no-break or ideographic space counts as the space after a marker: trimmed at a line's end, it
 * may leave `#` alone on the line.
 */
const LINE_START_SPECIAL =
  /^(?:(#{1,6}(?=[ \t\u00a0\u3000\uFDD0\uFDD1]|$)|-(?=[ \t\u00a0\u3000\uFDD0\uFDD1|:-]|$)|\+(?=[ \t\u00a0\u3000\uFDD0\uFDD1]|$)|=+(?=[ \t\u00a0\u3000]*(?:[\uFDD0\uFDD1]|$))|>|[|:](?=[ \t]*:?-))|(\d{1,9})([.)])(?=[ \t\u00a0\u3000\uFDD0\uFDD1]|$))/;
const MAY_NEED_INLINE = /[\\*_`[\]~<&]/;
const MAY_NEED_LINE_START = /^[#\-+=>|:\d]/;

/** Escapes one text node's worth of text. */
export function escapeText(text: string): string {
  // The tests first: most text nodes of an article need no escaping at all.
  let out = MAY_NEED_INLINE.test(text) ? text.replace(INLINE_SPECIAL, '\\$&') : text;
  // A `!` that ends the text would make an image of a link right after it.
  if (out.endsWith('!')) out = `${out.slice(0, -1)}\\!`;
  if (MAY_NEED_LINE_START.test(out)) {
    out = out.replace(LINE_START_SPECIAL, (_m, mark?: string, digits?: string, dot?: string) =>
      mark ? `\\${mark}` : `${digits}\\${dot}`);
  }
  return out;
}

/** Escapes text that becomes an image's alt text: one line, no line-start rules. */
export function escapeInline(text: string): string {
  return text.replace(MARKER_CHARS, '').replace(/\s+/g, ' ').trim().replace(INLINE_SPECIAL, '\\$&');
}

/** A link or image destination: whitespace and `<>` percent-encoded, `()\` escaped. */
export function escapeDestination(url: string): string {
  return url
    .replace(MARKER_CHARS, '')
    .replace(/[\s<>]/g, (ch) => encodeURIComponent(ch))
    .replace(/[()\\]/g, '\\$&')
    .replace(/&(?=#?[0-9A-Za-z]+;)/g, '\\&');
}

/** A link or image title, for `"…"`. */
export function escapeTitle(title: string): string {
  return title.replace(MARKER_CHARS, '').replace(/\s+/g, ' ').trim().replace(/["\\]/g, '\\$&').replace(/&(?=#?[0-9A-Za-z]+;)/g, '\\&');
}

/** CommonMark "Unicode whitespace" (plus our break markers, which end up as newlines or nothing). */
export function isWhitespace(ch: string): boolean {
  return ch === '' || /[\s\uFDD0\uFDD1]/.test(ch);
}

/**
 * CommonMark "Unicode punctuation" as every renderer agrees on it: categories P* and ASCII
 * punctuation (0.31 added S*, older renderers do not, so a symbol is not trusted as a neighbour).
 */
export function isPunctuationNeighbour(ch: string): boolean {
  return /[\p{P}!-/:-@[-`{-~]/u.test(ch);
}

/** Punctuation or symbol by any renderer's definition: a delimiter next to it may not flank. */
export function isPunctuationAny(ch: string): boolean {
  return /[\p{P}\p{S}]/u.test(ch);
}

/** Han, kana, CJK and full-width punctuation: scripts written without spaces between words. */
export function isWideChar(ch: string): boolean {
  return /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u.test(ch);
}

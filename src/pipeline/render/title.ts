// Titles for front matter are plain text.
//
// The feed parser keeps a title as written when it is plain text, and gives sanitized HTML
// when the feed typed it as HTML or it looked like markup (`<b>…</b>`, `&amp;`). So:
// - a title with a tag or a character reference is read as HTML: tags dropped (<br> → space),
//   references decoded, whitespace collapsed as a browser would show it;
// - any other title is kept exactly as it is, newlines and all: that is the real title;
// - an empty title falls back to the start of the item's text, then its link, then its id,
//   because every generator needs one and an empty one makes an unclickable post.
import { Parser } from 'htmlparser2';

const MARKUP_RE = /<[a-zA-Z/!?]|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);/;
const FALLBACK_GRAPHEMES = 80;
const BREAK_TAGS = new Set(['br', 'p', 'div', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'td', 'th', 'blockquote', 'figcaption']);
const SKIP_TAGS = new Set(['script', 'style', 'template', 'noscript']);

/** An item title as plain text for front matter; null when it has no visible text. */
export function plainTitle(title: string | null): string | null {
  if (title === null) return null;
  if (!MARKUP_RE.test(title)) return title.trim() === '' ? null : title;
  const text = htmlToText(title);
  return text === '' ? null : text;
}

/** The visible text of an HTML fragment, whitespace collapsed. */
export function htmlToText(html: string): string {
  let text = '';
  let skipping = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIP_TAGS.has(name)) skipping++;
        else if (BREAK_TAGS.has(name)) text += ' ';
      },
      onclosetag(name) {
        if (SKIP_TAGS.has(name)) skipping = Math.max(0, skipping - 1);
        else if (BREAK_TAGS.has(name)) text += ' ';
      },
      ontext(data) {
        if (skipping === 0) text += data;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return text.replace(/[\s\u00a0]+/g, ' ').trim();
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** A title for an item that has none: its text's beginning, else its link, else its id. */
export function fallbackTitle(html: string | null, link: string | null, id: string): string {
  const text = html === null ? '' : htmlToText(html);
  if (text !== '') {
    // Graphemes of a bounded head only: an article can be long.
    const graphemes = [...segmenter.segment(text.slice(0, FALLBACK_GRAPHEMES * 8))].map((s) => s.segment);
    return graphemes.length <= FALLBACK_GRAPHEMES && text.length <= FALLBACK_GRAPHEMES * 8 ? text : `${graphemes.slice(0, FALLBACK_GRAPHEMES).join('').trimEnd()}…`;
  }
  return link ?? id;
}

// Test and measurement helpers over the shared corpora (../shared, next to the repository):
// the item bodies of the news feeds and the readability pages. Not part of the stage: this
// folder is test data, and reading files is allowed here.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Parser } from 'htmlparser2';
import { decodeBytes } from '../../encoding/index.ts';

export const SHARED = path.resolve(process.cwd(), '../shared');
const NEWS_FEEDS = path.join(SHARED, 'corpus/news/feeds');
const READABILITY_PAGES = path.join(SHARED, 'corpus/readability/pages');

/** Why the corpus tests cannot run here, or null when they can. */
export function corpusMissingReason(): string | null {
  if (!existsSync(SHARED)) return `no shared corpora at ${SHARED}`;
  if (!existsSync(NEWS_FEEDS)) return `no news feeds at ${NEWS_FEEDS}`;
  if (!existsSync(READABILITY_PAGES)) return `no readability pages at ${READABILITY_PAGES}`;
  return null;
}

export interface CorpusDocument {
  /** feed file and item number, or readability page and file */
  name: string;
  html: string;
  baseUrl: string | null;
}

const BODY_ELEMENTS = new Set(['description', 'content:encoded', 'content', 'summary']);

/** The HTML bodies (description, content:encoded, Atom content/summary) of every item in the news feeds. */
export function newsBodies(): CorpusDocument[] {
  const out: CorpusDocument[] = [];
  for (const file of readdirSync(NEWS_FEEDS).filter((f) => f.endsWith('.xml')).sort()) {
    const { text } = decodeBytes(readFileSync(path.join(NEWS_FEEDS, file)), { contentType: 'application/xml' });
    let inItem = 0;
    let body: string | null = null;
    let bodyType = 'html';
    let feedLink: string | null = null;
    let inChannelLink = false;
    let count = 0;
    const parser = new Parser(
      {
        onopentag(name, attrs) {
          if (name === 'item' || name === 'entry') inItem++;
          else if (inItem && BODY_ELEMENTS.has(name)) {
            body = '';
            bodyType = attrs.type ?? 'html';
          } else if (!inItem && name === 'link' && !feedLink) {
            if (attrs.href) feedLink = attrs.href;
            else inChannelLink = true;
          }
        },
        ontext(data) {
          if (body !== null) body += data;
          else if (inChannelLink) feedLink = (feedLink ?? '') + data;
        },
        onclosetag(name) {
          if (name === 'item' || name === 'entry') inItem--;
          else if (body !== null && BODY_ELEMENTS.has(name)) {
            // Atom type="text" is plain text; everything else here is HTML.
            if (body.trim() && bodyType !== 'text') {
              out.push({ name: `${file}#${++count}`, html: body, baseUrl: absoluteOrNull(feedLink) });
            }
            body = null;
          } else if (name === 'link') inChannelLink = false;
        },
      },
      { xmlMode: true, decodeEntities: true },
    );
    parser.write(text);
    parser.end();
  }
  return out;
}

function absoluteOrNull(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url.trim()).href;
  } catch {
    return null;
  }
}

/** The readability test pages: `expected.html` (extracted article HTML) or `source.html` (whole page). */
export function readabilityPages(file: 'expected.html' | 'source.html'): CorpusDocument[] {
  const out: CorpusDocument[] = [];
  for (const page of readdirSync(READABILITY_PAGES).sort()) {
    const p = path.join(READABILITY_PAGES, page, file);
    if (!existsSync(p)) continue;
    out.push({ name: `${page}/${file}`, html: readFileSync(p, 'utf8').replace(/^\uFEFF/, ''), baseUrl: 'http://fakehost/test/page.html' });
  }
  return out;
}

/** Elements whose text a reader never sees as article text; the converter drops them too. */
const HIDDEN = new Set([
  'script', 'style', 'template', 'noscript', 'iframe', 'object', 'embed', 'svg', 'canvas',
  'select', 'textarea', 'button', 'head', 'title',
]);
/** Elements that separate text (a space in the visible text, never joining the words on either side). */
const SEPARATING = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'br', 'caption', 'center', 'dd', 'details', 'div', 'dl',
  'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header',
  'hgroup', 'hr', 'html', 'li', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table',
  'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);
const WIDE = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\u3000-\\u303f\\uff00-\\uffef';
/** CSS Text 3 segment-break transformation: a newline between two wide characters is no space. */
const SEGMENT_BREAK_BETWEEN_WIDE = new RegExp(`(?<=[${WIDE}])[^\\S\\u0001]*\\n[^\\S\\u0001]*(?=[${WIDE}])`, 'gu');

/**
 * The text a reader sees, for comparing an HTML document with its Markdown rendered back:
 * text outside hidden elements, entities decoded, a separator at block boundaries, newlines
 * between two CJK characters dropped (as CSS does), whitespace collapsed.
 */
export function visibleText(html: string): string {
  let text = '';
  let hidden = 0;
  let pre = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (HIDDEN.has(name)) hidden++;
        else if (SEPARATING.has(name)) text += '\u0001';
        if (name === 'pre') pre++;
      },
      ontext(data) {
        // Preformatted newlines are line breaks (no segment-break rule applies to them).
        if (!hidden) text += pre ? data.replace(/\r?\n/g, '\u0001') : data;
      },
      onclosetag(name) {
        if (HIDDEN.has(name)) hidden = Math.max(0, hidden - 1);
        else if (SEPARATING.has(name)) text += '\u0001';
        if (name === 'pre') pre = Math.max(0, pre - 1);
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return text
    .replace(/\r\n?/g, '\n')
    .replace(SEGMENT_BREAK_BETWEEN_WIDE, '')
    .replace(/[\s\u0001]+/g, ' ')
    .trim();
}

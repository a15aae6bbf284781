// Extract stage: article page HTML → Article (main content + metadata).
//
// Mozilla's Readability does the content work over a linkedom document (fast, no jsdom);
// metadata is read from the untouched DOM first (metadata.ts) and merged with what
// Readability found. Content always leaves through sanitizeHtml, with relative URLs
// resolved against the page URL (or its <base href>). Pure: no fs, no env, no logging.
import { parseHTML } from 'linkedom';
import { decodeHTML } from 'entities';
import { Readability } from '@mozilla/readability';
import { sanitizeHtml } from '../html/index.ts';
import { parseDate } from '../../lib/date.ts';
import { readMetadata, stripTitleSuffix, type MetaDocument } from './metadata.ts';

/** The bits of a DOM node tree walked here (the repo compiles without the DOM lib). */
interface TreeNode {
  nodeType: number;
  firstChild: TreeNode | null;
  nextSibling: TreeNode | null;
  removeChild(child: TreeNode): unknown;
}
type ReadabilityDocument = ConstructorParameters<typeof Readability>[0];

export { parseCjkDate, stripTitleSuffix } from './metadata.ts';

export interface Article {
  title: string | null;
  byline: string | null;
  excerpt: string | null;
  /** ISO UTC. */
  published: string | null;
  lang: string | null;
  siteName: string | null;
  image: string | null;
  /** Sanitized HTML. */
  content: string | null;
  textContent: string | null;
}

export interface ExtractOptions {
  /** The page's URL; relative links and images are resolved against it. */
  url: string;
}

/** Whitespace-collapsed text, or null when nothing is left; `keepLines` keeps newlines. */
function nonEmpty(s: string | null | undefined, keepLines = false): string | null {
  if (typeof s !== 'string') return null;
  const t = keepLines ? s.trim() : s.replace(/\s+/gu, ' ').trim();
  return t.length > 0 ? t : null;
}

function resolveUrl(href: string | null, base: string): string | null {
  if (href === null) return null;
  try {
    return new URL(href, base).href;
  } catch {
    return null;
  }
}

/** Removes comment nodes (upstream Readability's tests do the same before parsing). */
function removeComments(root: TreeNode): void {
  const stack: TreeNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    let child = node.firstChild;
    while (child !== null) {
      const next = child.nextSibling;
      if (child.nodeType === 8) node.removeChild(child);
      else if (child.nodeType === 1) stack.push(child);
      child = next;
    }
  }
}

const FIRST_IMG_RE = /<img\b[^>]*?\ssrc="([^"]+)"/iu;
const P_RE = /<p\b[^>]*>([\s\S]*?)<\/p>/giu;

const INLINE_TAGS = new Set(
  'a abbr b bdi bdo big cite code data del dfn em i ins kbd mark q rb rp rt rtc ruby s samp small span strike strong sub sup time tt u var wbr'.split(' '),
);

/**
 * Plain text of sanitized HTML: inline tags vanish, every other tag breaks a line, so
 * paragraphs never run together ("end.Next", as Readability's own textContent does).
 * Sanitized output has no raw-text elements and no `<` inside attribute values, so tags can
 * be matched by pattern.
 */
function htmlFragmentText(html: string): string {
  const text = html.replace(/<\/?([a-zA-Z][a-zA-Z0-9]*)[^>]*>/gu, (_m, name: string) => (INLINE_TAGS.has(name.toLowerCase()) ? '' : '\n'));
  return decodeHTML(text)
    .split('\n')
    .map((line) => line.replace(/\s+/gu, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n');
}

export function extractArticle(html: string, options: ExtractOptions): Article {
  const { document } = parseHTML(html);
  const doc = document as unknown as MetaDocument & TreeNode;

  // linkedom has no documentURI and reports <base href> unresolved; Readability needs both.
  const baseHref = doc.querySelector('base[href]')?.getAttribute('href') ?? null;
  const baseUri = resolveUrl(baseHref, options.url) ?? options.url;
  Object.defineProperty(doc, 'documentURI', { value: options.url, configurable: true });
  Object.defineProperty(doc, 'baseURI', { value: baseUri, configurable: true });

  removeComments(doc);
  const meta = readMetadata(doc);

  let parsed: ReturnType<Readability<string>['parse']> = null;
  try {
    parsed = new Readability(doc as unknown as ReadabilityDocument, { classesToPreserve: ['caption'] }).parse();
  } catch {
    parsed = null;
  }

  const content = nonEmpty(parsed?.content) !== null ? sanitizeHtml(parsed!.content!, { baseUrl: baseUri }) : null;
  const textContent = content !== null ? nonEmpty(htmlFragmentText(content), true) : nonEmpty(parsed?.textContent);

  const siteName = nonEmpty(parsed?.siteName) ?? meta.siteName;
  const rawTitle = nonEmpty(parsed?.title) ?? meta.title;
  const title = rawTitle === null ? null : nonEmpty(stripTitleSuffix(rawTitle, siteName));

  let excerpt = nonEmpty(parsed?.excerpt) ?? meta.excerpt;
  if (excerpt === null && content !== null) {
    // First paragraph with text (Readability takes the first <p> even when it only holds an image).
    for (const p of content.matchAll(P_RE)) {
      excerpt = nonEmpty(htmlFragmentText(p[1]!));
      if (excerpt !== null) break;
    }
  }

  let image = resolveUrl(meta.image, baseUri);
  if (image === null && content !== null) {
    const m = FIRST_IMG_RE.exec(content);
    image = m ? resolveUrl(m[1]!.replace(/&amp;/gu, '&'), baseUri) : null;
  }

  // Readability's own find (article:published_time, JSON-LD) first; ours adds more meta
  // names, <time datetime> and the Chinese info-bar dates.
  const published = parseDate(parsed?.publishedTime ?? null) ?? meta.published;

  return {
    title,
    byline: nonEmpty(parsed?.byline) ?? meta.byline,
    excerpt,
    published,
    lang: nonEmpty(parsed?.lang) ?? meta.lang,
    siteName,
    image,
    content,
    textContent,
  };
}

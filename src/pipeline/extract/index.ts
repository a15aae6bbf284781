// Extract stage: article page HTML → Article (main content + metadata).
//
// Mozilla's Readability does the content work over a linkedom document (fast, no jsdom);
// metadata is read from the untouched DOM first (metadata.ts) and merged with what
// Readability found. Content always leaves through sanitizeHtml, with relative URLs
// resolved against the page URL (or its <base href>). Pure: no fs, no env, no logging.
//
// Two things come before Readability's guess at the body:
// - a site rule (site-rules.ts, and `sites:` in tidings.yaml): its `remove` selectors go
//   first, and its `content` selectors, when they match enough text, are the body;
// - on Chinese pages, the page is cleared of portal clutter (chinese-clutter.ts), its body found
//   by running text (chinese-body.ts) and copied out, and the clutter put back, so that
//   Readability reads the page as it was without a second parse. That body wins when
//   Readability's disagrees with it, since Readability's scores lose short Chinese paragraphs
//   and separate leads and take in side columns; when they agree, Readability's markup is
//   kept. Either way editor trailers and info lines are then taken off the body.
//
// Everything that needs the DOM happens in readPage, which returns plain values only: the
// page's nodes are garbage before sanitizing and the text work allocate as much again.
//
// linkedom is patched (patches/linkedom+*.patch, pinned by linkedom.test.ts) so that its nodes
// are registered in its listener WeakMap only when a listener is added: that WeakMap, keyed by
// every node of every page, made V8's major collections keep whole dead pages now and then.
import { DOMParser } from 'linkedom';
import { decodeHTML } from 'entities';
import { Readability } from '@mozilla/readability';
import { sanitizeHtml } from '../html/index.ts';
import { parseDate } from '../../lib/date.ts';
import { siteRuleFor, type SiteRule } from '../../lib/site-rules.ts';
import { findChineseBody } from './chinese-body.ts';
import { removeChinesePageClutter, tidyChineseContent } from './chinese-clutter.ts';
import { addScriptCounts, bagOverlap, bagSize, hanBag, hanCount, isChineseCounts, type ScriptCounts } from './chinese-text.ts';
import { Removals, isHidden, selectAll, visibleText, walkVisibleText, type DomDocument, type DomElement, type DomNode } from './dom.ts';
import { chineseAuthorIn, chineseEditorIn, readMetadata, stripTitleSuffix, type MetaDocument, type PageMetadata } from './metadata.ts';
import { BUILT_IN_SITE_RULES } from './site-rules.ts';

type ReadabilityDocument = ConstructorParameters<typeof Readability>[0];

import type { Article } from '../../model/index.ts';

export { parseCjkDate, stripTitleSuffix } from './metadata.ts';
export { BUILT_IN_SITE_RULES } from './site-rules.ts';

export type { Article } from '../../model/index.ts';

export interface ExtractOptions {
  /** The page's URL; relative links and images are resolved against it, and site rules matched by its host. */
  url: string;
  /** Site rules from the user's configuration; the built-in ones (BUILT_IN_SITE_RULES) are tried after them. */
  siteRules?: ReadonlyArray<SiteRule>;
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
function removeComments(root: DomNode): void {
  const stack: DomNode[] = [root];
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

/** A rule's body must hold this much text (or an image) to be trusted over the generic guess. */
const MIN_RULE_CONTENT_CHARS = 25;

/**
 * The first content selector that matches enough: every element it matches, in document
 * order (the root may be hidden: WeChat's is, until its scripts run). Null when none does.
 */
function contentBySelectors(doc: DomDocument, selectors: readonly string[]): DomElement[] | null {
  for (const selector of selectors) {
    const found = selectAll(doc, selector).filter((el, i, all) => !all.some((other, j) => j !== i && other.contains(el)));
    const text = found.map((el) => visibleText(el)).join('');
    if (text.replace(/\s+/gu, '').length < MIN_RULE_CONTENT_CHARS && !found.some((el) => el.querySelector('img, video') !== null)) continue;
    return found;
  }
  return null;
}

/**
 * A detached copy of a body made of page elements, one after another, without their hidden
 * descendants: Readability's later edits to the page do not reach it.
 */
function copyShown(doc: DomDocument, elements: readonly DomElement[]): DomElement {
  const body = doc.createElement('div');
  elements.forEach((el, i) => {
    if (i > 0) body.appendChild(doc.createTextNode('\n'));
    const copy = el.cloneNode(true);
    // Nothing in a detached copy is connected; one inside an element already gone goes again, harmlessly.
    for (const inner of Array.from(copy.querySelectorAll('[hidden], [style]'))) if (isHidden(inner)) inner.remove();
    body.appendChild(copy);
  });
  return body;
}

const compact = (s: string): string => s.replace(/\s+/gu, '');

/**
 * The element holding the article's headline: an h1–h3, or any element, whose text is the
 * title (with its site suffix stripped), else an h1 whose text begins the raw title.
 */
function findHeadline(doc: DomDocument, titles: ReadonlyArray<string | null>): DomElement | null {
  const wanted = new Set(titles.filter((t): t is string => t !== null && compact(t).length >= 4).map(compact));
  if (wanted.size === 0) return null;
  const maxLength = Math.max(...[...wanted].map((t) => t.length));
  const textOf = (el: DomElement): string | null => {
    const raw = el.textContent ?? '';
    return raw.length > maxLength * 3 + 40 ? null : compact(visibleText(el));
  };
  for (const selector of ['h1', 'h2, h3', 'body *']) {
    for (const el of selectAll(doc, selector)) {
      const text = textOf(el);
      if (text !== null && wanted.has(text)) return el;
    }
  }
  for (const el of selectAll(doc, 'h1')) {
    const text = textOf(el);
    if (text !== null && text.length >= 4 && [...wanted].some((t) => t.startsWith(text))) return el;
  }
  return null;
}

/**
 * Whether Readability's body and the Chinese body finder's differ: either misses a tenth of
 * the other's Han characters. When they agree, Readability's (cleaner) markup is kept.
 */
function bodiesDisagree(readabilityText: string | null, chineseText: string): boolean {
  const theirs = hanBag(readabilityText ?? '');
  const ours = hanBag(chineseText);
  const shared = bagOverlap(theirs, ours);
  return bagSize(theirs) === 0 || shared < 0.9 * bagSize(ours) || shared < 0.9 * bagSize(theirs);
}

const BYLINE_LABEL_RE = /来源|來源|作者|记者|記者|编辑|編輯|责编|(?<!\p{Script=Han})文\s*[｜|︱]/u;

/** A byline line as Readability found it, reduced to the name when it is a Chinese label line ("本文来源：… 作者：李国利 责任编辑：…"). */
function nameInByline(byline: string | null): string | null {
  if (byline === null || !BYLINE_LABEL_RE.test(byline)) return byline;
  return chineseAuthorIn(byline) ?? chineseEditorIn(byline) ?? byline;
}

/** What extractArticle keeps of a page once its DOM is dropped: plain values, no node. */
interface ReadPageResult {
  meta: PageMetadata;
  chinese: boolean;
  /** The URL relative links resolve against: the page's <base href>, else its own. */
  baseUri: string;
  title: string | null;
  siteName: string | null;
  /** The body's HTML, before sanitizing. */
  rawContent: string | null;
  /** Readability's findings besides its content. */
  readability: { textContent: string | null; excerpt: string | null; byline: string | null; lang: string | null; publishedTime: string | null };
}

/** Parses the page and does all the work that needs its DOM: metadata, site rule, the Chinese body finder, Readability. */
function readPage(html: string, options: ExtractOptions): ReadPageResult {
  // Not parseHTML: it asks the document for its defaultView, which registers the document in a
  // WeakMap whose value holds it strongly, the hazard the header describes.
  const document = new DOMParser().parseFromString(html, 'text/html');
  const doc = document as unknown as DomDocument & MetaDocument;

  // linkedom has no documentURI and reports <base href> unresolved; Readability needs both.
  const baseHref = doc.querySelector('base[href]')?.getAttribute('href') ?? null;
  const baseUri = resolveUrl(baseHref, options.url) ?? options.url;
  Object.defineProperty(doc, 'documentURI', { value: options.url, configurable: true });
  Object.defineProperty(doc, 'baseURI', { value: baseUri, configurable: true });

  removeComments(doc);
  const scripts: ScriptCounts = { han: 0, kana: 0, latin: 0 };
  if (doc.body !== null) walkVisibleText(doc.body, (text) => addScriptCounts(scripts, text));
  const chinese = isChineseCounts(scripts);
  const meta = readMetadata(doc, { chinese, url: options.url });

  const rule = siteRuleFor(options.url, [...(options.siteRules ?? []), ...BUILT_IN_SITE_RULES]);
  for (const selector of rule?.remove ?? []) for (const el of selectAll(doc, selector)) el.remove();

  const pageTitle = nonEmpty(doc.title);
  const titleGuesses = [meta.title, pageTitle].map((t) => (t === null ? null : stripTitleSuffix(t, meta.siteName)));

  // Taken before Readability runs: it rewrites the document as it goes.
  const ruleElements = rule?.content !== undefined ? contentBySelectors(doc, rule.content) : null;
  const ruleBody = ruleElements === null ? null : copyShown(doc, ruleElements);
  let headlineText: string | null = null;
  let finderBody: DomElement | null = null;
  let finderText = '';
  if (chinese && ruleBody === null) {
    const headline = findHeadline(doc, [...titleGuesses, pageTitle]);
    const removals = new Removals();
    removeChinesePageClutter(doc, { headline, remove: (el) => removals.remove(el) });
    headlineText = headline === null ? null : nonEmpty(visibleText(headline));
    const found = doc.body === null ? null : findChineseBody(doc.body, headline);
    if (found !== null) {
      finderBody = copyShown(doc, found.elements);
      finderText = Array.from(finderBody.children, (el) => visibleText(el)).join('\n');
    }
    removals.restore();
  }

  let parsed: ReturnType<Readability<DomElement>['parse']> = null;
  try {
    // The serializer hands back Readability's article element, so that the Chinese tidying below edits it in place.
    parsed = new Readability<DomElement>(doc as unknown as ReadabilityDocument, { classesToPreserve: ['caption'], serializer: (el) => el as unknown as DomElement }).parse();
  } catch {
    parsed = null;
  }

  const siteName = nonEmpty(parsed?.siteName) ?? meta.siteName;
  const rawTitle = nonEmpty(parsed?.title) ?? meta.title;
  let title = rawTitle === null ? null : nonEmpty(stripTitleSuffix(rawTitle, siteName));
  // A title that kept part of its suffix ("标题|三星堆|遗址" when the separators run out) gives way to the headline it begins with.
  if (title !== null && headlineText !== null && compact(title) !== compact(headlineText) && compact(title).startsWith(compact(headlineText))) {
    title = headlineText;
  }

  // Readability's body unless it is blank.
  let body = parsed?.content ?? null;
  if (body !== null && body.children.length === 0 && !/\S/u.test(body.textContent ?? '')) body = null;
  let fromFinder = false;
  if (ruleBody !== null) body = ruleBody;
  else if (finderBody !== null && hanCount(finderText) > 0 && bodiesDisagree(nonEmpty(parsed?.textContent), finderText)) {
    body = finderBody;
    fromFinder = true;
  }
  if (chinese && body !== null) tidyChineseContent(body, title, { bareDates: fromFinder });

  return {
    meta,
    chinese,
    baseUri,
    title,
    siteName,
    // Readability's markup as it is: collapsing its whitespace would change <pre> blocks.
    rawContent: body === null ? null : body.innerHTML,
    readability: {
      textContent: parsed?.textContent ?? null,
      excerpt: parsed?.excerpt ?? null,
      byline: parsed?.byline ?? null,
      lang: parsed?.lang ?? null,
      publishedTime: parsed?.publishedTime ?? null,
    },
  };
}

/** The article of a page: its body, sanitized, and what the page and Readability say about it. */
export function extractArticle(html: string, options: ExtractOptions): Article {
  const { meta, chinese, baseUri, title, siteName, rawContent, readability: parsed } = readPage(html, options);

  const content = rawContent !== null ? sanitizeHtml(rawContent, { baseUrl: baseUri }) : null;
  const textContent = content !== null ? nonEmpty(htmlFragmentText(content), true) : nonEmpty(parsed?.textContent);

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
  const published = parseDate(parsed?.publishedTime ?? null, chinese ? { assumeOffsetMinutes: 8 * 60 } : undefined) ?? meta.published;

  // Bylines: Readability's (a name, or a Chinese label line reduced to the name), then the
  // page's; on Chinese pages a visible 作者/记者 beats a Latin login from the meta tags, and
  // the dateline's （记者 …） comes before an editor.
  let byline = nameInByline(nonEmpty(parsed?.byline));
  if (chinese && byline !== null && meta.visibleAuthor !== null && !/\p{Script=Han}/u.test(byline)) byline = meta.visibleAuthor;
  byline ??= meta.byline ?? (chinese && textContent !== null ? chineseAuthorIn(textContent.slice(0, 200)) : null) ?? meta.editor;

  return {
    title,
    byline,
    excerpt,
    published,
    lang: nonEmpty(parsed?.lang) ?? meta.lang,
    siteName,
    image,
    content,
    textContent,
  };
}

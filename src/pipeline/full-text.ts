// Full text for summary-only feeds: the choice between what the feed carried and what the
// item's page gave, with the reason written down. The page is fetched and extracted by the
// caller (app/full-text.ts); this file only decides, so it is pure and tested with strings.
import { decodeHTML } from 'entities';
import type { FeedItem, FullTextNote } from '../model/index.ts';

/** What the caller learnt from the item's page. */
export type PageOutcome =
  | { kind: 'article'; url: string; content: string | null }
  | { kind: 'failed'; url: string | null; reason: string; failedAttempts?: number };

/**
 * A page must give at least this many characters of text, and at least as many as the feed,
 * before it replaces the feed's content: a page whose extraction found only a caption or a
 * cookie banner is worse than a summary.
 */
export const MIN_PAGE_CHARS = 80;

const TAG_RE = /<[^>]*>/gu;
const SPACE_RE = /\s+/gu;

/**
 * Characters of visible text in sanitized HTML (tags dropped, entities decoded, whitespace
 * not counted). Sanitized HTML holds no script or style text and no `>` inside tags that
 * matters here, so a pattern is enough for a length.
 */
export function visibleTextLength(html: string | null): number {
  if (html === null) return 0;
  return decodeHTML(html.replace(TAG_RE, ' ')).replace(SPACE_RE, '').length;
}

/**
 * The item with the page's article as its content when the page gave at least as much text
 * as the feed (and at least MIN_PAGE_CHARS); otherwise the feed's item unchanged in content.
 * Either way the item carries a FullTextNote saying which, and why.
 */
export function chooseFullText(item: FeedItem, page: PageOutcome): FeedItem {
  const feedChars = visibleTextLength(item.content ?? item.summary);
  if (page.kind === 'failed') {
    const note: FullTextNote = { from: 'feed', reason: page.reason, url: page.url, pageChars: 0, feedChars };
    if (page.failedAttempts !== undefined) note.failedAttempts = page.failedAttempts;
    return { ...item, fullText: note };
  }
  const pageChars = visibleTextLength(page.content);
  let reason: string | null = null;
  if (page.content === null || pageChars === 0) reason = 'no article found on the page';
  else if (pageChars < feedChars) reason = `the page's article has less text (${pageChars} characters) than the feed (${feedChars})`;
  else if (pageChars < MIN_PAGE_CHARS) reason = `the page's article is too short (${pageChars} characters)`;
  const note: FullTextNote = { from: reason === null ? 'page' : 'feed', reason, url: page.url, pageChars, feedChars };
  if (reason !== null) return { ...item, fullText: note };
  // The summary stays: it is what the feed said the item is about, and excerpts use it.
  return { ...item, content: page.content, fullText: note };
}

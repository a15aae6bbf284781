/** The normalized feed model of CONTRACT.md: every field present, null when absent. */

export type FeedFormat =
  | 'rss090'
  | 'rss091'
  | 'rss092'
  | 'rss093'
  | 'rss094'
  | 'rss20'
  | 'rss10'
  | 'atom03'
  | 'atom10'
  | 'json10'
  | 'json11'
  | 'unknown';

export interface Person {
  name: string | null;
  email: string | null;
  url: string | null;
}

export interface FeedImage {
  url: string | null;
  title: string | null;
  link: string | null;
}

export interface Enclosure {
  url: string;
  type: string | null;
  length: number | null;
}

export interface FeedItem {
  id: string;
  title: string | null;
  link: string | null;
  /** ISO 8601 UTC. */
  published: string | null;
  /** ISO 8601 UTC. */
  updated: string | null;
  authors: Person[];
  /** Sanitized HTML. */
  summary: string | null;
  /** Sanitized HTML. */
  content: string | null;
  categories: string[];
  enclosures: Enclosure[];
  comments: string | null;
  /** URL of the item's own image (media:thumbnail, itunes:image, JSON Feed image …). */
  image: string | null;
  /**
   * Set by Tidings, never by a feed: on items of --full-text sources, where the stored content
   * came from and why (the feed's content is kept when the page gives less).
   */
  fullText?: FullTextNote;
  /** Set by Tidings on reposts: the site credited in "转载自SITE" (--via, else the page's site name). */
  via?: string | null;
}

/** What became of an item's page when its full text was fetched. */
export interface FullTextNote {
  /** 'page': content is the extracted article; 'feed': the feed's own content was kept. */
  from: 'page' | 'feed';
  /** Why the feed's content was kept (one line); null when the page was used. */
  reason: string | null;
  /** The page fetched (after redirects). */
  url: string | null;
  /** Visible characters of text of the page's article and of the feed's content. */
  pageChars: number;
  feedChars: number;
  /**
   * Set when the page failed for a passing reason (no answer, a timeout, HTTP 408/429/5xx): how
   * many fetches of it have failed so far for this version of the item. The page is tried again
   * at the next polls, up to a limit (app/full-text.ts).
   */
  failedAttempts?: number;
}

export interface Feed {
  format: FeedFormat;
  /** WHATWG label, lower case, of the bytes as decoded. */
  encoding: string;
  title: string | null;
  link: string | null;
  description: string | null;
  language: string | null;
  updated: string | null;
  image: FeedImage | null;
  authors: Person[];
  items: FeedItem[];
  /** RSS <ttl>: minutes the publisher asks readers to wait between checks; null when not given. */
  ttl: number | null;
  /** Non-empty when the document was not well-formed or something was recovered from. */
  warnings: string[];
}

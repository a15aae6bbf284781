import type { FeedItem } from './feed.ts';

/** One subscription: a feed URL (or an rsshub:/// route) and how Tidings treats it. */
export interface Source {
  id: number;
  /** The URL as the user gave it (http(s) or rsshub:///route). */
  url: string;
  /** The URL actually fetched; a permanent redirect updates it. */
  fetchUrl: string;
  name: string | null;
  /** group / site / channel, as in the Hexo front matter. */
  categories: string[];
  /** Post profile for this source (hexo, repost, hugo, jekyll); null = the workspace default. */
  profile: string | null;
  fullText: boolean;
  /** Fixed polling interval in seconds (--every); null = adaptive. */
  everySeconds: number | null;
  /** Encoding label that overrides what the feed declares. */
  encodingOverride: string | null;
  /** Keep/block rules: regular-expression sources matched against title, content, author, categories. */
  keep: string[];
  block: string[];
  /** Per-source overrides of the clean rules and the post profile's keys. */
  settings: SourceSettings;
  /** False after 410 Gone or when the user disables it. */
  enabled: boolean;
  createdAt: string;
}

/** What a source overrides of the workspace configuration. */
export interface SourceSettings {
  /** Clean rules switched on (true) or off (false) for this source, by name (lazyImages, stripTracking …). */
  cleanRules?: Record<string, boolean>;
  /** Profile keys: body (html|markdown), folderLayout, repostLabel (e.g. 轉載自), timeZone. */
  post?: { body?: 'html' | 'markdown'; folderLayout?: string; repostLabel?: string; timeZone?: string };
}

/** What the fetcher learnt about a source on one attempt, kept for conditional GET, backoff and `status`. */
export interface FetchState {
  sourceId: number;
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  httpStatus: number | null;
  /** Null after a success; the reason (one line) after a failure. */
  error: string | null;
  etag: string | null;
  lastModified: string | null;
  /** Consecutive failures, for exponential backoff. */
  failures: number;
  nextCheckAt: string | null;
  /** The encoding the last body was decoded with (shown by `status`). */
  encoding: string | null;
}

/** An item as stored: the parsed item plus its identity within the source and its post. */
export interface StoredItem {
  id: number;
  sourceId: number;
  /** guid, else normalized link, else content key — unique per source. */
  key: string;
  item: FeedItem;
  /** sha256 of title + content, to tell changed items from unchanged ones. */
  contentHash: string;
  firstSeenAt: string;
  updatedAt: string;
  /** Relative path of the written post, and the hash of what was written; null until written. */
  postPath: string | null;
  postHash: string | null;
}

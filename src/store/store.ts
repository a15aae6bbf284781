import type { FeedItem, FetchState, Source, StoredItem } from '../model/index.ts';

/** Fields a caller gives when subscribing; the store fills id, fetchUrl (= url), enabled, createdAt. */
export type NewSource = Pick<Source, 'url'> & Partial<Omit<Source, 'id' | 'url' | 'createdAt'>>;

/** One item offered to the store during a refresh, with the identity key the pipeline computed. */
export interface IncomingItem {
  key: string;
  contentHash: string;
  item: FeedItem;
}

/** What happened to one incoming item. Deleted items are remembered and come back as 'deleted'. */
export interface ItemChange {
  itemId: number | null;
  key: string;
  status: 'new' | 'updated' | 'unchanged' | 'deleted';
}

/** Everything learnt from fetching one source, applied in one transaction. */
export interface SourceRefresh {
  sourceId: number;
  fetch: Omit<FetchState, 'sourceId'>;
  /** Parsed items (empty on 304 or failure). */
  items: IncomingItem[];
  /** A permanent redirect moves the source. */
  newFetchUrl?: string | null;
  /** 410 Gone and similar turn the source off. */
  disable?: boolean;
  now: string;
}

export interface WrittenPost {
  itemId: number;
  postPath: string;
  postHash: string;
}

export interface SourceStatus {
  source: Source;
  state: FetchState | null;
  itemCount: number;
  /** The distinct images the source's items show: archived locally, and failed (kept remote, retried). */
  media: { archived: number; failed: number };
}

/** One image URL as archived (media.archive): its local copy, or why there is none yet. */
export interface MediaRecord {
  /** The original URL, as the item's HTML (entities decoded), enclosure or image gives it. */
  url: string;
  status: 'ok' | 'failed';
  /** SHA-256 of the bytes, lower-case hex; null when failed. */
  hash: string | null;
  /** Below the media folder, "/"-separated ("ab/abcdef….jpg"); null when failed. Two URLs with the same bytes share it. */
  path: string | null;
  /** Image type by magic bytes (jpeg, png …); null when failed. */
  type: string | null;
  bytes: number | null;
  /** Why the last attempt failed (one line); null when ok. */
  error: string | null;
  /** Attempts so far, the successful one included. */
  attempts: number;
  lastAttemptAt: string;
  /** A failed image is tried again from this time on; null when ok or given up. */
  nextRetryAt: string | null;
}

/** Download outcomes and which items show which images, recorded together. */
export interface MediaUpdate {
  /** One record per URL, replacing what was stored for it. */
  results: ReadonlyArray<MediaRecord>;
  /** Each item's image URLs, replacing the item's earlier list (an empty list clears it). */
  links: ReadonlyArray<{ itemId: number; urls: ReadonlyArray<string> }>;
}

/** A failed image due for another attempt, with the page of an item that shows it (for the Referer). */
export interface MediaRetry {
  record: MediaRecord;
  pageUrl: string | null;
}

/**
 * The store, sized to what the app does. Async so that SQLite and PostgreSQL fit the
 * same interface; every method is one transaction.
 */
export interface Store {
  /** A URL already subscribed is refused: TidingsError 'store.source-exists'. */
  addSource(source: NewSource): Promise<Source>;
  getSource(id: number): Promise<Source | null>;
  findSourceByUrl(url: string): Promise<Source | null>;
  listSources(): Promise<Source[]>;
  updateSource(id: number, patch: Partial<Omit<Source, 'id' | 'createdAt'>>): Promise<Source>;
  /**
   * Enabled sources whose next check is at or before `now` (never-fetched ones first, by id; then
   * the most overdue first). A fetch state without nextCheckAt counts as due. Times are ISO 8601
   * UTC as `Date.toISOString()` writes them.
   */
  dueSources(now: string): Promise<Source[]>;
  getFetchState(sourceId: number): Promise<FetchState | null>;
  /**
   * Records the fetch outcome and upserts its items together, in one transaction. Returns one
   * change per incoming item, in order. A key seen earlier in the same refresh is ignored
   * ('unchanged', the first one's itemId). An unchanged hash leaves the row untouched. An item
   * with an empty key or hash is refused (TidingsError 'store.invalid-item') and nothing of the
   * refresh is stored. Unknown sourceId: TidingsError 'store.not-found'.
   */
  applyRefresh(refresh: SourceRefresh): Promise<ItemChange[]>;
  /**
   * The content hash stored for each of these keys of a source (keys not stored are absent), so
   * the app can tell new and changed items from unchanged ones before doing costly work on them
   * (fetching full text). Deleted keys are absent too: applyRefresh will ignore them anyway.
   */
  itemHashes(sourceId: number, keys: ReadonlyArray<string>): Promise<Map<string, string>>;
  /** Items with no post written yet: new ones, and updated ones (an update clears postPath's hash). */
  itemsNeedingPosts(sourceId?: number): Promise<StoredItem[]>;
  /** Unknown ids (here and in updateSource, deleteItem): TidingsError 'store.not-found'. */
  markPostWritten(itemId: number, postPath: string, postHash: string): Promise<void>;
  /** Marks many posts written in one transaction (all or none: an unknown id marks nothing). */
  markPostsWritten(posts: ReadonlyArray<WrittenPost>): Promise<void>;
  /** Deletes an item and remembers its key so a later refresh does not bring it back. */
  deleteItem(itemId: number): Promise<void>;
  /** In the order they were first stored (as is itemsNeedingPosts). */
  listItems(filter?: { sourceId?: number }): Promise<StoredItem[]>;
  /** Every source, by id, with its fetch state (null = never fetched), its number of stored items and its media counts. */
  statuses(): Promise<SourceStatus[]>;
  /** The stored records of these image URLs (unknown ones are absent). */
  mediaByUrls(urls: ReadonlyArray<string>): Promise<Map<string, MediaRecord>>;
  /**
   * Records download outcomes and item ↔ image links in one transaction. Items whose post is
   * written and that show an image which becomes 'ok' here (it was failed or unknown) need their
   * post again (postHash cleared, postPath kept): returns how many. Unknown item ids refuse the
   * whole update (TidingsError 'store.not-found'); an 'ok' record without hash and path, or a
   * 'failed' one without an error, is refused ('store.invalid-media').
   */
  recordMedia(update: MediaUpdate): Promise<number>;
  /**
   * Failed images whose next attempt is due at `now`, the most overdue first, at most `limit`;
   * only those some stored item still shows. pageUrl: the link of the first such item.
   */
  dueMedia(now: string, limit: number): Promise<MediaRetry[]>;
  /** The media records of the images each of these items shows (ok and failed), by item id; items without any are absent. */
  itemMedia(itemIds: ReadonlyArray<number>): Promise<Map<number, MediaRecord[]>>;
  close(): Promise<void>;
}

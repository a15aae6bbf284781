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
  /** Every source, by id, with its fetch state (null = never fetched) and its number of stored items. */
  statuses(): Promise<SourceStatus[]>;
  close(): Promise<void>;
}

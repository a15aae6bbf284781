import Database from 'better-sqlite3';
import { TidingsError } from '../../errors.ts';
import type { FetchState, Source, StoredItem } from '../../model/index.ts';
import type {
  IncomingItem, ItemChange, MediaRecord, MediaRetry, MediaUpdate, NewSource, SourceRefresh, SourceStatus, Store, WrittenPost,
} from '../store.ts';
import { openDatabase } from './open-database.ts';
import {
  fetchStateFromRow,
  fetchStateToParams,
  mediaFromRow,
  mediaToParams,
  sourceFromRow,
  sourceToParams,
  storedItemFromRow,
  type FetchStateRow,
  type ItemRow,
  type MediaRow,
  type SourceParams,
  type SourceRow,
} from './rows.ts';

export interface SqliteStoreOptions {
  /** The clock for createdAt and deletion times (refresh times come with the refresh). */
  now?: () => string;
}

/** Opens the SQLite store at `path` (created and migrated as needed); see open-database.ts for what it refuses. */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Store {
  return new SqliteStore(openDatabase(path), options.now ?? (() => new Date().toISOString()));
}

type StatusRow = SourceRow & { item_count: number } & { [K in keyof FetchStateRow as `fs_${K}`]: FetchStateRow[K] | null };

const SOURCE_COLUMNS = `url, fetch_url, name, categories, profile, full_text, every_seconds, encoding_override, keep, block, enabled, created_at, settings`;

/**
 * better-sqlite3 is synchronous: each method runs to completion (and its transaction
 * commits) before the returned promise settles, so the async interface costs nothing here.
 */
class SqliteStore implements Store {
  readonly #db: Database.Database;
  readonly #now: () => string;
  // Prepared once per store: preparing is most of the cost of a small statement.
  readonly #sql;
  // The multi-statement methods, each wrapped once in a transaction (BEGIN … COMMIT, ROLLBACK on throw).
  readonly #tx;

  constructor(db: Database.Database, now: () => string) {
    this.#db = db;
    this.#now = now;
    this.#sql = {
      insertSource: db.prepare<SourceParams>(
        `INSERT INTO sources (${SOURCE_COLUMNS})
         VALUES (@url, @fetch_url, @name, @categories, @profile, @full_text, @every_seconds, @encoding_override, @keep, @block, @enabled, @created_at, @settings)`,
      ),
      updateSource: db.prepare<SourceParams>(
        `UPDATE sources SET url = @url, fetch_url = @fetch_url, name = @name, categories = @categories, profile = @profile,
           full_text = @full_text, every_seconds = @every_seconds, encoding_override = @encoding_override, keep = @keep,
           block = @block, enabled = @enabled, settings = @settings
         WHERE id = @id`,
      ),
      sourceById: db.prepare<[number], SourceRow>(`SELECT * FROM sources WHERE id = ?`),
      sourceByUrl: db.prepare<[string], SourceRow>(`SELECT * FROM sources WHERE url = ?`),
      allSources: db.prepare<[], SourceRow>(`SELECT * FROM sources ORDER BY id`),
      // Never fetched (no fetch_state row) first, by id; then the most overdue first. A state
      // without a next check time (the fetcher did not schedule one) counts as due now.
      dueSources: db.prepare<[string], SourceRow>(
        `SELECT s.* FROM sources s LEFT JOIN fetch_state f ON f.source_id = s.id
         WHERE s.enabled = 1 AND (f.source_id IS NULL OR f.next_check_at IS NULL OR f.next_check_at <= ?)
         ORDER BY f.source_id IS NOT NULL, f.next_check_at NULLS FIRST, s.id`,
      ),
      setFetchUrl: db.prepare<[string, number]>(`UPDATE sources SET fetch_url = ? WHERE id = ?`),
      disableSource: db.prepare<[number]>(`UPDATE sources SET enabled = 0 WHERE id = ?`),

      fetchState: db.prepare<[number], FetchStateRow>(`SELECT * FROM fetch_state WHERE source_id = ?`),
      upsertFetchState: db.prepare<FetchStateRow>(
        `INSERT INTO fetch_state (source_id, last_attempt_at, last_success_at, http_status, error, etag, last_modified, failures, next_check_at, encoding)
         VALUES (@source_id, @last_attempt_at, @last_success_at, @http_status, @error, @etag, @last_modified, @failures, @next_check_at, @encoding)
         ON CONFLICT (source_id) DO UPDATE SET
           last_attempt_at = excluded.last_attempt_at, last_success_at = excluded.last_success_at,
           http_status = excluded.http_status, error = excluded.error, etag = excluded.etag,
           last_modified = excluded.last_modified, failures = excluded.failures,
           next_check_at = excluded.next_check_at, encoding = excluded.encoding`,
      ),

      // The per-item statements of a refresh: positional parameters, the hot path.
      itemByKey: db.prepare<[number, string], { id: number; content_hash: string }>(
        `SELECT id, content_hash FROM items WHERE source_id = ? AND key = ?`,
      ),
      isDeleted: db.prepare<[number, string], number>(`SELECT 1 FROM deleted_items WHERE source_id = ? AND key = ?`).pluck(),
      hasDeleted: db.prepare<[number], number>(`SELECT 1 FROM deleted_items WHERE source_id = ? LIMIT 1`).pluck(),
      insertItem: db.prepare<[number, string, string, string | null, string | null, string | null, string, string, string]>(
        `INSERT INTO items (source_id, key, item, title, link, published, content_hash, first_seen_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      // post_path stays, so the rewritten post replaces the old file; post_hash goes, so it is rewritten.
      updateItem: db.prepare<[string, string | null, string | null, string | null, string, string, number]>(
        `UPDATE items SET item = ?, title = ?, link = ?, published = ?, content_hash = ?, updated_at = ?, post_hash = NULL
         WHERE id = ?`,
      ),

      itemById: db.prepare<[number], ItemRow>(`SELECT * FROM items WHERE id = ?`),
      allItems: db.prepare<[], ItemRow>(`SELECT * FROM items ORDER BY id`),
      itemsOfSource: db.prepare<[number], ItemRow>(`SELECT * FROM items WHERE source_id = ? ORDER BY id`),
      allNeedingPosts: db.prepare<[], ItemRow>(`SELECT * FROM items WHERE post_hash IS NULL ORDER BY id`),
      sourceNeedingPosts: db.prepare<[number], ItemRow>(`SELECT * FROM items WHERE source_id = ? AND post_hash IS NULL ORDER BY id`),
      markPostWritten: db.prepare<[string, string, number]>(`UPDATE items SET post_path = ?, post_hash = ? WHERE id = ?`),
      deleteItem: db.prepare<[number], { source_id: number; key: string }>(`DELETE FROM items WHERE id = ? RETURNING source_id, key`),
      rememberDeleted: db.prepare<[number, string, string]>(
        `INSERT INTO deleted_items (source_id, key, deleted_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
      ),

      // One query for every source: fetch_state columns are prefixed, counts come from one grouped scan.
      statuses: db.prepare<[], StatusRow>(
        `SELECT s.*, COALESCE(c.n, 0) AS item_count,
           f.source_id AS fs_source_id, f.last_attempt_at AS fs_last_attempt_at, f.last_success_at AS fs_last_success_at,
           f.http_status AS fs_http_status, f.error AS fs_error, f.etag AS fs_etag, f.last_modified AS fs_last_modified,
           f.failures AS fs_failures, f.next_check_at AS fs_next_check_at, f.encoding AS fs_encoding
         FROM sources s
         LEFT JOIN fetch_state f ON f.source_id = s.id
         LEFT JOIN (SELECT source_id, count(*) AS n FROM items GROUP BY source_id) c ON c.source_id = s.id
         ORDER BY s.id`,
      ),

      // Media. Lists of URLs or ids go in as one JSON array (json_each), one statement whatever their number.
      mediaByUrls: db.prepare<[string], MediaRow>(`SELECT * FROM media WHERE url IN (SELECT value FROM json_each(?))`),
      mediaStatus: db.prepare<[string], string>(`SELECT status FROM media WHERE url = ?`).pluck(),
      upsertMedia: db.prepare<MediaRow>(
        `INSERT INTO media (url, status, hash, path, type, bytes, error, attempts, last_attempt_at, next_retry_at)
         VALUES (@url, @status, @hash, @path, @type, @bytes, @error, @attempts, @last_attempt_at, @next_retry_at)
         ON CONFLICT (url) DO UPDATE SET
           status = excluded.status, hash = excluded.hash, path = excluded.path, type = excluded.type,
           bytes = excluded.bytes, error = excluded.error, attempts = excluded.attempts,
           last_attempt_at = excluded.last_attempt_at, next_retry_at = excluded.next_retry_at`,
      ),
      itemExists: db.prepare<[number], number>(`SELECT 1 FROM items WHERE id = ?`).pluck(),
      clearItemMedia: db.prepare<[number]>(`DELETE FROM item_media WHERE item_id = ?`),
      linkItemMedia: db.prepare<[number, string]>(`INSERT INTO item_media (item_id, url) VALUES (?, ?) ON CONFLICT DO NOTHING`),
      // The post of an item that shows a newly archived image must link the copy: written again.
      unwritePostsShowing: db.prepare<[string]>(
        `UPDATE items SET post_hash = NULL WHERE post_hash IS NOT NULL AND id IN (SELECT item_id FROM item_media WHERE url = ?)`,
      ),
      dueMedia: db.prepare<[string, number], MediaRow & { page_url: string | null }>(
        `SELECT m.*, (SELECT i.link FROM item_media im JOIN items i ON i.id = im.item_id WHERE im.url = m.url ORDER BY i.id LIMIT 1) AS page_url
         FROM media m
         WHERE m.status = 'failed' AND m.next_retry_at IS NOT NULL AND m.next_retry_at <= ?
           AND EXISTS (SELECT 1 FROM item_media im WHERE im.url = m.url)
         ORDER BY m.next_retry_at, m.url
         LIMIT ?`,
      ),
      itemMedia: db.prepare<[string], MediaRow & { item_id: number }>(
        `SELECT im.item_id, m.* FROM item_media im JOIN media m ON m.url = im.url
         WHERE im.item_id IN (SELECT value FROM json_each(?))
         ORDER BY im.item_id, m.url`,
      ),
      // Distinct image URLs per source: an image two items of a source show counts once.
      mediaCounts: db.prepare<[], { source_id: number; archived: number; failed: number }>(
        `SELECT l.source_id, sum(m.status = 'ok') AS archived, sum(m.status = 'failed') AS failed
         FROM (SELECT DISTINCT i.source_id, im.url FROM item_media im JOIN items i ON i.id = im.item_id) l
         JOIN media m ON m.url = l.url
         GROUP BY l.source_id`,
      ),
    };
    this.#tx = {
      applyRefresh: db.transaction((refresh: SourceRefresh) => this.#applyRefreshBody(refresh)),
      updateSource: db.transaction((id: number, patch: Partial<Omit<Source, 'id' | 'createdAt'>>) => this.#updateSourceBody(id, patch)),
      deleteItem: db.transaction((itemId: number) => this.#deleteItemBody(itemId)),
      recordMedia: db.transaction((update: MediaUpdate) => this.#recordMediaBody(update)),
      markPostsWritten: db.transaction((posts: ReadonlyArray<WrittenPost>) => {
        for (const post of posts) {
          if (this.#sql.markPostWritten.run(post.postPath, post.postHash, post.itemId).changes === 0) throw noItemError(post.itemId);
        }
      }),
    };
  }

  async addSource(source: NewSource): Promise<Source> {
    const full: Omit<Source, 'id'> = {
      url: source.url,
      fetchUrl: source.fetchUrl ?? source.url,
      name: source.name ?? null,
      categories: source.categories ?? [],
      profile: source.profile ?? null,
      fullText: source.fullText ?? false,
      everySeconds: source.everySeconds ?? null,
      encodingOverride: source.encodingOverride ?? null,
      keep: source.keep ?? [],
      block: source.block ?? [],
      settings: source.settings ?? {},
      enabled: source.enabled ?? true,
      createdAt: this.#now(),
    };
    const id = this.#writeSource(full.url, () => this.#sql.insertSource.run(sourceToParams(full)).lastInsertRowid);
    return { id: Number(id), ...full };
  }

  async getSource(id: number): Promise<Source | null> {
    const row = this.#sql.sourceById.get(id);
    return row ? sourceFromRow(row) : null;
  }

  async findSourceByUrl(url: string): Promise<Source | null> {
    const row = this.#sql.sourceByUrl.get(url);
    return row ? sourceFromRow(row) : null;
  }

  async listSources(): Promise<Source[]> {
    return this.#sql.allSources.all().map(sourceFromRow);
  }

  async updateSource(id: number, patch: Partial<Omit<Source, 'id' | 'createdAt'>>): Promise<Source> {
    return this.#tx.updateSource(id, patch);
  }

  #updateSourceBody(id: number, patch: Partial<Omit<Source, 'id' | 'createdAt'>>): Source {
    const current = this.#sourceOrThrow(id);
    const updated: Source = { ...current };
    // An explicit `undefined` in the patch means "not given", not "set to null".
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined && key !== 'id' && key !== 'createdAt') (updated as unknown as Record<string, unknown>)[key] = value;
    }
    this.#writeSource(updated.url, () => this.#sql.updateSource.run(sourceToParams(updated)));
    return updated;
  }

  async dueSources(now: string): Promise<Source[]> {
    return this.#sql.dueSources.all(now).map(sourceFromRow);
  }

  async getFetchState(sourceId: number): Promise<FetchState | null> {
    const row = this.#sql.fetchState.get(sourceId);
    return row ? fetchStateFromRow(row) : null;
  }

  async applyRefresh(refresh: SourceRefresh): Promise<ItemChange[]> {
    return this.#tx.applyRefresh(refresh);
  }

  /** Runs inside one transaction: anything thrown rolls back the state, the source changes and every item. */
  #applyRefreshBody(refresh: SourceRefresh): ItemChange[] {
    const sql = this.#sql;
    const { sourceId, now } = refresh;
    this.#sourceOrThrow(sourceId);
    sql.upsertFetchState.run(fetchStateToParams({ ...refresh.fetch, sourceId }));
    if (refresh.newFetchUrl) sql.setFetchUrl.run(refresh.newFetchUrl, sourceId);
    if (refresh.disable) sql.disableSource.run(sourceId);

    // Most sources never had an item deleted: then skip that lookup for every new item.
    const mayBeDeleted = sql.hasDeleted.get(sourceId) !== undefined;
    const changes: ItemChange[] = [];
    const seen = new Map<string, number | null>();
    for (const incoming of refresh.items) {
      checkIncoming(incoming);
      const { key, contentHash, item } = incoming;
      if (seen.has(key)) {
        // A feed that repeats a key: the first occurrence was applied, this one changes nothing.
        changes.push({ itemId: seen.get(key)!, key, status: 'unchanged' });
        continue;
      }
      // A stored item is never a deleted one (deleteItem removes the row), so look it up first.
      const existing = sql.itemByKey.get(sourceId, key);
      let change: ItemChange;
      if (existing) {
        if (existing.content_hash === contentHash) {
          change = { itemId: existing.id, key, status: 'unchanged' };
        } else {
          sql.updateItem.run(JSON.stringify(item), item.title ?? null, item.link ?? null, item.published ?? null, contentHash, now, existing.id);
          change = { itemId: existing.id, key, status: 'updated' };
        }
      } else if (mayBeDeleted && sql.isDeleted.get(sourceId, key) !== undefined) {
        change = { itemId: null, key, status: 'deleted' };
      } else {
        const { lastInsertRowid } = sql.insertItem.run(
          sourceId, key, JSON.stringify(item), item.title ?? null, item.link ?? null, item.published ?? null, contentHash, now, now,
        );
        change = { itemId: Number(lastInsertRowid), key, status: 'new' };
      }
      seen.set(key, change.itemId);
      changes.push(change);
    }
    return changes;
  }

  async itemHashes(sourceId: number, keys: ReadonlyArray<string>): Promise<Map<string, string>> {
    const hashes = new Map<string, string>();
    for (const key of keys) {
      const row = this.#sql.itemByKey.get(sourceId, key);
      if (row) hashes.set(key, row.content_hash);
    }
    return hashes;
  }

  async itemsNeedingPosts(sourceId?: number): Promise<StoredItem[]> {
    const rows = sourceId === undefined ? this.#sql.allNeedingPosts.all() : this.#sql.sourceNeedingPosts.all(sourceId);
    return rows.map(storedItemFromRow);
  }

  async markPostWritten(itemId: number, postPath: string, postHash: string): Promise<void> {
    if (this.#sql.markPostWritten.run(postPath, postHash, itemId).changes === 0) throw noItemError(itemId);
  }

  async markPostsWritten(posts: ReadonlyArray<WrittenPost>): Promise<void> {
    this.#tx.markPostsWritten(posts);
  }

  async deleteItem(itemId: number): Promise<void> {
    this.#tx.deleteItem(itemId);
  }

  #deleteItemBody(itemId: number): void {
    const deleted = this.#sql.deleteItem.get(itemId);
    if (!deleted) throw noItemError(itemId);
    this.#sql.rememberDeleted.run(deleted.source_id, deleted.key, this.#now());
  }

  async listItems(filter: { sourceId?: number } = {}): Promise<StoredItem[]> {
    const rows = filter.sourceId === undefined ? this.#sql.allItems.all() : this.#sql.itemsOfSource.all(filter.sourceId);
    return rows.map(storedItemFromRow);
  }

  async statuses(): Promise<SourceStatus[]> {
    const media = new Map(this.#sql.mediaCounts.all().map((c) => [c.source_id, { archived: c.archived, failed: c.failed }]));
    return this.#sql.statuses.all().map((row) => ({
      source: sourceFromRow(row),
      state:
        row.fs_source_id === null
          ? null
          : fetchStateFromRow({
              source_id: row.fs_source_id,
              last_attempt_at: row.fs_last_attempt_at,
              last_success_at: row.fs_last_success_at,
              http_status: row.fs_http_status,
              error: row.fs_error,
              etag: row.fs_etag,
              last_modified: row.fs_last_modified,
              failures: row.fs_failures ?? 0,
              next_check_at: row.fs_next_check_at,
              encoding: row.fs_encoding,
            }),
      itemCount: row.item_count,
      media: media.get(row.id) ?? { archived: 0, failed: 0 },
    }));
  }

  async mediaByUrls(urls: ReadonlyArray<string>): Promise<Map<string, MediaRecord>> {
    if (urls.length === 0) return new Map();
    return new Map(this.#sql.mediaByUrls.all(JSON.stringify(urls)).map((row) => [row.url, mediaFromRow(row)]));
  }

  async recordMedia(update: MediaUpdate): Promise<number> {
    return this.#tx.recordMedia(update);
  }

  /** One transaction: links first, so that an image archived now finds every item showing it. */
  #recordMediaBody(update: MediaUpdate): number {
    const sql = this.#sql;
    for (const { itemId, urls } of update.links) {
      if (sql.itemExists.get(itemId) === undefined) throw noItemError(itemId);
      sql.clearItemMedia.run(itemId);
      for (const url of urls) sql.linkItemMedia.run(itemId, url);
    }
    let unwritten = 0;
    for (const record of update.results) {
      checkMedia(record);
      const before = sql.mediaStatus.get(record.url);
      sql.upsertMedia.run(mediaToParams(record));
      if (record.status === 'ok' && before !== 'ok') unwritten += sql.unwritePostsShowing.run(record.url).changes;
    }
    return unwritten;
  }

  async dueMedia(now: string, limit: number): Promise<MediaRetry[]> {
    return this.#sql.dueMedia.all(now, limit).map((row) => ({ record: mediaFromRow(row), pageUrl: row.page_url }));
  }

  async itemMedia(itemIds: ReadonlyArray<number>): Promise<Map<number, MediaRecord[]>> {
    const out = new Map<number, MediaRecord[]>();
    if (itemIds.length === 0) return out;
    for (const row of this.#sql.itemMedia.all(JSON.stringify(itemIds))) {
      const list = out.get(row.item_id) ?? [];
      list.push(mediaFromRow(row));
      out.set(row.item_id, list);
    }
    return out;
  }

  async close(): Promise<void> {
    if (!this.#db.open) return;
    // Lets SQLite refresh the statistics its planner uses, cheaply, as its docs advise before closing.
    this.#db.pragma('optimize');
    this.#db.close();
  }

  #sourceOrThrow(id: number): Source {
    const row = this.#sql.sourceById.get(id);
    if (!row) throw new TidingsError('store.not-found', `store: no source with id ${id}`);
    return sourceFromRow(row);
  }

  /** Runs an insert or update of a source, turning the UNIQUE(url) violation into a clear error. */
  #writeSource<T>(url: string, write: () => T): T {
    try {
      return write();
    } catch (error) {
      if (error instanceof Database.SqliteError && error.code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new TidingsError('store.source-exists', `store: a source with URL ${url} already exists`, {
          hint: 'list sources to find it, or update that one',
          cause: error,
        });
      }
      throw error;
    }
  }
}

/** The identity key and hash are what the store relies on; an empty or non-string one is a bug upstream. */
function checkIncoming(incoming: IncomingItem): void {
  for (const field of ['key', 'contentHash'] as const) {
    const value: unknown = incoming[field];
    if (typeof value !== 'string' || value === '') {
      throw new TidingsError('store.invalid-item', `store: refused an item with ${field} ${typeof value === 'string' ? JSON.stringify(value) : `of type ${typeof value}`}; nothing of this refresh was stored`, {
        hint: 'every item needs a non-empty identity key and content hash',
      });
    }
  }
}

/** An archived image needs its copy; a failed one its reason. Anything else is a bug upstream. */
function checkMedia(record: MediaRecord): void {
  const ok = record.status === 'ok' && !!record.hash && !!record.path;
  const failed = record.status === 'failed' && !!record.error;
  if (!ok && !failed) {
    throw new TidingsError('store.invalid-media', `store: refused media record for ${record.url}: ${record.status === 'ok' ? 'ok without hash and path' : record.status === 'failed' ? 'failed without an error' : `status ${JSON.stringify(record.status)}`}`, {
      hint: 'an archived image needs its hash and path, a failed one its error',
    });
  }
}

function noItemError(itemId: number): TidingsError {
  return new TidingsError('store.not-found', `store: no item with id ${itemId}`);
}

/**
 * The SQLite schema, as an append-only list of migrations (the model is miniflux's
 * internal/database/migrations.go).
 *
 * - The schema version of a database is the number of migrations applied to it, kept in
 *   `PRAGMA user_version`. Migration i (0-based) takes the schema from version i to i + 1.
 * - NEVER edit or reorder a migration that has been released: databases in the wild
 *   already ran it, and will never run it again. To change the schema, append a new one.
 * - Each runs in its own transaction together with the version bump, so a failed
 *   migration leaves the database at the previous version.
 * - Tables are STRICT (types are enforced, not just advised). Booleans are INTEGER 0/1;
 *   lists and the feed item are JSON text. Times are ISO 8601 UTC strings as produced by
 *   `Date.prototype.toISOString()`, so they sort and compare as text.
 * - A migration that has to rebuild a table (SQLite's 12-step ALTER) must switch
 *   foreign keys off around itself; foreign_keys cannot change inside a transaction.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: sources, their fetch state, items, and the keys of deleted items.
  `
  -- AUTOINCREMENT: ids appear in URLs and commands, so a deleted row's id is never handed out again.
  CREATE TABLE sources (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    url               TEXT    NOT NULL UNIQUE,
    fetch_url         TEXT    NOT NULL,
    name              TEXT,
    categories        TEXT    NOT NULL DEFAULT '[]',       -- JSON array of strings
    profile           TEXT,
    full_text         INTEGER NOT NULL DEFAULT 0 CHECK (full_text IN (0, 1)),
    every_seconds     INTEGER CHECK (every_seconds > 0),   -- NULL = adaptive polling
    encoding_override TEXT,
    keep              TEXT    NOT NULL DEFAULT '[]',       -- JSON array of regexp sources
    block             TEXT    NOT NULL DEFAULT '[]',       -- JSON array of regexp sources
    enabled           INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    created_at        TEXT    NOT NULL
  ) STRICT;

  -- One row per source once it has been fetched; no row = never fetched.
  CREATE TABLE fetch_state (
    source_id       INTEGER PRIMARY KEY REFERENCES sources (id) ON DELETE CASCADE,
    last_attempt_at TEXT,
    last_success_at TEXT,
    http_status     INTEGER,
    error           TEXT,
    etag            TEXT,
    last_modified   TEXT,
    failures        INTEGER NOT NULL DEFAULT 0,
    next_check_at   TEXT,
    encoding        TEXT
  ) STRICT;

  CREATE TABLE items (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    source_id     INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    key           TEXT    NOT NULL,
    item          TEXT    NOT NULL,  -- the FeedItem as JSON; the columns below are copies to query by
    title         TEXT,
    link          TEXT,
    published     TEXT,
    content_hash  TEXT    NOT NULL,
    first_seen_at TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    post_path     TEXT,
    post_hash     TEXT,              -- NULL = a post has to be (re)written
    UNIQUE (source_id, key)          -- also the index the foreign key's cascade uses
  ) STRICT;

  -- Small, because written posts leave it: only items waiting for their post are in it.
  CREATE INDEX items_needing_posts ON items (source_id, id) WHERE post_hash IS NULL;

  -- Deleted items are remembered by key so that the next refresh does not bring them back.
  CREATE TABLE deleted_items (
    source_id  INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    key        TEXT    NOT NULL,
    deleted_at TEXT    NOT NULL,
    PRIMARY KEY (source_id, key)
  ) STRICT, WITHOUT ROWID;
  `,
  // 2: per-source settings (clean rules and post profile overrides), JSON.
  `
  ALTER TABLE sources ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
  `,
  // 3: archived images (media.archive): one row per image URL, and which items show which.
  `
  CREATE TABLE media (
    url             TEXT    PRIMARY KEY,   -- as the item's HTML (entities decoded), enclosure or image has it
    status          TEXT    NOT NULL CHECK (status IN ('ok', 'failed')),
    hash            TEXT,                  -- SHA-256 of the bytes, hex (ok)
    path            TEXT,                  -- below media.dir, "ab/<hash>.jpg" (ok); shared by URLs with the same bytes
    type            TEXT,                  -- jpeg, png … by magic bytes (ok)
    bytes           INTEGER,
    error           TEXT,                  -- why the last attempt failed (failed)
    attempts        INTEGER NOT NULL CHECK (attempts >= 0),
    last_attempt_at TEXT    NOT NULL,
    next_retry_at   TEXT,                  -- failed: try again from then; NULL = ok, or given up
    CHECK ((status = 'ok') = (path IS NOT NULL AND hash IS NOT NULL))
  ) STRICT;

  -- Only failed images waiting for another attempt are in it.
  CREATE INDEX media_due ON media (next_retry_at) WHERE status = 'failed' AND next_retry_at IS NOT NULL;

  -- Which items show which image URLs (content images and the lead image). No foreign key to
  -- media: a link may be recorded before the image's first outcome.
  CREATE TABLE item_media (
    item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    url     TEXT    NOT NULL,
    PRIMARY KEY (item_id, url)
  ) STRICT, WITHOUT ROWID;

  CREATE INDEX item_media_url ON item_media (url);
  `,
];

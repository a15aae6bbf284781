import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { TidingsError } from '../../errors.ts';
import type { FeedItem } from '../../model/index.ts';
import { runStoreContract } from '../contract.ts';
import type { IncomingItem } from '../store.ts';
import { openSqliteStore } from './index.ts';
import { MIGRATIONS } from './migrations.ts';
import { migrate, openDatabase } from './open-database.ts';

runStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-store-'));
  const path = join(dir, 'tidings.db');
  return {
    open: async (options) => openSqliteStore(path, options),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

const NOW = '2026-03-01T08:00:00.000Z';

function item(i: number): IncomingItem {
  const feedItem: FeedItem = {
    id: `https://example.org/posts/${i}`,
    title: `Item number ${i}`,
    link: `https://example.org/posts/${i}`,
    published: NOW,
    updated: null,
    authors: [{ name: 'Writer', email: null, url: null }],
    summary: `<p>Summary ${i}</p>`,
    content: `<p>${'Some paragraph text. '.repeat(40)}${i}</p>`,
    categories: ['news', 'world'],
    enclosures: [],
    comments: null,
    image: null,
  };
  return { key: feedItem.id, contentHash: `sha256-${i}`, item: feedItem };
}

describe('sqlite store', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tidings-sqlite-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const freshPath = () => join(dir, `db-${++n}.db`);

  it('configures every connection: WAL, foreign keys, NORMAL sync, a busy timeout', () => {
    const db = openDatabase(freshPath());
    try {
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
      assert.equal(db.pragma('synchronous', { simple: true }), 1); // 1 = NORMAL
      assert.ok((db.pragma('busy_timeout', { simple: true }) as number) >= 1000);
      // Foreign keys are enforced, not just declared.
      assert.throws(
        () => db.prepare(`INSERT INTO items (source_id, key, item, content_hash, first_seen_at, updated_at) VALUES (999, 'k', '{}', 'h', 'x', 'x')`).run(),
        (error: unknown) => error instanceof Database.SqliteError && error.code === 'SQLITE_CONSTRAINT_FOREIGNKEY',
      );
    } finally {
      db.close();
    }
  });

  it('applies the migrations once: the schema version is their number, and reopening changes nothing', async () => {
    const path = freshPath();
    const store = openSqliteStore(path);
    await store.addSource({ url: 'https://a.example/feed' });
    await store.close();
    const schemaOf = (db: Database.Database) => db.prepare(`SELECT type, name, sql FROM sqlite_schema ORDER BY name`).all();
    const first = new Database(path, { readonly: true });
    const schema = schemaOf(first);
    assert.equal(first.pragma('user_version', { simple: true }), MIGRATIONS.length);
    first.close();

    // Running a migration twice would fail ("table sources already exists"), so this also proves it is skipped.
    const again = openSqliteStore(path);
    assert.equal((await again.listSources()).length, 1);
    await again.close();
    const second = new Database(path, { readonly: true });
    assert.equal(second.pragma('user_version', { simple: true }), MIGRATIONS.length);
    assert.deepEqual(schemaOf(second), schema);
    second.close();
  });

  it('migration 3 (media) upgrades a version-2 database in place: items kept, media recorded for them', async () => {
    const path = freshPath();
    const old = new Database(path);
    migrate(old, path, MIGRATIONS.slice(0, 2));
    old.close();
    // What a version-2 Tidings wrote (its store cannot be opened here: this one migrates on open).
    const v2 = new Database(path);
    v2.prepare(`INSERT INTO sources (url, fetch_url, created_at) VALUES ('https://a.example/feed', 'https://a.example/feed', ?)`).run(NOW);
    const itemId = Number(v2.prepare(
      `INSERT INTO items (source_id, key, item, content_hash, first_seen_at, updated_at, post_path, post_hash) VALUES (1, 'k', ?, 'h', ?, ?, 'p.md', 'ph')`,
    ).run(JSON.stringify(item(1).item), NOW, NOW).lastInsertRowid);
    v2.close();

    const store = openSqliteStore(path);
    const hash = 'f'.repeat(64);
    const record = { url: 'https://img.example/1.jpg', status: 'ok' as const, hash, path: `ff/${hash}.jpg`, type: 'jpeg', bytes: 10, error: null, attempts: 1, lastAttemptAt: NOW, nextRetryAt: null };
    // The old item's written post shows an image archived now: it is written again.
    await store.recordMedia({ results: [], links: [{ itemId, urls: [record.url] }] });
    assert.equal(await store.recordMedia({ results: [record], links: [] }), 1);
    assert.deepEqual((await store.listItems()).map((i) => [i.key, i.postPath, i.postHash]), [['k', 'p.md', null]]);
    assert.deepEqual((await store.itemMedia([itemId])).get(itemId), [record]);
    await store.close();
    const db = new Database(path, { readonly: true });
    assert.equal(db.pragma('user_version', { simple: true }), 3);
    db.close();
  });

  it('runs only the migrations appended since the last open', () => {
    const path = freshPath();
    const db = new Database(path);
    const base = ['CREATE TABLE t (a INTEGER) STRICT;'];
    migrate(db, path, base);
    db.prepare('INSERT INTO t VALUES (1)').run();
    migrate(db, path, [...base, 'ALTER TABLE t ADD COLUMN b TEXT;']);
    assert.equal(db.pragma('user_version', { simple: true }), 2);
    assert.deepEqual(db.prepare('SELECT * FROM t').all(), [{ a: 1, b: null }]);
    migrate(db, path, [...base, 'ALTER TABLE t ADD COLUMN b TEXT;']);
    assert.equal(db.pragma('user_version', { simple: true }), 2);
    db.close();
  });

  it('a failing migration leaves the database at the previous version', () => {
    const path = freshPath();
    const db = new Database(path);
    const base = ['CREATE TABLE t (a INTEGER) STRICT;'];
    migrate(db, path, base);
    assert.throws(() => migrate(db, path, [...base, 'CREATE TABLE u (x INTEGER); CREATE TABLE t (oops INTEGER);']));
    assert.equal(db.pragma('user_version', { simple: true }), 1);
    assert.deepEqual(db.prepare(`SELECT name FROM sqlite_schema WHERE name = 'u'`).all(), []);
    db.close();
  });

  it('refuses a database written by a newer Tidings, with a clear message', async () => {
    const path = freshPath();
    await openSqliteStore(path).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${MIGRATIONS.length + 2}`);
    raw.close();
    assert.throws(
      () => openSqliteStore(path),
      (error: unknown) => {
        assert.ok(error instanceof TidingsError);
        assert.equal(error.code, 'store.newer-schema');
        assert.equal(error.message, `store: ${path} was written by a newer Tidings (schema ${MIGRATIONS.length + 2}, this one knows ${MIGRATIONS.length})`);
        assert.ok(error.hint);
        return true;
      },
    );
  });

  it('refuses a file that is not SQLite, and a SQLite database that is not Tidings', () => {
    const text = freshPath();
    writeFileSync(text, 'title,link\nHello,https://example.org/\n'.repeat(100));
    assert.throws(() => openSqliteStore(text), (error: unknown) => {
      assert.ok(error instanceof TidingsError);
      assert.equal(error.code, 'store.not-sqlite');
      assert.equal(error.message, `store: ${text} is not a SQLite database`);
      return true;
    });

    const other = freshPath();
    const raw = new Database(other);
    raw.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY)');
    raw.close();
    assert.throws(() => openSqliteStore(other), (error: unknown) => error instanceof TidingsError && error.code === 'store.not-tidings');

    assert.throws(
      () => openSqliteStore(join(dir, 'no-such-folder', 'tidings.db')),
      (error: unknown) => error instanceof TidingsError && error.code === 'store.open',
    );
  });

  it('rolls back a refresh that fails inside the database layer (an item that cannot be serialized)', async () => {
    // Whitebox: the contract provokes the rollback through validation; this makes the
    // failure happen at JSON.stringify, after earlier items went through SQLite.
    const store = openSqliteStore(freshPath());
    const source = await store.addSource({ url: 'https://a.example/feed' });
    const poisoned = item(3);
    (poisoned.item as unknown as { comments: unknown }).comments = 10n;
    await assert.rejects(
      store.applyRefresh({
        sourceId: source.id,
        now: NOW,
        fetch: { lastAttemptAt: NOW, lastSuccessAt: NOW, httpStatus: 200, error: null, etag: null, lastModified: null, failures: 0, nextCheckAt: null, encoding: 'utf-8' },
        items: [item(1), item(2), poisoned],
      }),
      TypeError,
    );
    assert.deepEqual(await store.listItems(), []);
    assert.equal(await store.getFetchState(source.id), null);
    await store.close();
  });

  it('passes integrity_check after a run, and measures applyRefresh throughput', async (t) => {
    const path = freshPath();
    const store = openSqliteStore(path);
    const source = await store.addSource({ url: 'https://bulk.example/feed' });
    const count = 20_000;
    const items = Array.from({ length: count }, (_, i) => item(i));
    const fetch = { lastAttemptAt: NOW, lastSuccessAt: NOW, httpStatus: 200, error: null, etag: null, lastModified: null, failures: 0, nextCheckAt: null, encoding: 'utf-8' };

    const rate = async (label: string, run: () => Promise<unknown>) => {
      const cpuStart = process.cpuUsage();
      const start = process.hrtime.bigint();
      await run();
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const cpu = process.cpuUsage(cpuStart);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      // CPU time too: on a busy machine the wall-clock rate says more about the neighbours.
      const message =
        `${label}: ${count} items in ${(seconds * 1000).toFixed(0)} ms = ${Math.round(count / seconds)} items/s ` +
        `(CPU ${(cpuSeconds * 1000).toFixed(0)} ms = ${Math.round(count / cpuSeconds)} items/s)`;
      t.diagnostic(message);
      console.log(`sqlite store throughput, ${message}`);
    };
    let changes: Awaited<ReturnType<typeof store.applyRefresh>> = [];
    await rate('new', async () => (changes = await store.applyRefresh({ sourceId: source.id, now: NOW, fetch, items })));
    assert.ok(changes.every((c) => c.status === 'new'));
    await rate('unchanged', async () => (changes = await store.applyRefresh({ sourceId: source.id, now: NOW, fetch, items })));
    assert.ok(changes.every((c) => c.status === 'unchanged'));
    const updated = items.map((it) => ({ ...it, contentHash: `${it.contentHash}-v2` }));
    await rate('updated', async () => (changes = await store.applyRefresh({ sourceId: source.id, now: NOW, fetch, items: updated })));
    assert.ok(changes.every((c) => c.status === 'updated'));
    assert.equal((await store.statuses())[0]!.itemCount, count);
    await store.close();

    const db = new Database(path, { readonly: true });
    assert.deepEqual(db.pragma('integrity_check'), [{ integrity_check: 'ok' }]);
    assert.deepEqual(db.pragma('foreign_key_check'), []);
    db.close();
  });
});

// The behaviour every Store must have, written once and run against each implementation
// (sqlite/sqlite.test.ts; postgres later). Nothing here may depend on one database: only the
// Store interface, plain data and TidingsError codes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TidingsError } from '../errors.ts';
import type { FeedItem, FetchState } from '../model/index.ts';
import type { IncomingItem, MediaRecord, SourceRefresh, Store } from './store.ts';

/** Options the contract passes when opening a store. */
export interface StoreOpenOptions {
  /** The store's clock (createdAt, deletion times). */
  now: () => string;
}

/**
 * One empty storage location (a temporary file, a fresh PostgreSQL schema …). `open` may be
 * called again after the previous store was closed and must then see the same data; that is
 * how the contract tests persistence. `cleanup` removes the location; the contract calls it
 * once, after closing every store it opened.
 */
export interface StoreFixture {
  open(options: StoreOpenOptions): Promise<Store>;
  cleanup(): Promise<void>;
}

const T0 = '2026-03-01T08:00:00.000Z';
const T1 = '2026-03-01T09:00:00.000Z';
const T2 = '2026-03-01T10:00:00.000Z';
const T3 = '2026-03-01T11:00:00.000Z';

/** A settable clock, so that every time the store writes is known to the test. */
function makeClock(start = T0): { now: () => string; set(time: string): void } {
  let current = start;
  return { now: () => current, set: (time) => (current = time) };
}

function feedItem(id: string, overrides: Partial<FeedItem> = {}): FeedItem {
  return {
    id,
    title: `Title ${id}`,
    link: `https://example.org/${id}`,
    published: '2026-02-28T12:00:00.000Z',
    updated: null,
    authors: [{ name: 'Ada', email: null, url: null }],
    summary: null,
    content: `<p>Body of ${id} — ünïcødé, 中文</p>`,
    categories: ['news'],
    enclosures: [{ url: `https://example.org/${id}.mp3`, type: 'audio/mpeg', length: 1234 }],
    comments: null,
    image: null,
    ...overrides,
  };
}

function incoming(key: string, contentHash = `hash-${key}`, overrides: Partial<FeedItem> = {}): IncomingItem {
  return { key, contentHash, item: feedItem(key, overrides) };
}

function fetchOk(at: string, nextCheckAt: string | null, overrides: Partial<FetchState> = {}): SourceRefresh['fetch'] {
  return {
    lastAttemptAt: at,
    lastSuccessAt: at,
    httpStatus: 200,
    error: null,
    etag: '"v1"',
    lastModified: 'Sun, 01 Mar 2026 08:00:00 GMT',
    failures: 0,
    nextCheckAt,
    encoding: 'utf-8',
    ...overrides,
  };
}

function refreshOf(sourceId: number, now: string, items: IncomingItem[], extra: Partial<SourceRefresh> = {}): SourceRefresh {
  return { sourceId, now, fetch: fetchOk(now, null), items, ...extra };
}

/** An archived image record; `digit` makes its hash (two URLs given the same digit have the same bytes). */
function archived(url: string, digit: string, at: string): MediaRecord {
  const hash = digit.slice(0, 1).repeat(64);
  return { url, status: 'ok', hash, path: `${hash.slice(0, 2)}/${hash}.jpg`, type: 'jpeg', bytes: 1234, error: null, attempts: 1, lastAttemptAt: at, nextRetryAt: null };
}

function failedMedia(url: string, error: string, at: string, nextRetryAt: string | null, attempts = 1): MediaRecord {
  return { url, status: 'failed', hash: null, path: null, type: null, bytes: null, error, attempts, lastAttemptAt: at, nextRetryAt };
}

/** Asserts that a promise rejects with a TidingsError of the given code. */
async function rejectsWithCode(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof TidingsError, `expected a TidingsError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, /^store: /);
    return true;
  });
}

/** Registers the contract's tests (describe/it) for one Store implementation. */
export function runStoreContract(name: string, createFixture: () => Promise<StoreFixture>): void {
  /** Runs a test body against a freshly opened, empty store, and always cleans up. */
  async function withStore(body: (store: Store, clock: ReturnType<typeof makeClock>, fixture: StoreFixture) => Promise<void>): Promise<void> {
    const fixture = await createFixture();
    const clock = makeClock();
    const opened: Store[] = [];
    const trackingFixture: StoreFixture = {
      open: async (options) => {
        const store = await fixture.open(options);
        opened.push(store);
        return store;
      },
      cleanup: fixture.cleanup,
    };
    try {
      const store = await trackingFixture.open({ now: clock.now });
      await body(store, clock, trackingFixture);
    } finally {
      // close() must be safe to call on a store that was already closed.
      for (const store of opened) await store.close();
      await fixture.cleanup();
    }
  }

  describe(`Store contract: ${name}`, () => {
    describe('sources', () => {
      it('addSource fills in the defaults: id, fetchUrl = url, enabled, empty lists, createdAt from the clock', () =>
        withStore(async (store) => {
          const source = await store.addSource({ url: 'https://example.org/feed.xml' });
          assert.equal(typeof source.id, 'number');
          assert.deepEqual(source, {
            id: source.id,
            url: 'https://example.org/feed.xml',
            fetchUrl: 'https://example.org/feed.xml',
            name: null,
            categories: [],
            profile: null,
            fullText: false,
            everySeconds: null,
            encodingOverride: null,
            keep: [],
            block: [],
            settings: {},
            enabled: true,
            createdAt: T0,
          });
          assert.deepEqual(await store.getSource(source.id), source);
        }));

      it('addSource keeps every field it is given', () =>
        withStore(async (store) => {
          const given = {
            url: 'rsshub:///aljazeera/english/news',
            fetchUrl: 'https://rsshub.example/aljazeera/english/news',
            name: 'Al Jazeera',
            categories: ['world', 'aljazeera.com', 'news'],
            profile: 'repost',
            fullText: true,
            everySeconds: 900,
            encodingOverride: 'gbk',
            keep: ['(?i)climate'],
            block: ['^Sponsored', 'quiz'],
            settings: { cleanRules: { stripTracking: false }, post: { repostLabel: '轉載自', body: 'markdown' as const } },
            enabled: false,
          };
          const source = await store.addSource(given);
          assert.deepEqual(source, { ...given, id: source.id, createdAt: T0 });
          assert.deepEqual(await store.getSource(source.id), source);
        }));

      it('refuses a second source with the same URL', () =>
        withStore(async (store) => {
          await store.addSource({ url: 'https://example.org/feed.xml' });
          await rejectsWithCode(store.addSource({ url: 'https://example.org/feed.xml', name: 'again' }), 'store.source-exists');
          assert.equal((await store.listSources()).length, 1);
        }));

      it('getSource and findSourceByUrl return null for unknown ones', () =>
        withStore(async (store) => {
          const source = await store.addSource({ url: 'https://a.example/feed' });
          assert.equal(await store.getSource(source.id + 1000), null);
          assert.equal(await store.findSourceByUrl('https://b.example/feed'), null);
          assert.deepEqual(await store.findSourceByUrl('https://a.example/feed'), source);
        }));

      it('listSources returns every source in the order they were added', () =>
        withStore(async (store, clock) => {
          const a = await store.addSource({ url: 'https://a.example/feed' });
          clock.set(T1);
          const b = await store.addSource({ url: 'https://b.example/feed', enabled: false });
          assert.deepEqual(await store.listSources(), [a, b]);
        }));

      it('updateSource changes only what the patch names and returns the result', () =>
        withStore(async (store, clock) => {
          const source = await store.addSource({ url: 'https://a.example/feed', name: 'A', keep: ['x'] });
          clock.set(T1);
          const updated = await store.updateSource(source.id, { name: 'A prime', categories: ['g', 's', 'c'], enabled: false, everySeconds: 60 });
          assert.deepEqual(updated, { ...source, name: 'A prime', categories: ['g', 's', 'c'], enabled: false, everySeconds: 60 });
          assert.deepEqual(await store.getSource(source.id), updated);
          // null is a value (clear it); a missing key leaves the field alone.
          const cleared = await store.updateSource(source.id, { name: null });
          assert.equal(cleared.name, null);
          assert.deepEqual(cleared.keep, ['x']);
        }));

      it('updateSource refuses an unknown id and a URL another source has', () =>
        withStore(async (store) => {
          await rejectsWithCode(store.updateSource(12345, { name: 'x' }), 'store.not-found');
          const a = await store.addSource({ url: 'https://a.example/feed' });
          await store.addSource({ url: 'https://b.example/feed' });
          await rejectsWithCode(store.updateSource(a.id, { url: 'https://b.example/feed' }), 'store.source-exists');
          assert.equal((await store.getSource(a.id))!.url, 'https://a.example/feed');
        }));
    });

    describe('fetch state and due sources', () => {
      it('getFetchState is null before the first refresh, then what the last refresh recorded', () =>
        withStore(async (store) => {
          const source = await store.addSource({ url: 'https://a.example/feed' });
          assert.equal(await store.getFetchState(source.id), null);
          const first = fetchOk(T1, T2);
          await store.applyRefresh({ sourceId: source.id, now: T1, fetch: first, items: [] });
          assert.deepEqual(await store.getFetchState(source.id), { sourceId: source.id, ...first });
          // The next attempt fails: the whole state is replaced, nothing merged.
          const second = {
            lastAttemptAt: T2,
            lastSuccessAt: T1,
            httpStatus: 503,
            error: 'fetch: service unavailable (503)',
            etag: null,
            lastModified: null,
            failures: 1,
            nextCheckAt: T3,
            encoding: null,
          };
          await store.applyRefresh({ sourceId: source.id, now: T2, fetch: second, items: [] });
          assert.deepEqual(await store.getFetchState(source.id), { sourceId: source.id, ...second });
        }));

      it('dueSources: enabled only, never-fetched first (by id), then the most overdue, next check at now included', () =>
        withStore(async (store) => {
          const add = (url: string, enabled = true) => store.addSource({ url, enabled });
          const neverA = await add('https://never-a.example/');
          const late = await add('https://late.example/'); // next check T1: due, 2nd most overdue
          const future = await add('https://future.example/'); // next check T3: not due
          const exactlyNow = await add('https://now.example/'); // next check T2 == now: due
          await add('https://disabled.example/', false); // never fetched, but disabled
          const earliest = await add('https://earliest.example/'); // next check T0: most overdue
          const neverB = await add('https://never-b.example/');
          const schedule = async (id: number, next: string) =>
            store.applyRefresh({ sourceId: id, now: T0, fetch: fetchOk(T0, next), items: [] });
          await schedule(late.id, T1);
          await schedule(future.id, T3);
          await schedule(exactlyNow.id, T2);
          await schedule(earliest.id, T0);

          const due = await store.dueSources(T2);
          assert.deepEqual(
            due.map((s) => s.url),
            [neverA, neverB, earliest, late, exactlyNow].map((s) => s.url),
          );
          assert.deepEqual(due[0], neverA);
        }));

      it('a source disabled by a refresh (410 Gone) is no longer due', () =>
        withStore(async (store) => {
          const source = await store.addSource({ url: 'https://gone.example/feed' });
          await store.applyRefresh({
            sourceId: source.id,
            now: T1,
            fetch: fetchOk(T1, T0, { httpStatus: 410, error: 'fetch: gone (410)', lastSuccessAt: null }),
            items: [],
            disable: true,
          });
          assert.equal((await store.getSource(source.id))!.enabled, false);
          assert.deepEqual(await store.dueSources(T3), []);
        }));

      it('a permanent redirect moves fetchUrl and keeps url', () =>
        withStore(async (store) => {
          const source = await store.addSource({ url: 'http://old.example/feed' });
          await store.applyRefresh({ ...refreshOf(source.id, T1, []), newFetchUrl: 'https://new.example/feed' });
          const moved = (await store.getSource(source.id))!;
          assert.equal(moved.url, 'http://old.example/feed');
          assert.equal(moved.fetchUrl, 'https://new.example/feed');
          assert.equal(moved.enabled, true);
          // A refresh without a redirect leaves it where it is.
          await store.applyRefresh({ ...refreshOf(source.id, T2, []), newFetchUrl: null });
          assert.equal((await store.getSource(source.id))!.fetchUrl, 'https://new.example/feed');
        }));
    });

    describe('applyRefresh', () => {
      it('stores new items with their times and no post yet', () =>
        withStore(async (store) => {
          const source = await store.addSource({ url: 'https://a.example/feed' });
          const changes = await store.applyRefresh(refreshOf(source.id, T1, [incoming('a'), incoming('b')]));
          assert.deepEqual(changes.map(({ key, status }) => ({ key, status })), [
            { key: 'a', status: 'new' },
            { key: 'b', status: 'new' },
          ]);
          assert.ok(changes.every((c) => typeof c.itemId === 'number'));
          assert.notEqual(changes[0]!.itemId, changes[1]!.itemId);
          const items = await store.listItems();
          assert.deepEqual(items, [
            { id: changes[0]!.itemId, sourceId: source.id, key: 'a', item: feedItem('a'), contentHash: 'hash-a', firstSeenAt: T1, updatedAt: T1, postPath: null, postHash: null },
            { id: changes[1]!.itemId, sourceId: source.id, key: 'b', item: feedItem('b'), contentHash: 'hash-b', firstSeenAt: T1, updatedAt: T1, postPath: null, postHash: null },
          ]);
        }));

      it('an item with the same hash is unchanged and its row is not touched', () =>
        withStore(async (store) => {
          const source = await store.addSource({ url: 'https://a.example/feed' });
          const [first] = await store.applyRefresh(refreshOf(source.id, T1, [incoming('a')]));
          const before = await store.listItems();
          // Same hash, different body (say, a comment count the hash ignores): still unchanged.
          const changes = await store.applyRefresh(refreshOf(source.id, T2, [incoming('a', 'hash-a', { comments: 'https://example.org/a#c' })]));
          assert.deepEqual(changes, [{ itemId: first!.itemId, key: 'a', status: 'unchanged' }]);
          assert.deepEqual(await store.listItems(), before);
          assert.equal(before[0]!.updatedAt, T1);
        }));

      it('an item with a new hash is updated in place: same id, new body and updatedAt, firstSeenAt kept', () =>
        withStore(async (store) => {
          const source = await store.addSource({ url: 'https://a.example/feed' });
          const [first] = await store.applyRefresh(refreshOf(source.id, T1, [incoming('a')]));
          const changed = incoming('a', 'hash-a-2', { title: 'Corrected title', content: '<p>New body</p>' });
          const changes = await store.applyRefresh(refreshOf(source.id, T2, [changed]));
          assert.deepEqual(changes, [{ itemId: first!.itemId, key: 'a', status: 'updated' }]);
          const [item] = await store.listItems();
          assert.deepEqual(item, {
            id: first!.itemId, sourceId: source.id, key: 'a', item: changed.item, contentHash: 'hash-a-2',
            firstSeenAt: T1, updatedAt: T2, postPath: null, postHash: null,
          });
        }));

      it('a key repeated within one refresh: the first one wins, later ones change nothing', () =>
        withStore(async (store) => {
          const source = await store.addSource({ url: 'https://a.example/feed' });
          const changes = await store.applyRefresh(
            refreshOf(source.id, T1, [incoming('a', 'h1', { title: 'first' }), incoming('b'), incoming('a', 'h2', { title: 'second' })]),
          );
          assert.deepEqual(changes.map((c) => c.status), ['new', 'new', 'unchanged']);
          assert.equal(changes[2]!.itemId, changes[0]!.itemId);
          const items = await store.listItems();
          assert.equal(items.length, 2);
          assert.equal(items[0]!.contentHash, 'h1');
          assert.equal(items[0]!.item.title, 'first');

          // Also when the key was already stored: the first occurrence decides (here: updated).
          const again = await store.applyRefresh(refreshOf(source.id, T2, [incoming('a', 'h3'), incoming('a', 'h1')]));
          assert.deepEqual(again.map((c) => c.status), ['updated', 'unchanged']);
          assert.equal((await store.listItems())[0]!.contentHash, 'h3');
        }));

      it('the same key in two sources is two items', () =>
        withStore(async (store) => {
          const a = await store.addSource({ url: 'https://a.example/feed' });
          const b = await store.addSource({ url: 'https://b.example/feed' });
          await store.applyRefresh(refreshOf(a.id, T1, [incoming('shared')]));
          const changes = await store.applyRefresh(refreshOf(b.id, T1, [incoming('shared')]));
          assert.equal(changes[0]!.status, 'new');
          assert.equal((await store.listItems({ sourceId: a.id })).length, 1);
          assert.equal((await store.listItems({ sourceId: b.id })).length, 1);
          assert.equal((await store.listItems()).length, 2);
        }));

      it('itemHashes gives the stored hash of the keys a source has, and nothing for the others', () =>
        withStore(async (store) => {
          const a = await store.addSource({ url: 'https://a.example/feed' });
          const b = await store.addSource({ url: 'https://b.example/feed' });
          await store.applyRefresh(refreshOf(a.id, T1, [incoming('x'), incoming('y', 'hash-y-2')]));
          await store.applyRefresh(refreshOf(b.id, T1, [incoming('z')]));
          const hashes = await store.itemHashes(a.id, ['x', 'y', 'z', 'missing']);
          assert.deepEqual([...hashes.entries()].sort(), [['x', 'hash-x'], ['y', 'hash-y-2']]);
          assert.equal((await store.itemHashes(b.id, [])).size, 0);
        }));

      it('refuses an unknown source', () =>
        withStore(async (store) => {
          await rejectsWithCode(store.applyRefresh(refreshOf(4242, T1, [incoming('a')])), 'store.not-found');
          assert.deepEqual(await store.listItems(), []);
        }));

      it('rolls back everything when an item is refused midway: state, redirect, disable and earlier items', () =>
        withStore(async (store) => {
          const source = await store.addSource({ url: 'https://a.example/feed' });
          await store.applyRefresh({ sourceId: source.id, now: T1, fetch: fetchOk(T1, T2), items: [incoming('kept')] });
          const stateBefore = await store.getFetchState(source.id);
          const itemsBefore = await store.listItems();

          // An empty identity key is a bug upstream; the store refuses it after having written
          // the fetch state, the redirect, the disable and two items of this same refresh.
          const bad: SourceRefresh = {
            sourceId: source.id,
            now: T2,
            fetch: fetchOk(T2, T3, { etag: '"v2"' }),
            items: [incoming('x'), incoming('kept', 'hash-kept-2'), { key: '', contentHash: 'h', item: feedItem('no-key') }],
            newFetchUrl: 'https://moved.example/feed',
            disable: true,
          };
          await rejectsWithCode(store.applyRefresh(bad), 'store.invalid-item');

          assert.deepEqual(await store.getFetchState(source.id), stateBefore);
          assert.deepEqual(await store.getSource(source.id), source);
          assert.deepEqual(await store.listItems(), itemsBefore);
          // And the store is usable afterwards: 'x' was never stored, so it is new now.
          const retry = await store.applyRefresh(refreshOf(source.id, T3, [incoming('x')]));
          assert.equal(retry[0]!.status, 'new');
        }));

      it('refuses an empty content hash too', () =>
        withStore(async (store) => {
          const source = await store.addSource({ url: 'https://a.example/feed' });
          await rejectsWithCode(store.applyRefresh(refreshOf(source.id, T1, [incoming('a', '')])), 'store.invalid-item');
          assert.equal(await store.getFetchState(source.id), null);
        }));
    });

    describe('deleted items', () => {
      it('a deleted item is gone and stays gone, whatever its hash', () =>
        withStore(async (store) => {
          const source = await store.addSource({ url: 'https://a.example/feed' });
          const [a] = await store.applyRefresh(refreshOf(source.id, T1, [incoming('a'), incoming('b')]));
          await store.deleteItem(a!.itemId!);
          assert.deepEqual((await store.listItems()).map((i) => i.key), ['b']);

          const changes = await store.applyRefresh(refreshOf(source.id, T2, [incoming('a'), incoming('b')]));
          assert.deepEqual(changes[0], { itemId: null, key: 'a', status: 'deleted' });
          assert.equal(changes[1]!.status, 'unchanged');
          const changed = await store.applyRefresh(refreshOf(source.id, T3, [incoming('a', 'a-new-hash')]));
          assert.deepEqual(changed, [{ itemId: null, key: 'a', status: 'deleted' }]);
          assert.deepEqual((await store.listItems()).map((i) => i.key), ['b']);
          assert.deepEqual((await store.itemsNeedingPosts()).map((i) => i.key), ['b']);
        }));

      it('deleting is per source: the same key elsewhere still arrives', () =>
        withStore(async (store) => {
          const a = await store.addSource({ url: 'https://a.example/feed' });
          const b = await store.addSource({ url: 'https://b.example/feed' });
          const [item] = await store.applyRefresh(refreshOf(a.id, T1, [incoming('k')]));
          await store.deleteItem(item!.itemId!);
          const changes = await store.applyRefresh(refreshOf(b.id, T1, [incoming('k')]));
          assert.equal(changes[0]!.status, 'new');
        }));

      it('deleteItem refuses an unknown id', () =>
        withStore(async (store) => {
          await rejectsWithCode(store.deleteItem(999), 'store.not-found');
        }));
    });

    describe('posts', () => {
      it('itemsNeedingPosts lists unwritten items (all, or of one source); markPostWritten takes them off', () =>
        withStore(async (store) => {
          const a = await store.addSource({ url: 'https://a.example/feed' });
          const b = await store.addSource({ url: 'https://b.example/feed' });
          const [a1] = await store.applyRefresh(refreshOf(a.id, T1, [incoming('a1'), incoming('a2')]));
          await store.applyRefresh(refreshOf(b.id, T1, [incoming('b1')]));
          assert.deepEqual((await store.itemsNeedingPosts()).map((i) => i.key), ['a1', 'a2', 'b1']);
          assert.deepEqual((await store.itemsNeedingPosts(a.id)).map((i) => i.key), ['a1', 'a2']);
          assert.deepEqual((await store.itemsNeedingPosts(b.id)).map((i) => i.key), ['b1']);

          await store.markPostWritten(a1!.itemId!, 'source/_posts/a/a1.md', 'post-hash-1');
          assert.deepEqual((await store.itemsNeedingPosts()).map((i) => i.key), ['a2', 'b1']);
          const written = (await store.listItems({ sourceId: a.id }))[0]!;
          assert.equal(written.postPath, 'source/_posts/a/a1.md');
          assert.equal(written.postHash, 'post-hash-1');
          assert.equal(written.updatedAt, T1);
        }));

      it('an update clears postHash (keeping postPath), so the post is written again', () =>
        withStore(async (store) => {
          const source = await store.addSource({ url: 'https://a.example/feed' });
          const [a] = await store.applyRefresh(refreshOf(source.id, T1, [incoming('a')]));
          await store.markPostWritten(a!.itemId!, 'posts/a.md', 'ph');
          // Unchanged: still written.
          await store.applyRefresh(refreshOf(source.id, T2, [incoming('a')]));
          assert.deepEqual(await store.itemsNeedingPosts(), []);
          // Updated: needs its post again, at the same path.
          await store.applyRefresh(refreshOf(source.id, T3, [incoming('a', 'hash-a-2')]));
          const needing = await store.itemsNeedingPosts();
          assert.equal(needing.length, 1);
          assert.equal(needing[0]!.id, a!.itemId);
          assert.equal(needing[0]!.postHash, null);
          assert.equal(needing[0]!.postPath, 'posts/a.md');
        }));

      it('markPostWritten refuses an unknown id', () =>
        withStore(async (store) => {
          await rejectsWithCode(store.markPostWritten(999, 'p.md', 'h'), 'store.not-found');
        }));

      it('markPostsWritten marks a batch in one transaction: all of it, or none when an id is unknown', () =>
        withStore(async (store) => {
          const a = await store.addSource({ url: 'https://a.example/feed' });
          const [a1, a2, a3] = await store.applyRefresh(refreshOf(a.id, T1, [incoming('a1'), incoming('a2'), incoming('a3')]));
          await rejectsWithCode(
            store.markPostsWritten([
              { itemId: a1!.itemId!, postPath: 'p/a1.md', postHash: 'h1' },
              { itemId: 999, postPath: 'p/x.md', postHash: 'hx' },
            ]),
            'store.not-found',
          );
          assert.deepEqual((await store.itemsNeedingPosts(a.id)).map((i) => i.key), ['a1', 'a2', 'a3'], 'nothing marked');
          await store.markPostsWritten([
            { itemId: a1!.itemId!, postPath: 'p/a1.md', postHash: 'h1' },
            { itemId: a3!.itemId!, postPath: 'p/a3.md', postHash: 'h3' },
          ]);
          assert.deepEqual((await store.itemsNeedingPosts(a.id)).map((i) => i.key), ['a2']);
          assert.equal(a2!.status, 'new');
          const byKey = new Map((await store.listItems({ sourceId: a.id })).map((i) => [i.key, i]));
          assert.equal(byKey.get('a3')!.postPath, 'p/a3.md');
          assert.equal(byKey.get('a3')!.postHash, 'h3');
        }));
    });

    describe('statuses', () => {
      it('every source with its state (null when never fetched) and its count of stored items', () =>
        withStore(async (store) => {
          const a = await store.addSource({ url: 'https://a.example/feed' });
          const b = await store.addSource({ url: 'https://b.example/feed' });
          const c = await store.addSource({ url: 'https://c.example/feed', enabled: false });
          const [, a2] = await store.applyRefresh(refreshOf(a.id, T1, [incoming('a1'), incoming('a2'), incoming('a3')]));
          await store.deleteItem(a2!.itemId!);
          const failed = fetchOk(T1, T2, { httpStatus: 500, error: 'fetch: server error (500)', lastSuccessAt: null, failures: 3 });
          await store.applyRefresh({ sourceId: b.id, now: T1, fetch: failed, items: [] });

          const none = { archived: 0, failed: 0 };
          assert.deepEqual(await store.statuses(), [
            { source: a, state: { sourceId: a.id, ...fetchOk(T1, null) }, itemCount: 2, media: none },
            { source: b, state: { sourceId: b.id, ...failed }, itemCount: 0, media: none },
            { source: c, state: null, itemCount: 0, media: none },
          ]);
        }));

      it('is empty for an empty store', () =>
        withStore(async (store) => {
          assert.deepEqual(await store.statuses(), []);
          assert.deepEqual(await store.listSources(), []);
          assert.deepEqual(await store.dueSources(T0), []);
          assert.deepEqual(await store.listItems(), []);
          assert.deepEqual(await store.itemsNeedingPosts(), []);
        }));
    });

    describe('media', () => {
      const URL_A = 'https://img.example/a.jpg';
      const URL_B = 'https://img.example/b.png?x=1&y=2';
      const URL_C = 'https://cdn.example/c.jpg';

      it('recordMedia stores outcomes and links; mediaByUrls and itemMedia read them back', () =>
        withStore(async (store) => {
          const source = await store.addSource({ url: 'https://a.example/feed' });
          const [i1, i2] = await store.applyRefresh(refreshOf(source.id, T1, [incoming('i1'), incoming('i2')]));
          const a = archived(URL_A, 'aa', T1);
          const b = failedMedia(URL_B, 'fetch: forbidden (403)', T1, T2);
          const unwritten = await store.recordMedia({
            results: [a, b],
            links: [{ itemId: i1!.itemId!, urls: [URL_A, URL_B] }, { itemId: i2!.itemId!, urls: [URL_A] }],
          });
          assert.equal(unwritten, 0, 'new items have no post yet');
          assert.deepEqual(await store.mediaByUrls([URL_A, URL_B, URL_C]), new Map([[URL_A, a], [URL_B, b]]));
          assert.deepEqual(await store.mediaByUrls([]), new Map());
          const byItem = await store.itemMedia([i1!.itemId!, i2!.itemId!, 9999]);
          assert.deepEqual(byItem, new Map([[i1!.itemId!, [a, b]], [i2!.itemId!, [a]]]));
          assert.deepEqual(await store.itemMedia([]), new Map());
        }));

      it('a record replaces the URL\'s earlier one; links replace the item\'s earlier list', () =>
        withStore(async (store) => {
          const source = await store.addSource({ url: 'https://a.example/feed' });
          const [i1] = await store.applyRefresh(refreshOf(source.id, T1, [incoming('i1')]));
          const id = i1!.itemId!;
          await store.recordMedia({ results: [failedMedia(URL_A, 'fetch: dns', T1, T2)], links: [{ itemId: id, urls: [URL_A, URL_B] }] });
          const again = failedMedia(URL_A, 'fetch: connection refused', T2, T3, 2);
          await store.recordMedia({ results: [again], links: [{ itemId: id, urls: [URL_A] }] });
          assert.deepEqual((await store.mediaByUrls([URL_A])).get(URL_A), again);
          assert.deepEqual((await store.itemMedia([id])).get(id), [again]);
          await store.recordMedia({ results: [], links: [{ itemId: id, urls: [] }] });
          assert.deepEqual(await store.itemMedia([id]), new Map());
        }));

      it('an image that becomes archived sends the written posts showing it back to be written; nothing else does', () =>
        withStore(async (store) => {
          const source = await store.addSource({ url: 'https://a.example/feed' });
          const [i1, i2, i3] = await store.applyRefresh(refreshOf(source.id, T1, [incoming('i1'), incoming('i2'), incoming('i3')]));
          await store.recordMedia({
            results: [failedMedia(URL_A, 'fetch: forbidden (403)', T1, T2), archived(URL_C, 'cc', T1)],
            links: [{ itemId: i1!.itemId!, urls: [URL_A, URL_C] }, { itemId: i2!.itemId!, urls: [URL_A] }, { itemId: i3!.itemId!, urls: [URL_C] }],
          });
          await store.markPostsWritten([
            { itemId: i1!.itemId!, postPath: 'p/1.md', postHash: 'h1' },
            { itemId: i2!.itemId!, postPath: 'p/2.md', postHash: 'h2' },
            { itemId: i3!.itemId!, postPath: 'p/3.md', postHash: 'h3' },
          ]);
          // Still failing, or archived again: no post changes.
          assert.equal(await store.recordMedia({ results: [failedMedia(URL_A, 'fetch: forbidden (403)', T2, T3, 2), archived(URL_C, 'cc', T2)], links: [] }), 0);
          assert.deepEqual(await store.itemsNeedingPosts(), []);
          // Archived at last: both items showing it need their post again, at the same path.
          assert.equal(await store.recordMedia({ results: [archived(URL_A, 'aa', T3)], links: [] }), 2);
          const needing = await store.itemsNeedingPosts();
          assert.deepEqual(needing.map((i) => [i.key, i.postPath, i.postHash]), [['i1', 'p/1.md', null], ['i2', 'p/2.md', null]]);
        }));

      it('dueMedia: failed images due at now, most overdue first, up to the limit, still shown by an item, with its page', () =>
        withStore(async (store) => {
          const source = await store.addSource({ url: 'https://a.example/feed' });
          const [i1, i2] = await store.applyRefresh(
            refreshOf(source.id, T0, [incoming('i1', 'h1', { link: 'https://a.example/page-1' }), incoming('i2', 'h2', { link: 'https://a.example/page-2' })]),
          );
          const early = failedMedia('https://img.example/early.jpg', 'fetch: timeout', T0, T1);
          const now = failedMedia('https://img.example/now.jpg', 'fetch: timeout', T0, T2);
          const later = failedMedia('https://img.example/later.jpg', 'fetch: timeout', T0, T3);
          const givenUp = failedMedia('https://img.example/given-up.jpg', 'fetch: timeout', T0, null, 8);
          const orphan = failedMedia('https://img.example/orphan.jpg', 'fetch: timeout', T0, T0);
          await store.recordMedia({
            results: [now, early, later, givenUp, orphan, archived(URL_A, 'aa', T0)],
            links: [
              { itemId: i2!.itemId!, urls: [now.url, later.url, givenUp.url, URL_A] },
              { itemId: i1!.itemId!, urls: [early.url, now.url] },
            ],
          });
          assert.deepEqual(await store.dueMedia(T2, 10), [
            { record: early, pageUrl: 'https://a.example/page-1' },
            { record: now, pageUrl: 'https://a.example/page-1' },
          ]);
          assert.deepEqual((await store.dueMedia(T3, 1)).map((r) => r.record.url), [early.url]);
          // Once no item shows it (the item was deleted), an image is not tried again.
          await store.deleteItem(i1!.itemId!);
          assert.deepEqual((await store.dueMedia(T2, 10)).map((r) => [r.record.url, r.pageUrl]), [[now.url, 'https://a.example/page-2']]);
        }));

      it('statuses count each source\'s distinct images, archived and failed', () =>
        withStore(async (store) => {
          const a = await store.addSource({ url: 'https://a.example/feed' });
          const b = await store.addSource({ url: 'https://b.example/feed' });
          const [a1, a2] = await store.applyRefresh(refreshOf(a.id, T1, [incoming('a1'), incoming('a2')]));
          const [b1] = await store.applyRefresh(refreshOf(b.id, T1, [incoming('b1')]));
          await store.recordMedia({
            results: [archived(URL_A, 'aa', T1), archived(URL_C, 'aa', T1), failedMedia(URL_B, 'fetch: forbidden (403)', T1, T2)],
            links: [
              { itemId: a1!.itemId!, urls: [URL_A, URL_B] },
              { itemId: a2!.itemId!, urls: [URL_A, URL_C, 'https://img.example/never-tried.jpg'] },
              { itemId: b1!.itemId!, urls: [URL_A] },
            ],
          });
          const media = (await store.statuses()).map((s) => s.media);
          assert.deepEqual(media, [{ archived: 2, failed: 1 }, { archived: 1, failed: 0 }]);
        }));

      it('refuses unknown items and malformed records, and then stores nothing of the update', () =>
        withStore(async (store) => {
          const source = await store.addSource({ url: 'https://a.example/feed' });
          const [i1] = await store.applyRefresh(refreshOf(source.id, T1, [incoming('i1')]));
          await rejectsWithCode(
            store.recordMedia({ results: [archived(URL_A, 'aa', T1)], links: [{ itemId: i1!.itemId!, urls: [URL_A] }, { itemId: 4242, urls: [URL_A] }] }),
            'store.not-found',
          );
          await rejectsWithCode(
            store.recordMedia({ results: [{ ...archived(URL_A, 'aa', T1), path: null }], links: [{ itemId: i1!.itemId!, urls: [URL_A] }] }),
            'store.invalid-media',
          );
          await rejectsWithCode(store.recordMedia({ results: [{ ...failedMedia(URL_B, 'x', T1, T2), error: null }], links: [] }), 'store.invalid-media');
          assert.deepEqual(await store.mediaByUrls([URL_A, URL_B]), new Map());
          assert.deepEqual(await store.itemMedia([i1!.itemId!]), new Map());
        }));

      it('media and links survive close and reopen', () =>
        withStore(async (store, clock, fixture) => {
          const source = await store.addSource({ url: 'https://a.example/feed' });
          const [i1] = await store.applyRefresh(refreshOf(source.id, T1, [incoming('i1')]));
          const a = archived(URL_A, 'aa', T1);
          await store.recordMedia({ results: [a], links: [{ itemId: i1!.itemId!, urls: [URL_A] }] });
          await store.close();
          const reopened = await fixture.open({ now: clock.now });
          assert.deepEqual(await reopened.itemMedia([i1!.itemId!]), new Map([[i1!.itemId!, [a]]]));
        }));
    });

    describe('persistence', () => {
      it('everything survives close and reopen, including the memory of deleted items', () =>
        withStore(async (store, clock, fixture) => {
          const source = await store.addSource({ url: 'https://a.example/feed', categories: ['g', 's', 'c'] });
          const [a, b] = await store.applyRefresh({
            ...refreshOf(source.id, T1, [incoming('a'), incoming('b')]),
            fetch: fetchOk(T1, T2),
            newFetchUrl: 'https://a.example/moved',
          });
          await store.markPostWritten(a!.itemId!, 'posts/a.md', 'ph');
          clock.set(T2);
          await store.deleteItem(b!.itemId!);
          const sources = await store.listSources();
          const items = await store.listItems();
          const statuses = await store.statuses();
          await store.close();

          const reopened = await fixture.open({ now: clock.now });
          assert.deepEqual(await reopened.listSources(), sources);
          assert.deepEqual(await reopened.listItems(), items);
          assert.deepEqual(await reopened.statuses(), statuses);
          assert.deepEqual(await reopened.getFetchState(source.id), { sourceId: source.id, ...fetchOk(T1, T2) });
          assert.deepEqual(await reopened.itemsNeedingPosts(), []);
          const changes = await reopened.applyRefresh(refreshOf(source.id, T3, [incoming('a'), incoming('b'), incoming('c')]));
          assert.deepEqual(changes.map((c) => c.status), ['unchanged', 'deleted', 'new']);
          // New ids never reuse old ones.
          assert.ok(changes[2]!.itemId! > b!.itemId!);
        }));
    });
  });
}

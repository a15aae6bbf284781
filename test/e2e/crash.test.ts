// Crash safety of `tidings fetch`, through the real CLI: a loopback server plays 20 feeds of
// 50 items; `tidings fetch` is started again and again and killed with SIGKILL at a random
// moment, while the feeds change between runs (items added, titles edited, so updates and
// post rewrites happen too). Then one uninterrupted fetch, and the workspace must be whole:
//
//   * PRAGMA integrity_check is ok (and foreign_key_check is empty), after every run too;
//   * every source holds exactly the items its feed serves, each once;
//   * every item has its post: the file exists, hashes to post_hash, starts with front matter
//     that YAML parses, has a body, and carries the latest title edit;
//   * no other file is in the posts tree, and no `.tidings-*.tmp` file is left anywhere.
//
// Kills are timed from the first feed request of each run (not from spawn: starting Node and
// tsx takes seconds and would swallow most kill points), at a random point of a window that
// widens after every kill and shrinks to the work time of a run that finished, so most kills
// land mid-fetch and some late in it. The PRNG is seeded; the seed is
// printed, and TIDINGS_CRASH_SEED=<seed> replays the same kill delays and feed changes
// (timing on a busy machine still differs). TIDINGS_CRASH_RUNS sets the number of killed runs.
//
// Between runs the test moves every next_check_at into the past (time passing, which the CLI
// has no option for), so that every run has every source due again; the times are random, so
// each run takes the sources in another order (dueSources sorts by next_check_at) and kills
// land in every source's work, not only the first few. The per-host concurrency changes from
// run to run too (1–6 feeds in flight at once: all feeds are on one loopback host).
//
// The feeds come from ../shared/tools/gen-news-corpus.mjs when ../shared is there (real-world
// CJK titles and HTML), otherwise from a small generator below, so the test never needs it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { parse as parseYaml } from 'yaml';
import { delay, useFixtureServer, type FixtureHandler } from '../helpers/fixture-server.ts';
import { splitPost } from '../helpers/post-files.ts';

const BIN = new URL('../../bin/tidings.js', import.meta.url).pathname;
const GENERATOR = new URL('../../../shared/tools/gen-news-corpus.mjs', import.meta.url).pathname;

const FEEDS = 20;
const ITEMS_PER_FEED = 50;
/** Items each feed serves at first; the rest are added in later runs. */
const INITIAL_ITEMS = 40;
const DEFAULT_RUNS = 20;
/** Killed runs stop early once this much time went by (but not before MIN_RUNS), to stay under a minute on a busy machine. */
const KILL_LOOP_BUDGET_MS = 32_000;
const MIN_RUNS = 6;
/** At least this many runs must have been killed after their first feed request. */
const MIN_KILLED_MID_FETCH = 3;
const TEMP_FILE = /^\.tidings-.*\.tmp$/;

// ---- feeds ----------------------------------------------------------------------------------

/** mulberry32: small, seedable, good enough to pick kill points and edits. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface FeedEntry {
  guid: string;
  /** The <item> element as generated. */
  xml: string;
  /** How often its title was edited; the title then ends in " [edit N]". */
  edits: number;
}

interface FeedModel {
  path: string;
  head: string;
  tail: string;
  entries: FeedEntry[];
  /** entries[0 .. served) are in the feed now. */
  served: number;
  /** Bumped on every change; the ETag. */
  version: number;
}

function editMarker(edits: number): string {
  return ` [edit ${edits}]`;
}

/** The item with its title edited: the marker goes just before `]]></title>` or `</title>`. */
function entryXml(entry: FeedEntry): string {
  if (entry.edits === 0) return entry.xml;
  return entry.xml.replace(/(?:\]\]>)?<\/title>/, (end) => `${editMarker(entry.edits)}${end}`);
}

function renderFeed(feed: FeedModel): string {
  return feed.head + feed.entries.slice(0, feed.served).map(entryXml).join('\n') + feed.tail;
}

/** Splits an RSS document into the part before the first item, the items, and the rest. */
function splitFeed(path: string, xml: string): FeedModel {
  const first = xml.indexOf('<item>');
  const last = xml.lastIndexOf('</item>') + '</item>'.length;
  assert.ok(first > 0 && last > first, `${path}: no items`);
  const entries = [...xml.slice(first, last).matchAll(/<item>[\s\S]*?<\/item>/g)].map(([item]) => {
    const guid = /<guid[^>]*>([\s\S]*?)<\/guid>/.exec(item)?.[1]?.trim();
    assert.ok(guid, `${path}: an item without a guid`);
    return { guid, xml: item, edits: 0 };
  });
  return { path, head: xml.slice(0, first), tail: xml.slice(last), entries, served: INITIAL_ITEMS, version: 1 };
}

/** FEEDS feeds of ITEMS_PER_FEED items from ../shared's generator, or null when it is not there. */
function generatedFeeds(): FeedModel[] | null {
  if (!existsSync(GENERATOR)) return null;
  const out = mkdtempSync(join(tmpdir(), 'tidings-crash-corpus-'));
  try {
    const args = ['--items', String(FEEDS * ITEMS_PER_FEED), '--feeds', String(FEEDS), '--seed', '7', '--out', out];
    const result = spawnSync(process.execPath, [GENERATOR, ...args], { encoding: 'utf8' });
    assert.equal(result.status, 0, `gen-news-corpus failed: ${result.stderr}`);
    return readdirSync(out)
      .filter((name) => name.endsWith('.xml'))
      .sort()
      .map((name) => splitFeed(`/${name}`, readFileSync(join(out, name), 'utf8')));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The fallback: small RSS 2.0 feeds made here, in the same shape as the generator's. */
function builtInFeeds(random: () => number): FeedModel[] {
  const words = ['市场', '选举', '天气', 'economy', 'election', '科技', 'sport', '健康', 'court', '交通'];
  const pick = () => words[Math.floor(random() * words.length)]!;
  return Array.from({ length: FEEDS }, (_, f) => {
    const items = Array.from({ length: ITEMS_PER_FEED }, (_, i) => {
      const n = f * ITEMS_PER_FEED + i + 1;
      const link = `https://feed${f + 1}.crash.example.com/2024/05/${n}.html`;
      const paragraphs = Array.from({ length: 2 + Math.floor(random() * 4) }, () => `<p>${pick()} ${pick()} ${pick()} — ${n}</p>`).join('');
      const date = new Date(Date.UTC(2024, 4, 1) + n * 3_600_000).toUTCString();
      return `<item>\n<title><![CDATA[${pick()}：${pick()} ${n}]]></title>\n<link>${link}</link>\n<guid>${link}</guid>\n<pubDate>${date}</pubDate>\n<description><![CDATA[${paragraphs}]]></description>\n</item>`;
    });
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">\n<channel>\n<title>Crash feed ${f + 1}</title>\n<link>https://feed${f + 1}.crash.example.com/</link>\n${items.join('\n')}\n</channel>\n</rss>\n`;
    return splitFeed(`/feed-${String(f + 1).padStart(4, '0')}.xml`, xml);
  });
}

/** Serves the feed's current version, with an ETag and 304 for a matching If-None-Match. */
function feedHandler(feed: FeedModel): FixtureHandler {
  return (req, res) => {
    const etag = `"v${feed.version}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    const body = Buffer.from(renderFeed(feed));
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag, 'content-length': String(body.length) });
    res.end(body);
  };
}

/** Between runs: a few feeds gain items and have titles edited. Returns how many feeds changed. */
function changeFeeds(feeds: FeedModel[], random: () => number): number {
  let changed = 0;
  const count = 4 + Math.floor(random() * 5);
  for (let i = 0; i < count; i++) {
    const feed = feeds[Math.floor(random() * feeds.length)]!;
    let touched = false;
    if (random() < 0.6 && feed.served < feed.entries.length) {
      feed.served = Math.min(feed.entries.length, feed.served + 1 + Math.floor(random() * 3));
      touched = true;
    }
    if (random() < 0.7) {
      const edits = 1 + Math.floor(random() * 3);
      for (let e = 0; e < edits; e++) feed.entries[Math.floor(random() * feed.served)]!.edits++;
      touched = true;
    }
    if (touched) {
      feed.version++;
      changed++;
    }
  }
  return changed;
}

// ---- the CLI --------------------------------------------------------------------------------

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function startTidings(dir: string, args: string[], env: Record<string, string> = {}): { child: ChildProcess; exit: Promise<Exit> } {
  const child = spawn(process.execPath, [BIN, '--dir', dir, ...args], {
    // The generated feeds show real-world image URLs (other hosts than the loopback server):
    // archiving them would put the network into a test of the store and the posts.
    env: { ...process.env, TIDINGS_FETCH_ALLOW_PRIVATE_NETWORKS: 'true', TIDINGS_MEDIA_ARCHIVE: 'false', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exit = new Promise<Exit>((done) => child.on('close', (code, signal) => done({ code, signal, stderr })));
  return { child, exit };
}

async function runTidings(dir: string, args: string[]): Promise<Exit> {
  const result = await startTidings(dir, args).exit;
  assert.equal(result.code, 0, `tidings ${args.join(' ')} failed: ${result.stderr}`);
  return result;
}

// ---- checks ---------------------------------------------------------------------------------

function integrityCheck(db: Database.Database): void {
  assert.deepEqual(db.pragma('integrity_check', { simple: false }), [{ integrity_check: 'ok' }], 'PRAGMA integrity_check');
  assert.deepEqual(db.pragma('foreign_key_check'), [], 'PRAGMA foreign_key_check');
}

/** Every file under root, relative to it. */
function filesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name)))
    .sort();
}

interface ItemRow {
  id: number;
  source_id: number;
  key: string;
  post_path: string | null;
  post_hash: string | null;
}

// ---- the test -------------------------------------------------------------------------------

test('fetch killed with SIGKILL at random points, then run again: store and posts are whole', { timeout: 180_000 }, async (t) => {
  const seed = process.env['TIDINGS_CRASH_SEED'] ? Number(process.env['TIDINGS_CRASH_SEED']) : Math.floor(Math.random() * 2 ** 31);
  const runs = process.env['TIDINGS_CRASH_RUNS'] ? Number(process.env['TIDINGS_CRASH_RUNS']) : DEFAULT_RUNS;
  assert.ok(Number.isInteger(seed) && Number.isInteger(runs) && runs > 0, 'TIDINGS_CRASH_SEED and TIDINGS_CRASH_RUNS are integers');
  t.diagnostic(`seed ${seed} (replay with TIDINGS_CRASH_SEED=${seed})`);
  const random = prng(seed);
  // Separate stream: how many sources have a fetch state depends on where kills landed.
  const dueOrderRandom = prng(seed ^ 0x5bd1e995);
  const context = `seed ${seed}`;

  const generated = generatedFeeds();
  const feeds = generated ?? builtInFeeds(random);
  t.diagnostic(`${feeds.length} feeds × ${ITEMS_PER_FEED} items from ${generated ? 'gen-news-corpus.mjs' : 'the built-in generator (../shared missing)'}`);
  const routes = Object.fromEntries(feeds.map((feed) => [feed.path, feedHandler(feed)]));
  const server = await useFixtureServer(t, { routes });

  const dir = mkdtempSync(join(tmpdir(), 'tidings-crash-'));
  let running: ChildProcess | null = null;
  t.after(() => {
    running?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  await runTidings(dir, ['init']);
  await runTidings(dir, ['add', ...feeds.map((feed) => server.url(feed.path))]);
  const dbPath = join(dir, 'tidings.db');
  const postsRoot = join(dir, 'source', '_posts');

  /** Checks the store as the crash left it, and makes every source due again, in a random order. */
  const betweenRuns = (): void => {
    const db = new Database(dbPath);
    try {
      integrityCheck(db);
      const setDue = db.prepare('UPDATE fetch_state SET next_check_at = ? WHERE source_id = ?');
      const ids = db.prepare('SELECT source_id FROM fetch_state').pluck().all() as number[];
      for (const id of ids) setDue.run(new Date(Date.UTC(2000, 0, 1) + Math.floor(dueOrderRandom() * 86_400_000)).toISOString(), id);
    } finally {
      db.close();
    }
  };

  // ---- killed runs
  const loopStart = Date.now();
  // Kill points are drawn from [0, window) ms after the first request. The window starts at
  // 2.5 s, widens after each kill and becomes the work time of a run that finished.
  let window = 2_500;
  let killedMidFetch = 0;
  let killedBeforeRequests = 0;
  let finished = 0;
  for (let run = 1; run <= runs; run++) {
    if (run > MIN_RUNS && Date.now() - loopStart > KILL_LOOP_BUDGET_MS) {
      t.diagnostic(`time budget used: stopping after ${run - 1} runs`);
      break;
    }
    if (run > 1) changeFeeds(feeds, random);
    betweenRuns();
    const requestsBefore = server.requests.length;
    const perHost = 1 + Math.floor(random() * 6);
    const started = startTidings(dir, ['fetch'], { TIDINGS_FETCH_PER_HOST_CONCURRENCY: String(perHost) });
    running = started.child;
    let exited = false;
    void started.exit.then(() => (exited = true));
    const delayMs = Math.floor(random() * window);
    const spawnedAt = Date.now();
    while (!exited && server.requests.length === requestsBefore && Date.now() - spawnedAt < 30_000) await delay(2);
    const firstRequestAt = Date.now();
    const requested = () => server.requests.length - requestsBefore;
    await Promise.race([delay(delayMs), started.exit]);
    const requestsAtKill = requested();
    if (!exited) started.child.kill('SIGKILL');
    const result = await started.exit;
    running = null;
    if (result.signal === 'SIGKILL') {
      if (requestsAtKill > 0) killedMidFetch++;
      else killedBeforeRequests++;
      // Not finished in the window: widen it, so that later kills reach later phases too.
      window = Math.min(8_000, Math.round(window * 1.25));
      t.diagnostic(`run ${run}: killed ${delayMs} ms after the first request (${requestsAtKill}/${feeds.length} feeds requested, ${perHost} at once)`);
    } else {
      assert.equal(result.code, 0, `run ${run} (${context}) exited on its own but failed: ${result.stderr}`);
      finished++;
      window = Math.max(200, Date.now() - firstRequestAt);
      t.diagnostic(`run ${run}: finished before the kill at ${delayMs} ms (${requested()} requests): ${result.stderr.trim()}`);
    }
  }
  t.diagnostic(`${killedMidFetch} run(s) killed mid-fetch, ${killedBeforeRequests} before any request, ${finished} finished, in ${((Date.now() - loopStart) / 1000).toFixed(1)} s`);

  // What a plain `tidings fetch` would leave undone now: items stored by a killed run whose
  // post was not written, in sources that are not due (they are written when next due).
  {
    const db = new Database(dbPath, { readonly: true });
    const waiting = db
      .prepare(`SELECT count(*) FROM items i JOIN fetch_state f ON f.source_id = i.source_id WHERE i.post_hash IS NULL AND f.next_check_at > ?`)
      .pluck()
      .get(new Date().toISOString()) as number;
    db.close();
    t.diagnostic(`after the killed runs: ${waiting} stored item(s) without a post in sources not yet due again`);
  }

  // ---- the run that is not interrupted, with every source due
  betweenRuns();
  const final = await runTidings(dir, ['fetch']);
  assert.match(final.stderr, new RegExp(`${feeds.length} source\\(s\\): \\d+ ok, \\d+ not modified, 0 failed`), final.stderr);
  t.diagnostic(`final run: ${final.stderr.trim()}`);

  // ---- the store
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  t.after(() => db.close());
  integrityCheck(db);
  const duplicates = db.prepare('SELECT source_id, key, count(*) AS n FROM items GROUP BY source_id, key HAVING n > 1').all();
  assert.deepEqual(duplicates, [], `no item is stored twice (${context})`);
  const sourceUrls = new Map(db.prepare('SELECT id, url FROM sources').all().map((row) => {
    const { id, url } = row as { id: number; url: string };
    return [id, url] as const;
  }));
  assert.equal(sourceUrls.size, feeds.length);
  const items = db.prepare('SELECT id, source_id, key, post_path, post_hash FROM items ORDER BY id').all() as ItemRow[];
  for (const [sourceId, url] of sourceUrls) {
    const feed = feeds.find((f) => server.url(f.path) === url);
    assert.ok(feed, `source ${sourceId} is one of the feeds`);
    const served = feed.entries.slice(0, feed.served).map((e) => `guid:${e.guid}`).sort();
    const stored = items.filter((i) => i.source_id === sourceId).map((i) => i.key).sort();
    assert.deepEqual(stored, served, `source ${sourceId} (${feed.path}) stores exactly the items its feed serves (${context})`);
  }

  // ---- the posts
  const latestTitleEdit = new Map<string, number>();
  for (const feed of feeds) for (const entry of feed.entries.slice(0, feed.served)) latestTitleEdit.set(`guid:${entry.guid}`, entry.edits);
  for (const item of items) {
    assert.ok(item.post_path && item.post_hash, `item ${item.id} (${item.key}) has a written post (${context})`);
    const file = join(postsRoot, item.post_path);
    assert.ok(existsSync(file), `${item.post_path} exists (${context})`);
    const content = readFileSync(file, 'utf8');
    assert.equal(createHash('sha256').update(content).digest('hex'), item.post_hash, `${item.post_path} is the post that was recorded (${context})`);
    const { yaml, body } = splitPost(content);
    const front = parseYaml(yaml) as Record<string, unknown>;
    assert.ok(front && typeof front['title'] === 'string', `${item.post_path} has a title in its front matter`);
    assert.ok(body.trim().length > 0, `${item.post_path} has a body`);
    const edits = latestTitleEdit.get(item.key) ?? 0;
    if (edits > 0) assert.ok((front['title'] as string).includes(editMarker(edits)), `${item.post_path} carries the latest title edit (${edits}) (${context})`);
  }
  const files = filesUnder(postsRoot);
  const expected = items.map((i) => i.post_path!).sort();
  assert.deepEqual(files, expected, `the posts tree holds exactly one file per item (${context})`);
  const leftovers = filesUnder(dir).filter((path) => TEMP_FILE.test(path.split('/').pop()!));
  assert.deepEqual(leftovers, [], `no temp file remains (${context})`);
  assert.ok(
    killedMidFetch >= MIN_KILLED_MID_FETCH,
    `at least ${MIN_KILLED_MID_FETCH} runs were killed mid-fetch (got ${killedMidFetch}, ${finished} finished; ${context})`,
  );
});

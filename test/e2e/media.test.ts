// Image archiving end to end: `tidings fetch` over a loopback server whose image routes behave
// like the web's (a host that wants the article as Referer, one that blocks, the same picture
// under two URLs, one too big, an HTML page served as image/jpeg), then the posts, the media
// folder, the store and `status`; a later run after the blocking host recovers; export hexo.
// The CLI runs in this process (its `main`), so the fixture server answers while it works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import Database from 'better-sqlite3';
import { fetchOptionsFrom, fetchSources } from '../../src/app/fetch-sources.ts';
import { archiveItemsMedia } from '../../src/app/media.ts';
import { openWorkspace } from '../../src/app/workspace.ts';
import { main } from '../../src/cli/main.ts';
import { createFetcher } from '../../src/pipeline/fetch/index.ts';
import { sendText, useFixtureServer, type FixtureServer } from '../helpers/fixture-server.ts';
import { listFiles, splitPost } from '../helpers/post-files.ts';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(64, 7), Buffer.from([0xff, 0xd9])]);
/** Bigger than the media.max_size these tests set (64 KB). */
const BIG_PNG = Buffer.concat([PNG, Buffer.alloc(200 * 1024)]);
const BLOCK_PAGE = '<!DOCTYPE html><html><head><title>Hotlinking not allowed</title></head><body>禁止盗链</body></html>';

const ENV = { TIDINGS_FETCH_ALLOW_PRIVATE_NETWORKS: 'true', TIDINGS_MEDIA_MAX_SIZE: '64KB' };

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

/** `tidings --dir DIR …` in this process, with the test environment. */
async function tidings(dir: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  const saved = { ...process.env };
  Object.assign(process.env, ENV, env);
  let stdout = '';
  let stderr = '';
  try {
    const status = await main(['--dir', dir, ...args], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
    return { status, stdout, stderr };
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

async function workspace(t: { after: (fn: () => void) => void }): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-media-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  assert.equal((await tidings(dir, ['init'])).status, 0);
  return dir;
}

interface Article {
  slug: string;
  title: string;
  body: string;
  enclosure?: string;
}

function feed(server: FixtureServer, articles: Article[]): string {
  const items = articles
    .map((a) => {
      const enclosure = a.enclosure ? `<enclosure url="${a.enclosure}" type="image/jpeg" length="0"/>` : '';
      return `<item><title>${a.title}</title><link>${server.url(`/articles/${a.slug}.html`)}</link><guid>${a.slug}</guid>` +
        `<pubDate>Wed, 02 Feb 2022 02:38:07 GMT</pubDate><description><![CDATA[${a.body}]]></description>${enclosure}</item>`;
    })
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Pictures - World</title><link>${server.origin}/</link>${items}</channel></rss>`;
}

/** The hosts of the web, one route each. `blocked` switches the blocking host. */
async function imageServer(t: { after: (fn: () => unknown) => void }) {
  const state = { blocked: true };
  const server = await useFixtureServer(t, {
    routes: {
      // Hotlink protection: the picture only for its own article as Referer.
      '/guarded/cat.png': (req, res) =>
        req.headers['referer'] === server.url('/articles/a.html')
          ? sendText(PNG, { headers: { 'content-type': 'image/png' } })(req, res, { server, url: new URL(req.url!, server.origin) })
          : void res.writeHead(403, { 'content-type': 'text/plain' }).end(`forbidden for referer ${req.headers['referer']}`),
      '/blocking/dog.jpg': (req, res) =>
        state.blocked
          ? void res.writeHead(403, { 'content-type': 'text/html' }).end(BLOCK_PAGE)
          : void res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(JPEG.length) }).end(JPEG),
      '/cdn-1/same.gif': sendText(GIF, { headers: { 'content-type': 'image/gif' } }),
      '/cdn-2/same-again.gif': sendText(GIF, { headers: { 'content-type': 'image/gif' } }),
      '/huge.png': sendText(BIG_PNG, { headers: { 'content-type': 'image/png' } }),
      '/fake.jpg': sendText(BLOCK_PAGE, { headers: { 'content-type': 'image/jpeg' } }),
      '/lead.jpg': sendText(JPEG, { headers: { 'content-type': 'image/jpeg' } }),
    },
  });
  const img = (path: string) => server.url(path);
  // A host where nothing listens: a port that was free a moment ago.
  const closed = net.createServer();
  await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
  const dead = `http://127.0.0.1:${(closed.address() as net.AddressInfo).port}`;
  await new Promise((done) => closed.close(done));
  const articles: Article[] = [
    { slug: 'a', title: 'Article A', body: `<p>A cat <img src="${img('/guarded/cat.png')}" alt="cat"></p><p><img src="${img('/cdn-1/same.gif')}"></p>` },
    { slug: 'b', title: 'Article B', body: `<p><img src="${img('/cdn-1/same.gif')}"><img src="${img('/cdn-2/same-again.gif')}"> and <img src="${img('/blocking/dog.jpg')}"></p>` },
    {
      slug: 'c',
      title: 'Article C',
      body: `<p><img src="${img('/huge.png')}"> <img src="${img('/fake.jpg')}"></p><p><img src="${dead}/1.jpg"><img src="${dead}/2.jpg"></p>`,
    },
    { slug: 'd', title: 'Article D', body: '<p>Only an enclosure.</p>', enclosure: img('/lead.jpg') },
  ];
  server.route('/feed.xml', sendText(feed(server, articles), { headers: { 'content-type': 'application/rss+xml' } }));
  return { server, state, img, dead };
}

/** Each post by its title: file, front matter and body. */
function posts(dir: string): Map<string, { file: string; front: Record<string, unknown>; body: string }> {
  const root = join(dir, 'source', '_posts');
  const out = new Map<string, { file: string; front: Record<string, unknown>; body: string }>();
  for (const name of listFiles(root)) {
    const file = join(root, name);
    const { yaml, body } = splitPost(readFileSync(file, 'utf8'));
    const front = parseYaml(yaml) as Record<string, unknown>;
    out.set(String(front['title']), { file, front, body });
  }
  return out;
}

/** The src of every <img> in a post body. */
function imageSources(body: string): string[] {
  return [...body.matchAll(/<img [^>]*?src="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
}

/** The file a link in a post points to (a relative link resolves against the post's folder). */
function target(postFile: string, link: string): string {
  return resolve(dirname(postFile), decodeURIComponent(link));
}

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

test('images are archived once, checked, linked relative to the post; failures stay remote, counted, and retried', async (t) => {
  const { server, state, img, dead } = await imageServer(t);
  const dir = await workspace(t);
  assert.equal((await tidings(dir, ['add', server.url('/feed.xml')])).status, 0);
  const fetch = await tidings(dir, ['fetch']);
  assert.equal(fetch.status, 0, fetch.stderr);
  assert.match(fetch.stderr, /4 new/);

  const byTitle = posts(dir);
  const a = byTitle.get('Article A')!;
  const b = byTitle.get('Article B')!;
  const c = byTitle.get('Article C')!;
  const d = byTitle.get('Article D')!;

  // (a) The Referer-guarded image came with its article as Referer; the post links the copy.
  const [catLink, gifLinkA] = imageSources(a.body);
  assert.ok(catLink && !catLink.startsWith('http'), `local link, got ${catLink}`);
  assert.deepEqual(readFileSync(target(a.file, catLink)), PNG);
  assert.equal(target(a.file, catLink), join(dir, 'media', sha(PNG).slice(0, 2), `${sha(PNG)}.png`));
  const catRequests = server.requests.filter((r) => r.url === '/guarded/cat.png');
  assert.equal(catRequests.length, 1);
  assert.equal(catRequests[0]!.headers['referer'], server.url('/articles/a.html'));
  assert.match(String(catRequests[0]!.headers['accept']), /^image\//);
  // headimg and thumbnail point at the archived lead image.
  assert.equal(a.front['headimg'], catLink);
  assert.equal(a.front['thumbnail'], catLink);
  assert.ok(existsSync(target(a.file, a.front['headimg'] as string)));

  // (c) The same bytes under two URLs, in two articles: one file, each URL fetched once.
  const [gifLinkB1, gifLinkB2, dogLink] = imageSources(b.body);
  const gifFile = join(dir, 'media', sha(GIF).slice(0, 2), `${sha(GIF)}.gif`);
  for (const [post, link] of [[a, gifLinkA], [b, gifLinkB1], [b, gifLinkB2]] as const) assert.equal(target(post.file, link!), gifFile);
  assert.equal(server.requests.filter((r) => r.url === '/cdn-1/same.gif').length, 1);
  assert.equal(server.requests.filter((r) => r.url === '/cdn-2/same-again.gif').length, 1);

  // (b) The blocking host: the post keeps the remote URL.
  assert.equal(dogLink, img('/blocking/dog.jpg'));
  // (d) Too big, (e) an HTML page served as image/jpeg, and a dead host: refused, remote URLs kept.
  assert.deepEqual(imageSources(c.body), [img('/huge.png'), img('/fake.jpg'), `${dead}/1.jpg`, `${dead}/2.jpg`]);
  assert.equal(c.front['headimg'], img('/huge.png'));
  // The lead image of an item whose only picture is an enclosure.
  assert.ok(existsSync(target(d.file, d.front['headimg'] as string)));
  assert.deepEqual(readFileSync(target(d.file, d.front['thumbnail'] as string)), JPEG);

  // On disk: exactly the four good pictures (PNG, GIF, JPEG), nothing refused.
  assert.deepEqual(listFiles(join(dir, 'media')).sort(), [
    `${sha(GIF).slice(0, 2)}/${sha(GIF)}.gif`,
    `${sha(JPEG).slice(0, 2)}/${sha(JPEG)}.jpg`,
    `${sha(PNG).slice(0, 2)}/${sha(PNG)}.png`,
  ].sort());

  // The store keeps the original URLs, in the items and in the media records, with the reasons.
  const ws = await openWorkspace(dir, { env: ENV });
  try {
    const items = await ws.store.listItems();
    const storedA = items.find((i) => i.item.title === 'Article A')!.item;
    assert.ok((storedA.content ?? storedA.summary)!.includes(img('/guarded/cat.png')));
    const media = await ws.store.mediaByUrls([img('/guarded/cat.png'), img('/blocking/dog.jpg'), img('/huge.png'), img('/fake.jpg')]);
    assert.equal(media.get(img('/guarded/cat.png'))!.status, 'ok');
    assert.match(media.get(img('/blocking/dog.jpg'))!.error!, /^fetch: .*403/);
    assert.match(media.get(img('/huge.png'))!.error!, /too large.*64 KB/);
    assert.match(media.get(img('/fake.jpg'))!.error!, /^media: refused .*an HTML page, not an image \(served as image\/jpeg\)/);
    assert.ok(media.get(img('/blocking/dog.jpg'))!.nextRetryAt! > new Date().toISOString());
    // A host where nothing listens is tried once per run: its other images fail at once.
    const deadHost = await ws.store.mediaByUrls([`${dead}/1.jpg`, `${dead}/2.jpg`]);
    assert.deepEqual([...deadHost.values()].map((r) => r.error!.replace(/ \(.*/, '')).sort(), [
      'fetch: connection refused',
      `media: not tried, ${new URL(dead).host} was unreachable earlier in this run`,
    ]);
  } finally {
    await ws.close();
  }

  // status counts archived and failed images per source, in text and JSON.
  const json = JSON.parse((await tidings(dir, ['status', '--json'])).stdout);
  assert.deepEqual(json[0].media, { archived: 4, failed: 5 });
  assert.match((await tidings(dir, ['status'])).stdout, /images: 4 archived, 5 failed/);

  // A fetch right away does not try the failed ones again (their retry is not due).
  const before = server.requests.filter((r) => r.url === '/blocking/dog.jpg').length;
  assert.equal((await tidings(dir, ['fetch', '--source', '1'])).status, 0);
  assert.equal(server.requests.filter((r) => r.url === '/blocking/dog.jpg').length, before);

  // The host recovers; a run two hours later retries it and rewrites the post showing it.
  state.blocked = false;
  const later = new Date(Date.now() + 2 * 3_600_000);
  const again = await openWorkspace(dir, { env: ENV, now: () => later });
  try {
    await fetchSources(again, { env: {} });
  } finally {
    await again.close();
  }
  const rewritten = posts(dir).get('Article B')!;
  assert.equal(rewritten.file, b.file, 'the post keeps its file');
  const newDog = imageSources(rewritten.body)[2]!;
  assert.ok(!newDog.startsWith('http'), newDog);
  assert.deepEqual(readFileSync(target(rewritten.file, newDog)), JPEG);
  // The dog is the same JPEG bytes as the lead of D: still one file.
  assert.equal(target(rewritten.file, newDog), target(d.file, d.front['headimg'] as string));
  assert.deepEqual(JSON.parse((await tidings(dir, ['status', '--json'])).stdout)[0].media, { archived: 5, failed: 4 });

  // export hexo: the pictures are copied into the site and linked root-relative.
  const site = join(dir, 'site');
  const exported = await tidings(dir, ['export', 'hexo', site]);
  assert.equal(exported.status, 0, exported.stderr);
  assert.match(exported.stderr, /3 archived image\(s\) copied/);
  const exportedA = listFiles(join(site, 'source', '_posts')).map((f) => readFileSync(join(site, 'source', '_posts', f), 'utf8')).find((text) => text.includes('Article A'))!;
  const link = `/media/${sha(PNG).slice(0, 2)}/${sha(PNG)}.png`;
  assert.ok(exportedA.includes(`<img src="${link}"`), exportedA);
  assert.equal((parseYaml(splitPost(exportedA).yaml) as Record<string, unknown>)['headimg'], link);
  assert.deepEqual(readFileSync(join(site, 'source', link)), PNG);
});

test('media.archive: false leaves every image URL as it is and downloads nothing', async (t) => {
  const { server, img } = await imageServer(t);
  const dir = await workspace(t);
  assert.equal((await tidings(dir, ['add', server.url('/feed.xml')])).status, 0);
  const fetch = await tidings(dir, ['fetch'], { TIDINGS_MEDIA_ARCHIVE: 'false' });
  assert.equal(fetch.status, 0, fetch.stderr);
  const a = posts(dir).get('Article A')!;
  assert.deepEqual(imageSources(a.body), [img('/guarded/cat.png'), img('/cdn-1/same.gif')]);
  assert.equal(a.front['headimg'], img('/guarded/cat.png'));
  assert.equal(server.requests.filter((r) => r.url !== '/feed.xml').length, 0);
  assert.equal(existsSync(join(dir, 'media')), false);
  const json = JSON.parse((await tidings(dir, ['status', '--json'], { TIDINGS_MEDIA_ARCHIVE: 'false' })).stdout);
  assert.deepEqual(json[0].media, { archived: 0, failed: 0 });
});

test('site rules (sites: in tidings.yaml, or given): the image host\'s Referer and User-Agent are sent; "none" sends no Referer', async (t) => {
  const { server, img } = await imageServer(t);
  const dir = await workspace(t);
  assert.equal((await tidings(dir, ['add', server.url('/feed.xml')])).status, 0);
  assert.equal((await tidings(dir, ['fetch'], { TIDINGS_MEDIA_ARCHIVE: 'false' })).status, 0);
  // The workspace's `sites:` (here from the environment, as JSON) is what archiving follows by default.
  const sites = JSON.stringify({ '127.0.0.1': { image_referer: 'https://weibo.com/', user_agent: 'RuleAgent/1.0' } });
  const ws = await openWorkspace(dir, { env: { ...ENV, TIDINGS_SITES: sites } });
  try {
    const fetcher = createFetcher(fetchOptionsFrom(ws.config, ws.now, {}));
    const items = (await ws.store.listItems()).filter((i) => i.item.title === 'Article A');
    const result = await archiveItemsMedia(ws, fetcher, items);
    // The guarded host wants the article as Referer, so with the rule's Referer it refuses.
    assert.deepEqual({ archived: result.archived, failed: result.failed }, { archived: 1, failed: 1 });
    const sent = server.requests.filter((r) => r.url === '/cdn-1/same.gif')[0]!.headers;
    assert.equal(sent['referer'], 'https://weibo.com/');
    assert.equal(sent['user-agent'], 'RuleAgent/1.0');

    const none = await archiveItemsMedia(ws, createFetcher(fetchOptionsFrom(ws.config, ws.now, {})), items.map((i) => ({ ...i, item: { ...i.item, summary: `<img src="${img('/lead.jpg')}">` } })), {
      rules: [{ hosts: ['127.0.0.1'], imageReferer: 'none' }],
    });
    assert.equal(none.archived, 1);
    const lead = server.requests.filter((r) => r.url === '/lead.jpg')[0]!.headers;
    assert.equal(lead['referer'], undefined);
    assert.equal(lead['user-agent'], ws.config.fetch.userAgent);
  } finally {
    await ws.close();
  }
});

test('items stored without their images (a run killed in between) get them at the next run, before their posts', async (t) => {
  const { server } = await imageServer(t);
  const dir = await workspace(t);
  assert.equal((await tidings(dir, ['add', server.url('/feed.xml')])).status, 0);
  assert.equal((await tidings(dir, ['fetch'], { TIDINGS_MEDIA_ARCHIVE: 'false' })).status, 0);
  // As a killed run leaves them: stored, no images, posts not written.
  const db = new Database(join(dir, 'tidings.db'));
  db.prepare('UPDATE items SET post_hash = NULL').run();
  db.close();
  const fetch = await tidings(dir, ['fetch']);
  assert.equal(fetch.status, 0, fetch.stderr);
  const d = posts(dir).get('Article D')!;
  assert.deepEqual(readFileSync(target(d.file, d.front['headimg'] as string)), JPEG);
  const [cat] = imageSources(posts(dir).get('Article A')!.body);
  assert.deepEqual(readFileSync(target(posts(dir).get('Article A')!.file, cat!)), PNG);
});

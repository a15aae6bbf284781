// The mirror end to end, through the real CLI: a workspace, a loopback fixture server that
// plays feeds and an RSSHub instance, fetch, status, export. No network beyond loopback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { parse as parseYaml } from 'yaml';
import { delay, sendText, useFixtureServer, type FixtureHandler } from '../helpers/fixture-server.ts';

const BIN = new URL('../../bin/tidings.js', import.meta.url).pathname;
const FEED_TESTDATA = new URL('../../src/pipeline/feed/testdata/', import.meta.url).pathname;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function tidings(dir: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [BIN, '--dir', dir, ...args], {
      env: { ...process.env, TIDINGS_FETCH_ALLOW_PRIVATE_NETWORKS: 'true', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (status) => resolvePromise({ status, stdout, stderr }));
  });
}

function rss(items: Array<{ guid: string; title: string; body: string; date?: string }>, title = 'Fixture News - 要闻'): string {
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${title}</title><link>https://news.example.com/</link>${items
    .map((i) => `<item><title>${i.title}</title><link>https://news.example.com/${i.guid}?utm_source=rss</link><guid>${i.guid}</guid><pubDate>${i.date ?? 'Wed, 02 Feb 2022 02:38:07 GMT'}</pubDate><description><![CDATA[${i.body}]]></description></item>`)
    .join('')}</channel></rss>`;
}

function postFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(root, path));
    }
  };
  try {
    walk(root);
  } catch {
    return [];
  }
  return out.sort();
}

function frontMatter(file: string): Record<string, unknown> {
  const text = readFileSync(file, 'utf8');
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  assert.ok(match, `${file} has front matter`);
  return parseYaml(match[1]!) as Record<string, unknown>;
}

async function workspace(t: { after: (fn: () => void) => void }): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-e2e-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const init = await tidings(dir, ['init']);
  assert.equal(init.status, 0, init.stderr);
  return dir;
}

test('new, changed and unchanged items; 304 on the second fetch; posts written once', async (t) => {
  let version = 1;
  const feedHandler: FixtureHandler = (req, res) => {
    const etag = `"v${version}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    const items = [
      { guid: 'a', title: '第一条', body: '<p>正文一 <img data-src="/img/1.jpg" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></p>' },
      { guid: 'b', title: version === 1 ? '第二条' : '第二条（更新）', body: '<p>正文二</p>' },
    ];
    if (version >= 2) items.push({ guid: 'c', title: '第三条', body: '<p>正文三</p>' });
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag });
    res.end(rss(items));
  };
  const server = await useFixtureServer(t, { routes: { '/feed.xml': feedHandler } });
  const dir = await workspace(t);
  const add = await tidings(dir, ['add', server.url('/feed.xml')]);
  assert.equal(add.status, 0, add.stderr);
  assert.equal(add.stdout.trim(), '1');

  const first = await tidings(dir, ['fetch']);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stderr, /2 new, 0 updated/);
  const postsRoot = join(dir, 'source/_posts');
  const files = postFiles(postsRoot);
  assert.equal(files.length, 2, files.join(', '));
  // Categories come from the "Site - Channel" feed title; one folder per channel.
  assert.ok(files.every((f) => f.startsWith(join('Fixture-News', '要闻'))), files.join(', '));
  const firstPost = files.find((f) => f.includes('第一条'))!;
  const body = readFileSync(join(postsRoot, firstPost), 'utf8');
  // Relative URLs resolve against the document URL (the feed sets no xml:base).
  assert.ok(body.includes(`src="${server.url('/img/1.jpg')}"`), 'lazy image made real and absolute');
  assert.ok(body.includes('referrerpolicy="no-referrer"'), 'images load without a Referer');
  assert.equal(frontMatter(join(postsRoot, firstPost))['source_url'], 'https://news.example.com/a');
  const mtimeBefore = statSync(join(postsRoot, firstPost)).mtimeMs;

  // Second fetch, forced: the server answers 304 and nothing is rewritten.
  const second = await tidings(dir, ['fetch', '--source', '1']);
  assert.equal(second.status, 0, second.stderr);
  assert.match(second.stderr, /1 not modified/);
  assert.equal(server.requests.filter((r) => r.url === '/feed.xml').at(-1)!.headers['if-none-match'], '"v1"');

  // The feed changes: one item updated in place, one new, the unchanged one untouched.
  version = 2;
  const third = await tidings(dir, ['fetch', '--source', '1']);
  assert.equal(third.status, 0, third.stderr);
  assert.match(third.stderr, /1 new, 1 updated/);
  const after = postFiles(postsRoot);
  assert.equal(after.length, 3, 'the updated item keeps its file');
  assert.equal(statSync(join(postsRoot, firstPost)).mtimeMs, mtimeBefore, 'unchanged post not rewritten');
  const updated = after.find((f) => readFileSync(join(postsRoot, f), 'utf8').includes('第二条（更新）'));
  assert.ok(updated, 'updated title written');

  const status = await tidings(dir, ['status', '--json']);
  const [row] = JSON.parse(status.stdout);
  assert.equal(row.itemCount, 3);
  assert.equal(row.httpStatus, 200);
  assert.equal(row.error, null);
  assert.equal(row.encoding, 'utf-8');
  assert.deepEqual(row.categories, ['Fixture News', '要闻']);
});

test('RSSHub routes take their categories from the instance metadata', async (t) => {
  const namespace = {
    name: 'Aljazeera 半岛网',
    url: 'aljazeera.com',
    categories: ['new-media'],
    routes: { '/:lang?/:category?': { path: '/:lang?/:category?', name: '新闻', categories: ['new-media'], example: '/aljazeera/chinese/news' } },
  };
  const server = await useFixtureServer(t, {
    routes: {
      '/api/namespace/aljazeera': sendText(JSON.stringify(namespace), { headers: { 'content-type': 'application/json' } }),
      '/api/namespace': sendText(JSON.stringify({ aljazeera: namespace }), { headers: { 'content-type': 'application/json' } }),
      '/aljazeera/chinese/news': sendText(readFileSync(join(FEED_TESTDATA, 'rsshub-aljazeera/input.xml')), {
        headers: { 'content-type': 'application/rss+xml; charset=utf-8' },
      }),
    },
  });
  const dir = await workspace(t);
  const env = { TIDINGS_RSSHUB_INSTANCE: server.url('/') };
  const routes = await tidings(dir, ['rsshub', 'routes', '--category', '新媒体', '--json'], env);
  assert.equal(routes.status, 0, routes.stderr);
  assert.deepEqual(JSON.parse(routes.stdout).map((r: { path: string; channel: string }) => [r.path, r.channel]), [['/aljazeera/:lang?/:category?', '新闻']]);
  assert.equal((await tidings(dir, ['add', 'rsshub:///aljazeera/chinese/news'], env)).status, 0);
  const fetch = await tidings(dir, ['fetch'], env);
  assert.equal(fetch.status, 0, fetch.stderr);
  const files = postFiles(join(dir, 'source/_posts'));
  assert.equal(files.length, 1);
  assert.ok(files[0]!.startsWith(join('新媒体', 'Aljazeera-半岛网', '新闻')), files[0]);
  const meta = frontMatter(join(dir, 'source/_posts', files[0]!));
  assert.deepEqual(meta['categories'], ['新媒体', 'Aljazeera 半岛网', '新闻']);
  assert.equal(meta['title'], '布林肯呼吁俄罗斯撤军 约翰逊支持乌克兰反对“那些试图摧毁它的人” 与莫斯科准备对西方做出统一回应');
});

test('one failing source never stops the others; failures are recorded and backed off', async (t) => {
  const gbkFeed = iconv.encode(
    '<?xml version="1.0"?><rss version="2.0"><channel><title>网易 - 头条</title><item><guid>g1</guid><title>中文标题</title><link>https://news.163.com/1.html</link></item></channel></rss>',
    'gbk',
  );
  const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
  const server = await useFixtureServer(t, {
    routes: {
      '/gbk.xml': sendText(gbkFeed, { headers: { 'content-type': 'text/xml; charset=GBK' } }),
      '/html': sendText('<!DOCTYPE html><html><body>Not a feed</body></html>', { headers: { 'content-type': 'text/html' } }),
      '/error': sendText('oops', { status: 500 }),
      '/gone': sendText('gone', { status: 410 }),
      '/limited': sendText('slow down', { status: 429, headers: { 'retry-after': '7200' } }),
      '/bomb': sendText(bomb, { headers: { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' } }),
      '/moved': (_req, res) => {
        res.writeHead(301, { location: '/gbk.xml' });
        res.end();
      },
      '/slow-headers': async (_req, res) => {
        await delay(4000);
        if (!res.destroyed) res.end('<rss/>');
      },
      '/slow-body': async (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        for (let i = 0; i < 40 && !res.destroyed; i++) {
          res.write('<!-- trickle -->');
          await delay(150);
        }
        res.end();
      },
      '/reset': (req) => {
        req.socket.destroy();
      },
      '/huge': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        let sent = 0;
        const pump = () => {
          while (sent < 8 * 1024 * 1024 && !res.destroyed) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        pump();
      },
    },
  });
  const dir = await workspace(t);
  const paths = ['/gbk.xml', '/html', '/error', '/gone', '/limited', '/bomb', '/moved', '/slow-headers', '/slow-body', '/reset', '/huge'];
  assert.equal((await tidings(dir, ['add', ...paths.map((p) => server.url(p))])).status, 0);
  const run = await tidings(dir, ['fetch'], {
    TIDINGS_FETCH_MAX_BODY_SIZE: '1MB',
    TIDINGS_FETCH_TIMEOUT_HEADERS: '2s',
    TIDINGS_FETCH_TIMEOUT_BODY: '3s',
  });
  assert.equal(run.status, 0, 'a fetch with failing sources still exits 0');
  assert.match(run.stderr, /11 source\(s\): 2 ok, 0 not modified, 9 failed/);

  const rows = JSON.parse((await tidings(dir, ['status', '--json'])).stdout) as Array<Record<string, unknown>>;
  const byPath = (p: string) => rows.find((r) => (r['url'] as string).endsWith(p))!;
  assert.equal(byPath('/gbk.xml')['encoding'], 'gbk', 'charset from the header only');
  assert.equal(byPath('/gbk.xml')['itemCount'], 1);
  assert.match(byPath('/html')['error'] as string, /no RSS, Atom or JSON feed found .*starts with '<!DOCTYPE html/);
  assert.equal(byPath('/error')['httpStatus'], 500);
  assert.equal(byPath('/error')['failures'], 1);
  assert.ok(Date.parse(byPath('/error')['nextDue'] as string) > Date.now(), 'backed off, with a next try shown');
  assert.equal(byPath('/gone')['enabled'], false, '410 disables the source');
  const limitedNext = Date.parse(byPath('/limited')['nextDue'] as string);
  assert.ok(limitedNext - Date.now() > 7000 * 1000, 'Retry-After honoured');
  assert.match(byPath('/bomb')['error'] as string, /fetch:/);
  assert.equal(byPath('/moved')['fetchUrl'], server.url('/gbk.xml'), 'a permanent redirect updates the stored URL');
  assert.match(byPath('/slow-headers')['error'] as string, /in time/);
  assert.match(byPath('/slow-body')['error'] as string, /in time|body/);
  assert.match(byPath('/reset')['error'] as string, /reset|closed|socket/i);
  assert.match(byPath('/huge')['error'] as string, /too large|limit|MB/i);
});

test('fetching a private address is refused unless allowed', async (t) => {
  const server = await useFixtureServer(t, { routes: { '/feed.xml': sendText(rss([{ guid: 'x', title: 'x', body: 'x' }])) } });
  const dir = await workspace(t);
  await tidings(dir, ['add', server.url('/feed.xml')]);
  const run = await tidings(dir, ['fetch'], { TIDINGS_FETCH_ALLOW_PRIVATE_NETWORKS: 'false' });
  assert.equal(run.status, 0);
  const [row] = JSON.parse((await tidings(dir, ['status', '--json'])).stdout);
  assert.match(row.error, /private/i);
  assert.equal(server.requests.length, 0, 'no request reached the private address');
});

test('export hexo writes every stored item under DIR/source/_posts; OPML export and import round-trip', async (t) => {
  const server = await useFixtureServer(t, {
    routes: { '/feed.xml': sendText(rss([{ guid: 'a', title: 'Title: with "quotes" #1', body: '<p>{{ not a template }}</p>' }])) },
  });
  const dir = await workspace(t);
  await tidings(dir, ['add', server.url('/feed.xml'), '--categories', '新媒体/Site/Channel']);
  assert.equal((await tidings(dir, ['fetch'])).status, 0);
  const site = mkdtempSync(join(tmpdir(), 'tidings-site-'));
  t.after(() => rmSync(site, { recursive: true, force: true }));
  const exported = await tidings(dir, ['export', 'hexo', site]);
  assert.equal(exported.status, 0, exported.stderr);
  const files = postFiles(join(site, 'source/_posts'));
  assert.equal(files.length, 1);
  const meta = frontMatter(join(site, 'source/_posts', files[0]!));
  assert.equal(meta['title'], 'Title: with "quotes" #1');
  assert.deepEqual(meta['categories'], ['新媒体', 'Site', 'Channel']);

  const opml = await tidings(dir, ['export-opml']);
  assert.match(opml.stdout, /<outline text="新媒体"/);
  const other = await workspace(t);
  const opmlFile = join(other, 'subs.opml');
  writeFileSync(opmlFile, opml.stdout);
  const imported = await tidings(other, ['import', opmlFile]);
  assert.equal(imported.status, 0, imported.stderr);
  const rows = JSON.parse((await tidings(other, ['status', '--json'])).stdout);
  assert.deepEqual(rows.map((r: { categories: string[] }) => r.categories), [['新媒体', 'Site', 'Channel']]);
});

test('fetch --watch polls each source on its own schedule until stopped', async (t) => {
  const server = await useFixtureServer(t, {
    routes: { '/feed.xml': sendText(rss([{ guid: 'w', title: 'watched', body: '<p>w</p>' }]), { headers: { 'content-type': 'application/rss+xml' } }) },
  });
  const dir = await workspace(t);
  assert.equal((await tidings(dir, ['add', server.url('/feed.xml'), '--every', '1s'])).status, 0);
  const child = spawn(process.execPath, [BIN, '--dir', dir, 'fetch', '--watch'], {
    env: { ...process.env, TIDINGS_FETCH_ALLOW_PRIVATE_NETWORKS: 'true' },
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const closed = new Promise<number | null>((resolveClose) => child.on('close', resolveClose));
  const deadline = Date.now() + 20_000;
  while (server.requests.length < 3 && Date.now() < deadline) await delay(100);
  child.kill('SIGINT');
  assert.equal(await closed, 0, stderr);
  assert.ok(server.requests.length >= 3, `polled ${server.requests.length} time(s) in watch mode`);
  assert.equal((stderr.match(/^fetch: /gm) ?? []).length >= 3, true, 'one summary line per round');
});

test('a source overrides clean rules and profile keys of its own', async (t) => {
  const server = await useFixtureServer(t, {
    routes: {
      '/tw.xml': sendText(rss([{ guid: 't', title: '繁體標題', body: '<p>內文 <img src="https://img.example/a.jpg"> <a href="https://x.example/?utm_source=rss">連結</a></p>' }], '中央社 - 即時')),
    },
  });
  const dir = await workspace(t);
  const bad = await tidings(dir, ['add', server.url('/tw.xml'), '--clean-rule', 'noSuchRule=off']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /--clean-rule 'noSuchRule=off' must be NAME=on\|off/);
  const add = await tidings(dir, ['add', server.url('/tw.xml'), '--profile', 'repost', '--clean-rule', 'noReferrer=off', 'stripTracking=off', '--post', 'repostLabel=轉載自']);
  assert.equal(add.status, 0, add.stderr);
  assert.equal((await tidings(dir, ['fetch'])).status, 0);
  const [file] = postFiles(join(dir, 'source/_posts'));
  const post = readFileSync(join(dir, 'source/_posts', file!), 'utf8');
  assert.match(post, /\[轉載自中央社 - 即時\]\(https:\/\/news\.example\.com\/t\)/);
  assert.ok(post.includes('utm_source=rss'), 'tracking kept: the source switched stripTracking off');
});

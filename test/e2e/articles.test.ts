// Whole articles end to end: full text for --full-text sources (with every fallback) and
// `tidings repost`, against pages served on loopback. Full-text cases run the app in process
// (real SQLite file, real HTTP); the repost cases go through the real CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { parse as parseYaml } from 'yaml';
import { addSource } from '../../src/app/sources.ts';
import { fetchSources } from '../../src/app/fetch-sources.ts';
import { initWorkspace, openWorkspace, type Workspace } from '../../src/app/workspace.ts';
import { sendText, useFixtureServer, type FixtureServer } from '../helpers/fixture-server.ts';
import { listFiles } from '../helpers/post-files.ts';

const BIN = new URL('../../bin/tidings.js', import.meta.url).pathname;
/** Loopback fixtures need the private-network guard off; images are not what these tests are about. */
const ENV = { TIDINGS_FETCH_ALLOW_PRIVATE_NETWORKS: 'true', TIDINGS_MEDIA_ARCHIVE: 'false' };

type After = { after: (fn: () => void | Promise<void>) => void };

function tempDir(t: After): string {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-articles-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function openTestWorkspace(t: After): Promise<Workspace> {
  const dir = tempDir(t);
  initWorkspace(dir);
  const workspace = await openWorkspace(dir, { env: ENV });
  t.after(() => workspace.close());
  return workspace;
}

function tidings(dir: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [BIN, '--dir', dir, ...args], { env: { ...process.env, ...ENV } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (status) => resolvePromise({ status, stdout, stderr }));
  });
}

/** A news article page in the usual portal shape: nav, the article with an info bar, a hot list, a footer. */
function articlePage(title: string, paragraphs: string[], options: { charset?: string; site?: string } = {}): string {
  const charset = options.charset ?? 'utf-8';
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="${charset}"><title>${title}_${options.site ?? '示例新闻网'}</title>
<meta property="og:site_name" content="${options.site ?? '示例新闻网'}"></head><body>
<div class="nav"><a href="/">首页</a> <a href="/china">国内</a> <a href="/world">国际</a></div>
<div class="article"><h1>${title}</h1><div class="info">来源：示例日报 作者：王小明 2022年02月02日 10:38</div>
${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}
</div>
<div class="footer">版权所有 © 示例新闻网 京ICP备000000号</div></body></html>`;
}

const PARAGRAPHS = [
  '新华社北京2月2日电 记者今天从有关部门获悉，今年春节假期全国铁路、公路、水路和民航共发送旅客数量比去年同期有所增长。',
  '据介绍，各地交通运输部门加强运力调配，确保旅客出行安全有序，重点客运枢纽秩序总体平稳。',
  '有关负责人表示，下一步将继续做好节后返程客流服务保障工作，及时发布出行提示信息。',
  '专家认为，假期出行数据反映出消费市场的持续回暖，文旅行业迎来了新的发展机遇。',
];

function rss(server: FixtureServer, items: Array<{ guid: string; title: string; summary: string; link?: string }>): string {
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>示例新闻 - 要闻</title><link>${server.url('/')}</link>${items
    .map((i) => `<item><title>${i.title}</title><link>${i.link ?? server.url(`/news/${i.guid}.html`)}</link><guid>${i.guid}</guid><pubDate>Wed, 02 Feb 2022 02:38:07 GMT</pubDate><description><![CDATA[${i.summary}]]></description></item>`)
    .join('')}</channel></rss>`;
}

const HTML = { 'content-type': 'text/html; charset=utf-8' };

test('full text: each new item gets its page; failures and thinner pages keep the feed content and say why', async (t) => {
  const server = await useFixtureServer(t);
  const longFeedBody = `<p>${'这是一段很长的订阅源正文，比网页上能找到的内容还多。'.repeat(12)}</p>`;
  let titleOfA = '春运返程高峰';
  server.route('/feed.xml', (req, res, ctx) =>
    sendText(
      rss(ctx.server, [
        { guid: 'a', title: titleOfA, summary: '<p>春运摘要</p>' },
        { guid: 'missing', title: '页面不存在', summary: '<p>只有摘要</p>' },
        { guid: 'pdf', title: '一份文件', summary: '<p>文件摘要</p>' },
        { guid: 'thin', title: '网页更短', summary: longFeedBody },
        { guid: 'gbk', title: '编码页面', summary: '<p>编码摘要</p>' },
      ]),
      { headers: { 'content-type': 'application/rss+xml; charset=utf-8' } },
    )(req, res, ctx),
  );
  server.route('/news/a.html', sendText(articlePage('春运返程高峰', PARAGRAPHS), { headers: HTML }));
  server.route('/news/missing.html', sendText('not here', { status: 404 }));
  server.route('/news/pdf.html', sendText('%PDF-1.4 fake', { headers: { 'content-type': 'application/pdf' } }));
  server.route('/news/thin.html', sendText(articlePage('网页更短', ['网页上只有一句话，比订阅源里的正文短得多，所以保留订阅源的内容更好。']), { headers: HTML }));
  server.route('/news/gbk.html', sendText(iconv.encode(articlePage('编码页面', PARAGRAPHS, { charset: 'gbk' }), 'gbk'), { headers: { 'content-type': 'text/html' } }));

  const workspace = await openTestWorkspace(t);
  const source = await addSource(workspace, server.url('/feed.xml'), { fullText: true });
  const first = await fetchSources(workspace, { env: ENV });
  assert.equal(first.failed, 0, JSON.stringify(first.outcomes));
  assert.deepEqual(first.outcomes[0]!.fullText, { extracted: 2, keptFeed: 3 });

  const items = new Map((await workspace.store.listItems({ sourceId: source.id })).map((s) => [s.item.id, s.item]));
  const a = items.get('a')!;
  assert.equal(a.fullText?.from, 'page');
  for (const p of PARAGRAPHS) assert.ok(a.content!.includes(p), `article paragraph kept: ${p.slice(0, 12)}`);
  assert.ok(!a.content!.includes('京ICP备'), 'the footer is not part of the article');
  assert.equal(a.summary, '<p>春运摘要</p>', 'the summary stays the feed’s');
  assert.ok(items.get('gbk')!.content!.includes(PARAGRAPHS[1]!), 'a GBK page is decoded by its <meta charset>');

  const missing = items.get('missing')!;
  assert.equal(missing.fullText?.from, 'feed');
  assert.match(missing.fullText!.reason!, /404/);
  assert.equal(missing.summary, '<p>只有摘要</p>');
  assert.equal(missing.content, null);
  assert.match(items.get('pdf')!.fullText!.reason!, /application\/pdf, not HTML/);
  const thin = items.get('thin')!;
  assert.match(thin.fullText!.reason!, /less text/);
  assert.ok(thin.summary!.includes('这是一段很长的订阅源正文'));

  // The post of the full-text item carries the article.
  const post = readFileSync(join(workspace.path(workspace.config.posts.dir), (await workspace.store.listItems({ sourceId: source.id }))[0]!.postPath!), 'utf8');
  assert.ok(post.includes(PARAGRAPHS[3]!), 'the post is written from the page’s article');

  // Unchanged feed items do not fetch their pages again, and keep their full text.
  const pageRequests = () => server.requests.filter((r) => r.url.startsWith('/news/')).length;
  const before = pageRequests();
  await fetchSources(workspace, { env: ENV, sourceId: source.id });
  assert.equal(pageRequests(), before, 'no page fetched for unchanged items');
  assert.equal((await workspace.store.listItems({ sourceId: source.id })).find((s) => s.item.id === 'a')!.item.fullText?.from, 'page');

  // A changed item is extracted again.
  titleOfA = '春运返程高峰（更新）';
  const third = await fetchSources(workspace, { env: ENV, sourceId: source.id });
  assert.equal(third.updatedItems, 1);
  assert.deepEqual(third.outcomes[0]!.fullText, { extracted: 1, keptFeed: 0 });
  assert.equal(pageRequests(), before + 1);
});

test('full text is fetched only for --full-text sources', async (t) => {
  const server = await useFixtureServer(t);
  server.route('/feed.xml', (req, res, ctx) =>
    sendText(rss(ctx.server, [{ guid: 'a', title: '标题', summary: '<p>摘要</p>' }]), { headers: { 'content-type': 'application/rss+xml' } })(req, res, ctx),
  );
  server.route('/news/a.html', sendText(articlePage('标题', PARAGRAPHS), { headers: HTML }));
  const workspace = await openTestWorkspace(t);
  await addSource(workspace, server.url('/feed.xml'));
  const summary = await fetchSources(workspace, { env: ENV });
  assert.equal(summary.newItems, 1);
  assert.equal(summary.outcomes[0]!.fullText, null);
  assert.equal(server.requests.filter((r) => r.url.startsWith('/news/')).length, 0);
  const [stored] = await workspace.store.listItems();
  assert.equal(stored!.item.content, null);
  assert.equal(stored!.item.fullText, undefined);
});

const BYLINE_THEN_CREDIT = (site: string, url: string) => new RegExp(`^\`王小明\` \\[转载自${site}\\]\\(${url.replace(/[.?]/g, '\\$&')}\\)$`);

function frontMatterAndBody(file: string): { front: Record<string, unknown>; body: string } {
  const text = readFileSync(file, 'utf8');
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  assert.ok(match, `${file} has front matter`);
  return { front: parseYaml(match[1]!) as Record<string, unknown>, body: match[2]! };
}

test('tidings repost: one page → one repost post; again updates the same post, never a second one', async (t) => {
  const server = await useFixtureServer(t);
  let paragraphs = PARAGRAPHS;
  server.route('/2022/02/02/story.html', (req, res, ctx) => sendText(articlePage('春运返程高峰', paragraphs, { site: '示例日报' }), { headers: HTML })(req, res, ctx));
  const dir = tempDir(t);
  assert.equal((await tidings(dir, ['init'])).status, 0);
  const url = server.url('/2022/02/02/story.html?utm_source=share');
  // The post credits the page without the share tracking.
  const cleanUrl = server.url('/2022/02/02/story.html');

  const first = await tidings(dir, ['repost', url, '--via', 'GNews', '--json']);
  assert.equal(first.status, 0, first.stderr);
  const result = JSON.parse(first.stdout) as { status: string; postPath: string; title: string };
  assert.equal(result.status, 'new');
  assert.equal(result.title, '春运返程高峰');
  const postsRoot = join(dir, 'source/_posts');
  assert.deepEqual(listFiles(postsRoot), [result.postPath]);
  assert.match(result.postPath, /^reposts\/2022\/02\//);
  const { front, body } = frontMatterAndBody(join(postsRoot, result.postPath));
  assert.equal(front['title'], '春运返程高峰');
  assert.equal(front['source_url'], cleanUrl);
  // The shape of ../shared/examples/gnews-repost.md: `AUTHOR` [转载自SITE](URL), then the article as Markdown.
  assert.match(body.split('\n')[0]!, BYLINE_THEN_CREDIT('GNews', cleanUrl));
  for (const p of PARAGRAPHS) assert.ok(body.includes(p));
  assert.ok(!body.includes('<p>'), 'the article is Markdown');

  // Same URL again, page unchanged: same item, same file, nothing rewritten.
  const again = await tidings(dir, ['repost', url, '--via', 'GNews', '--json']);
  assert.equal(again.status, 0, again.stderr);
  assert.equal((JSON.parse(again.stdout) as { status: string }).status, 'unchanged');
  // The page changed: the same post is rewritten in place.
  paragraphs = [...PARAGRAPHS, '编者按：本文已更新，补充了最新的客流数据。'];
  const updated = await tidings(dir, ['repost', url]);
  assert.equal(updated.status, 0, updated.stderr);
  assert.equal(updated.stdout.trim(), result.postPath);
  assert.match(updated.stderr, /repost: updated: 春运返程高峰/);
  assert.deepEqual(listFiles(postsRoot), [result.postPath]);
  const rewritten = frontMatterAndBody(join(postsRoot, result.postPath)).body;
  assert.ok(rewritten.includes('编者按：本文已更新'));
  // Without --via the page's own site name is credited.
  assert.match(rewritten.split('\n')[0]!, BYLINE_THEN_CREDIT('示例日报', cleanUrl));

  const status = await tidings(dir, ['status', '--json']);
  assert.equal(status.status, 0, status.stderr);
  const reposts = (JSON.parse(status.stdout) as Array<{ url: string; items?: number; itemCount?: number }>).filter((s) => s.url === 'tidings:reposts');
  assert.equal(reposts.length, 1);

  // `fetch` never polls the reposts source.
  const fetch = await tidings(dir, ['fetch']);
  assert.equal(fetch.status, 0, fetch.stderr);
  assert.match(fetch.stderr, /fetch: 0 source\(s\)/);
});

test('tidings repost: a page that cannot be fetched or holds no article fails with one line and stores nothing', async (t) => {
  const server = await useFixtureServer(t);
  server.route('/gone.html', sendText('gone', { status: 404 }));
  server.route('/data.json', sendText('{"a":1}', { headers: { 'content-type': 'application/json' } }));
  server.route('/empty.html', sendText('<!DOCTYPE html><html><head><title>x</title></head><body></body></html>', { headers: HTML }));
  const dir = tempDir(t);
  assert.equal((await tidings(dir, ['init'])).status, 0);
  for (const [path, reason] of [['/gone.html', /404/], ['/data.json', /application\/json, not HTML/], ['/empty.html', /no article found/]] as const) {
    const run = await tidings(dir, ['repost', server.url(path)]);
    assert.equal(run.status, 1, `${path}: ${run.stderr}`);
    assert.match(run.stderr, reason);
    assert.match(run.stderr, /^tidings: repost: |^repost: /m);
  }
  assert.deepEqual(listFiles(join(dir, 'source/_posts')), []);
  const bad = await tidings(dir, ['repost', 'ftp://example.com/x']);
  assert.equal(bad.status, 2, bad.stderr);
});

test('full text follows the workspace\'s site rules: content selector, removals and the User-Agent pages need', async (t) => {
  const server = await useFixtureServer(t);
  server.route('/feed.xml', (req, res, ctx) =>
    sendText(rss(ctx.server, [{ guid: 'ruled', title: '规则页面', summary: '<p>摘要</p>' }]), { headers: { 'content-type': 'application/rss+xml' } })(req, res, ctx),
  );
  // Without the rule Readability would take the longer teaser block; the rule names the body.
  const teaser = `<div class="teasers">${PARAGRAPHS.map((p) => `<p>推荐：${p}${p}</p>`).join('')}</div>`;
  server.route('/news/ruled.html', (req, res, ctx) => {
    const ok = req.headers['user-agent'] === 'TidingsTest/1.0 (site rule)';
    sendText(
      ok ? `<!DOCTYPE html><html><head><meta charset="utf-8"><title>规则页面</title></head><body>${teaser}<div id="story"><p>${PARAGRAPHS[0]}</p><p>${PARAGRAPHS[1]}</p><div class="ad">广告位招租</div></div></body></html>` : 'bots not welcome',
      { status: ok ? 200 : 403, headers: HTML },
    )(req, res, ctx);
  });
  const dir = tempDir(t);
  initWorkspace(dir);
  const configFile = join(dir, 'tidings.yaml');
  writeFileSync(configFile, readFileSync(configFile, 'utf8').replace(/^sites:\n/m, 'sites:\n  127.0.0.1:\n    content: ["#story"]\n    remove: [".ad"]\n    user_agent: "TidingsTest/1.0 (site rule)"\n'));
  const workspace = await openWorkspace(dir, { env: ENV });
  t.after(() => workspace.close());
  await addSource(workspace, server.url('/feed.xml'), { fullText: true });
  const summary = await fetchSources(workspace, { env: ENV });
  assert.deepEqual(summary.outcomes[0]!.fullText, { extracted: 1, keptFeed: 0 }, JSON.stringify(summary.outcomes));
  const [stored] = await workspace.store.listItems();
  const content = stored!.item.content!;
  assert.ok(content.includes(PARAGRAPHS[0]!) && content.includes(PARAGRAPHS[1]!), content);
  assert.ok(!content.includes('推荐：'), 'the teaser block is not the article');
  assert.ok(!content.includes('广告位招租'), 'removed by the rule');
});

test('full text: a page that fails for a passing reason (503, a timeout) is fetched again at the next polls, three times in all', async (t) => {
  const server = await useFixtureServer(t);
  server.route('/feed.xml', (req, res, ctx) =>
    sendText(
      rss(ctx.server, [
        { guid: 'busy', title: '服务器繁忙', summary: '<p>繁忙摘要</p>' },
        { guid: 'down', title: '服务器宕机', summary: '<p>宕机摘要</p>' },
        { guid: 'gone', title: '页面不存在', summary: '<p>只有摘要</p>' },
      ]),
      { headers: { 'content-type': 'application/rss+xml; charset=utf-8' } },
    )(req, res, ctx),
  );
  let busyAnswers = 0;
  // Busy twice, then the article.
  server.route('/news/busy.html', (req, res, ctx) =>
    ++busyAnswers <= 2 ? sendText('busy', { status: 503 })(req, res, ctx) : sendText(articlePage('服务器繁忙', PARAGRAPHS), { headers: HTML })(req, res, ctx),
  );
  server.route('/news/down.html', sendText('down', { status: 502 }));
  server.route('/news/gone.html', sendText('not here', { status: 404 }));
  const requests = (page: string) => server.requests.filter((r) => r.url === `/news/${page}.html`).length;

  const workspace = await openTestWorkspace(t);
  const source = await addSource(workspace, server.url('/feed.xml'), { fullText: true });
  const stored = async () => new Map((await workspace.store.listItems({ sourceId: source.id })).map((s) => [s.item.id, s.item]));

  const first = await fetchSources(workspace, { env: ENV });
  assert.deepEqual(first.outcomes[0]!.fullText, { extracted: 0, keptFeed: 3 });
  let items = await stored();
  assert.equal(items.get('busy')!.fullText?.failedAttempts, 1);
  assert.match(items.get('busy')!.fullText!.reason!, /503/);
  assert.equal(items.get('gone')!.fullText?.failedAttempts, undefined, 'a 404 is not tried again');

  const second = await fetchSources(workspace, { env: ENV, sourceId: source.id });
  assert.deepEqual(second.outcomes[0]!.fullText, { extracted: 0, keptFeed: 2 });
  assert.equal((await stored()).get('down')!.fullText?.failedAttempts, 2);

  // Third poll: the busy page answers, and the item gets its article and is updated.
  const third = await fetchSources(workspace, { env: ENV, sourceId: source.id });
  assert.deepEqual(third.outcomes[0]!.fullText, { extracted: 1, keptFeed: 1 });
  items = await stored();
  assert.equal(items.get('busy')!.fullText?.from, 'page');
  assert.ok(items.get('busy')!.content!.includes(PARAGRAPHS[2]!));
  assert.equal(items.get('down')!.fullText?.failedAttempts, 3);

  // After three failed fetches the page is left alone, and nothing is fetched or changed.
  const fourth = await fetchSources(workspace, { env: ENV, sourceId: source.id });
  assert.equal(fourth.updatedItems, 0);
  assert.deepEqual([requests('busy'), requests('down'), requests('gone')], [3, 3, 1]);
  assert.equal((await stored()).get('busy')!.fullText?.from, 'page', 'the article is kept');
});

// Drives the real program through bin/tidings.js, as users and scripts do (CONTRACT.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';

const BIN = new URL('../bin/tidings.js', import.meta.url).pathname;
const FIXTURES = new URL('../src/pipeline/feed/testdata/', import.meta.url).pathname;

function tidings(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('--version prints the package version and exits 0', () => {
  const { status, stdout } = tidings('--version');
  assert.equal(status, 0);
  assert.match(stdout.trim(), /^\d+\.\d+\.\d+$/);
});

test('--help lists the commands; each command has its own help', () => {
  const top = tidings('--help');
  assert.equal(top.status, 0);
  assert.match(top.stdout, /parse/);
  const parse = tidings('parse', '--help');
  assert.equal(parse.status, 0);
  assert.match(parse.stdout, /--content-type/);
  assert.match(parse.stdout, /Example:/);
});

test('bad usage exits 2 with a message on stderr and nothing on stdout', () => {
  const unknown = tidings('no-such-command');
  assert.equal(unknown.status, 2);
  assert.equal(unknown.stdout, '');
  assert.match(unknown.stderr, /unknown command/);
  const missing = tidings('parse');
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /missing required argument/);
});

test('parse --json prints the normalized model of one file', () => {
  const { status, stdout, stderr } = tidings('parse', join(FIXTURES, 'gbk-prolog/input.xml'), '--json');
  assert.equal(status, 0, stderr);
  const feed = JSON.parse(stdout);
  assert.equal(feed.format, 'rss20');
  assert.equal(feed.encoding, 'gbk');
  assert.equal(feed.items[0].title, '中文标题：国务院召开常务会议');
});

test('parse --content-type supplies the charset the file does not declare', () => {
  const file = join(FIXTURES, 'gbk-header-only/input.xml');
  const { stdout } = tidings('parse', file, '--content-type', 'text/xml; charset=gbk', '--json');
  assert.equal(JSON.parse(stdout).items[0].title, '头条：春节假期全国旅游收入');
});

test('a file that is not a feed: one clear line on stderr, exit 1', () => {
  const { status, stdout, stderr } = tidings('parse', join(FIXTURES, 'html-page/input.xml'), '--json');
  assert.equal(status, 1);
  assert.equal(stdout, '');
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /^parse: no RSS, Atom or JSON feed found in .*html-page\/input\.xml \(starts with '<!DOCTYPE html/);
});

test('several files give JSON Lines in order, a bad file becomes its line\'s error', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const missing = join(dir, 'missing.xml');
  const page = join(dir, 'page.html');
  writeFileSync(page, '<!DOCTYPE html><html></html>');
  const { status, stdout } = tidings('parse', join(FIXTURES, 'rss091/input.xml'), missing, page, join(FIXTURES, 'json11/input.json'), '--json');
  assert.equal(status, 0);
  const lines = stdout.trim().split('\n').map((line) => JSON.parse(line));
  assert.equal(lines.length, 4);
  assert.equal(lines[0].format, 'rss091');
  assert.equal(lines[1].file, missing);
  assert.match(lines[1].error, /cannot read .*missing\.xml \(ENOENT\)/);
  assert.match(lines[2].error, /no RSS, Atom or JSON feed found/);
  assert.equal(lines[3].format, 'json11');
});

test('convert: an HTML page in GBK becomes cleaned Markdown with absolute links', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const page = join(dir, 'page.html');
  const html = '<html><head><meta charset="gbk"><title>页</title><script>alert(1)</script></head><body>' +
    '<h1>标题</h1><p>第一段，<a href="/a?utm_source=x&id=1">链接</a>。</p><p><img data-src="/i.jpg" src="data:image/gif;base64,R0lGOD"></p></body></html>';
  writeFileSync(page, iconv.encode(html, 'gbk'));
  const { status, stdout, stderr } = tidings('convert', page, '--url', 'https://news.example.cn/2022/01.html');
  assert.equal(status, 0, stderr);
  assert.match(stdout, /^# 标题$/m);
  assert.match(stdout, /第一段，\[链接\]\(https:\/\/news\.example\.cn\/a\?id=1\)。/);
  assert.match(stdout, /!\[\]\(https:\/\/news\.example\.cn\/i\.jpg\)/);
  assert.ok(!stdout.includes('alert'));
});

test('render: an item from parse --json becomes a Hexo post; --profile repost a repost', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const feed = JSON.parse(tidings('parse', join(FIXTURES, 'rsshub-aljazeera/input.xml'), '--json').stdout);
  const itemFile = join(dir, 'item.json');
  writeFileSync(itemFile, JSON.stringify({ ...feed.items[0], source: { name: 'Aljazeera 半岛网', categories: ['新媒体', 'Aljazeera 半岛网', '新闻'] } }));
  const hexo = tidings('render', itemFile);
  assert.equal(hexo.status, 0, hexo.stderr);
  assert.match(hexo.stdout, /^---\ntitle: '布林肯呼吁俄罗斯撤军 约翰逊支持乌克兰反对“那些试图摧毁它的人” 与莫斯科准备对西方做出统一回应'\ncategories:\n  - '新媒体'/);
  assert.match(hexo.stdout, /^source_url: 'https:\/\/chinese\.aljazeera\.net\/news\//m);
  const repost = tidings('render', itemFile, '--profile', 'repost', '--json');
  const post = JSON.parse(repost.stdout);
  assert.match(post.path, /\.md$/);
  assert.match(post.content, /\[转载自Aljazeera 半岛网\]\(https:\/\/chinese\.aljazeera\.net\//);
  const bad = tidings('render', itemFile, '--profile', 'nope');
  assert.equal(bad.status, 2);
  writeFileSync(itemFile, '[1, 2]');
  const notItem = tidings('render', itemFile);
  assert.equal(notItem.status, 1);
  assert.match(notItem.stderr, /does not hold an item/);
});

test('extract --json: the contract shape, from a page in GBK', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const source = new URL('../src/pipeline/extract/testdata/cn-portal-info-bar/input.html', import.meta.url).pathname;
  const page = join(dir, 'page.html');
  const html = readFileSync(source, 'utf8').replace(/<meta charset="[^"]*">/i, '<meta charset="gbk">');
  writeFileSync(page, iconv.encode(html, 'gbk'));
  const { status, stdout, stderr } = tidings('extract', page, '--url', 'https://news.example.cn/2022/02/02/a.html', '--json');
  assert.equal(status, 0, stderr);
  const article = JSON.parse(stdout);
  assert.deepEqual(Object.keys(article).sort(), ['byline', 'content', 'excerpt', 'image', 'lang', 'published', 'siteName', 'textContent', 'title']);
  assert.equal(article.title, '冬奥会开幕在即 各项筹备工作就绪');
  assert.equal(article.byline, '张三');
  assert.match(article.textContent, /国家体育场/);
  assert.equal(tidings('extract', page, '--url', 'not-a-url').status, 2);
});

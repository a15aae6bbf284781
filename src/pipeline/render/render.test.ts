// Golden posts (testdata/<case>/input.json → expected.md + expected-path.txt), the shape of the
// two example documents users publish, and the renderer's rules by named case.
// UPDATE=1 rewrites expected files; a missing expected file fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { FeedItem } from '../../model/index.ts';
import { PROFILES, renderPost, type RenderItem, type RenderOptions, type RenderSource } from './index.ts';
import * as publicSurface from './index.ts';
import { splitPost } from '../../../test/helpers/post-files.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const TESTDATA = join(HERE, 'testdata');
const FEED_TESTDATA = join(HERE, '..', 'feed', 'testdata');
const EXAMPLES = join(HERE, '..', '..', '..', '..', 'shared', 'examples');
const UPDATE = process.env['UPDATE'] === '1';

interface CaseInput {
  fixture?: string;
  item?: string;
  source?: RenderSource;
  options: RenderOptions;
}

function loadFixtureItem(fixture: string): FeedItem {
  return JSON.parse(readFileSync(join(FEED_TESTDATA, fixture, 'expected.json'), 'utf8')).items[0] as FeedItem;
}

function loadCase(name: string): { item: RenderItem; options: RenderOptions } {
  const input = JSON.parse(readFileSync(join(TESTDATA, name, 'input.json'), 'utf8')) as CaseInput;
  const base = input.fixture
    ? loadFixtureItem(input.fixture)
    : (JSON.parse(readFileSync(join(TESTDATA, input.item!), 'utf8')) as FeedItem);
  return { item: { ...base, source: input.source ?? null }, options: input.options };
}

const cases = readdirSync(TESTDATA).filter((name) => statSync(join(TESTDATA, name)).isDirectory()).sort();

for (const name of cases) {
  test(`golden: ${name}`, () => {
    const { item, options } = loadCase(name);
    const post = renderPost(item, options);
    const expectedFile = join(TESTDATA, name, 'expected.md');
    const pathFile = join(TESTDATA, name, 'expected-path.txt');
    if (UPDATE) {
      writeFileSync(expectedFile, post.content);
      writeFileSync(pathFile, `${post.path}\n`);
    }
    assert.ok(existsSync(expectedFile), `${name}/expected.md is missing (run with UPDATE=1 to write it, then review it)`);
    assert.ok(existsSync(pathFile), `${name}/expected-path.txt is missing (run with UPDATE=1 to write it, then review it)`);
    assert.equal(post.content, readFileSync(expectedFile, 'utf8'));
    assert.equal(post.path, readFileSync(pathFile, 'utf8').trimEnd());
    // Every golden post's front matter is valid YAML with the title the item has.
    const data = parseYaml(splitPost(post.content).yaml) as Record<string, unknown>;
    assert.equal(typeof data['title'], 'string');
  });
}

const ALJAZEERA_SOURCE: RenderSource = { name: 'Aljazeera 半岛网', categories: ['新媒体', 'Aljazeera 半岛网', '新闻'] };
const GNEWS_SOURCE: RenderSource = { name: 'GNews', categories: ['GNews'] };

/** The example file's front matter (it starts with a stray blank line, one of its flaws). */
function exampleFrontMatter(file: string): { data: Record<string, unknown>; body: string } {
  const text = readFileSync(join(EXAMPLES, file), 'utf8').replace(/^\s*\n/, '');
  const { yaml, body } = splitPost(text);
  return { data: parseYaml(yaml) as Record<string, unknown>, body };
}

const examplesMissing = existsSync(EXAMPLES) ? false : `../shared/examples not found (looked in ${EXAMPLES})`;

test('hexo: the shape of rsshub-hexo-post.md, with the real title, source_url and an ISO 8601 date', { skip: examplesMissing }, () => {
  const item = loadFixtureItem('rsshub-aljazeera');
  const example = exampleFrontMatter('rsshub-hexo-post.md');
  const post = renderPost({ ...item, source: ALJAZEERA_SOURCE }, { profile: 'hexo' });
  const { yaml, body } = splitPost(post.content);
  const ours = parseYaml(yaml) as Record<string, unknown>;

  // The example's keys, in its order, plus source_url (the item has no categories, so no tags).
  assert.deepEqual(Object.keys(ours), [...Object.keys(example.data), 'source_url']);
  for (const key of ['categories', 'headimg', 'author', 'comments', 'thumbnail']) {
    assert.deepEqual(ours[key], example.data[key], key);
  }
  // The example's title is ours with the quotes (and a space) mangled into "_" — we keep the real one.
  assert.equal(ours['title'], item.title);
  assert.equal((ours['title'] as string).replace(/“|” ?/g, '_'), example.data['title']);
  assert.equal(ours['source_url'], item.link);
  // Same instant; written as ISO 8601 with an offset instead of RFC 822.
  assert.equal(ours['date'], '2022-02-02T02:38:07+00:00');
  assert.equal(Date.parse(ours['date'] as string), Date.parse(example.data['date'] as string));
  // Body: the HTML in one <div>, as in the example.
  assert.match(body, /^\n<div>\n<p>英国首相鲍里斯·约翰逊/);
  assert.match(body, /<\/div>\n$/);
  assert.match(post.path, /^2022\/02\/布林肯呼吁俄罗斯撤军-约翰逊支持乌克兰反对-那些试图摧毁它的人-与莫斯科准备对西方做出统一回应-[0-9a-f]{8}\.md$/);
});

test('repost: the shape of gnews-repost.md: title front matter, `author` [轉載自SITE](URL), then Markdown', { skip: examplesMissing }, () => {
  const item = loadFixtureItem('gnews-wordpress');
  const example = exampleFrontMatter('gnews-repost.md');
  const post = renderPost({ ...item, source: GNEWS_SOURCE }, { profile: 'repost', overrides: { repostLabel: '轉載自' } });
  const { yaml, body } = splitPost(post.content);
  const ours = parseYaml(yaml) as Record<string, unknown>;
  assert.deepEqual(Object.keys(ours), [...Object.keys(example.data), 'date', 'source_url']);
  assert.equal(ours['title'], example.data['title']);
  // The credit line is the example's, byte for byte (the feed link's utm_* parameters removed).
  const [credit, blank] = body.split('\n');
  assert.equal(credit, example.body.split('\n')[0]);
  assert.equal(blank, '');
  assert.equal(ours['source_url'], 'https://gnews.org/zh-hans/1777037/');
  // The article follows as Markdown: the example's first lines are there.
  assert.match(body, /作者：东京樱花团｜捆绑CCP一千年/);
  assert.match(body, /!\[\]\(https:\/\/lh5\.googleusercontent\.com\//);
  assert.doesNotMatch(body, /<p>/);
});

test('repost: the label defaults to 转载自 and falls back to the link host without a source', () => {
  const item = loadFixtureItem('gnews-wordpress');
  const post = renderPost({ ...item, source: null }, { profile: 'repost' });
  assert.match(splitPost(post.content).body, /^`東京櫻花団-Tokyo Sakura Group` \[转载自gnews\.org\]\(https:\/\/gnews\.org\/zh-hans\/1777037\/\)\n\n/);
});

test('public surface: renderPost, the profiles and the file-name helpers', () => {
  assert.deepEqual(Object.keys(publicSurface).sort(), [
    'MAX_FILE_NAME_BYTES', 'PROFILES', 'idHash', 'isReservedWindowsName', 'postFileName', 'postFolder', 'renderPost', 'slugify',
  ]);
  assert.deepEqual(Object.keys(PROFILES).sort(), ['hexo', 'hugo', 'jekyll', 'repost']);
});

function minimalItem(overrides: Partial<FeedItem> = {}): RenderItem {
  return {
    id: 'urn:test:1', title: 'A title', link: 'https://example.org/a', published: '2024-01-31T20:15:00Z', updated: null,
    authors: [], summary: null, content: '<p>Body</p>', categories: [], enclosures: [], comments: null, image: null,
    ...overrides,
  };
}

function frontMatterOf(content: string): Record<string, unknown> {
  return parseYaml(splitPost(content).yaml) as Record<string, unknown>;
}

test('dates: UTC by default, any IANA zone or fixed offset on request, the source override first', () => {
  const item = minimalItem();
  assert.equal(frontMatterOf(renderPost(item, { profile: 'hexo' }).content)['date'], '2024-01-31T20:15:00+00:00');
  const shanghai = renderPost(item, { profile: 'hexo', timeZone: 'Asia/Shanghai' });
  assert.equal(frontMatterOf(shanghai.content)['date'], '2024-02-01T04:15:00+08:00');
  // The folder follows the zone the date is written in.
  assert.match(shanghai.path, /^2024\/02\//);
  assert.equal(frontMatterOf(renderPost(item, { profile: 'hugo', timeZone: '-05:30' }).content)['date'], '2024-01-31T14:45:00-05:30');
  const overridden = renderPost(item, { profile: 'hexo', timeZone: 'Asia/Shanghai', overrides: { timeZone: 'UTC' } });
  assert.equal(frontMatterOf(overridden.content)['date'], '2024-01-31T20:15:00+00:00');
  assert.throws(() => renderPost(item, { profile: 'hexo', timeZone: 'Mars/Olympus' }), { code: 'render.time-zone' });
});

test('dates: an undated item takes `now`; without it, no date key (jekyll, whose file names need one, refuses)', () => {
  const item = minimalItem({ published: null });
  const dated = renderPost(item, { profile: 'hexo', now: '2024-05-06T07:08:09Z' });
  assert.equal(frontMatterOf(dated.content)['date'], '2024-05-06T07:08:09+00:00');
  const undated = renderPost(item, { profile: 'hexo' });
  assert.equal(frontMatterOf(undated.content)['date'], undefined);
  assert.match(undated.path, /^undated\//);
  assert.throws(() => renderPost(item, { profile: 'jekyll' }), { code: 'render.no-date' });
});

test('titles: HTML titles become plain text; empty ones fall back to the text, the link, the id', () => {
  const html = renderPost(minimalItem({ title: '<b>Bold</b> &amp; <i>bright</i>&#8211;ok' }), { profile: 'hexo' });
  assert.equal(frontMatterOf(html.content)['title'], 'Bold & bright–ok');
  const empty = renderPost(minimalItem({ title: '  ', content: '<p>First words of the article.</p>' }), { profile: 'hexo' });
  assert.equal(frontMatterOf(empty.content)['title'], 'First words of the article.');
  const bare = renderPost(minimalItem({ title: null, content: null }), { profile: 'hexo' });
  assert.equal(frontMatterOf(bare.content)['title'], 'https://example.org/a');
});

test('lead image: first content image, else an image enclosure, else the media image; data: URIs skipped', () => {
  const lead = (item: RenderItem) => frontMatterOf(renderPost(item, { profile: 'hexo' }).content)['headimg'];
  assert.equal(lead(minimalItem({ content: '<p><img src="data:image/gif;base64,R0" /><img src="https://x.org/a.jpg?a=1&amp;b=2" /></p>' })), 'https://x.org/a.jpg?a=1&b=2');
  const enclosures = [{ url: 'https://x.org/e.png', type: 'image/png', length: null }];
  assert.equal(lead(minimalItem({ enclosures, image: 'https://x.org/m.jpg' })), 'https://x.org/e.png');
  assert.equal(lead(minimalItem({ image: 'https://x.org/m.jpg' })), 'https://x.org/m.jpg');
  assert.equal(lead(minimalItem()), undefined);
});

test('overrides: front-matter extras replace in place, append, and null removes', () => {
  const post = renderPost(minimalItem(), {
    profile: 'hexo',
    overrides: { frontMatter: { comments: true, layout: 'post', author: null } },
  });
  const data = frontMatterOf(post.content);
  assert.deepEqual(Object.keys(data), ['title', 'comments', 'date', 'source_url', 'layout']);
  assert.equal(data['comments'], true);
  assert.throws(
    () => renderPost(minimalItem(), { profile: 'hexo', overrides: { frontMatter: { 'bad key:': 1 } } }),
    { code: 'render.front-matter-key' },
  );
});

test('hexo: template syntax in an HTML body is raw-wrapped; in a Markdown body it turns Nunjucks off', () => {
  const item = minimalItem({ content: '<p>{{ x }} {% endraw %}</p>' });
  const html = renderPost(item, { profile: 'hexo' });
  assert.equal(splitPost(html.content).body, '\n{% raw %}\n<div>\n<p>{{ x }} {% endraw %}{{ "{" }}{% raw %}% endraw %}</p>\n</div>\n{% endraw %}\n');
  assert.equal(frontMatterOf(html.content)['disableNunjucks'], undefined);
  const markdown = renderPost(item, { profile: 'hexo', overrides: { body: 'markdown' } });
  assert.equal(frontMatterOf(markdown.content)['disableNunjucks'], true);
  assert.doesNotMatch(markdown.content, /\{% raw %\}/);
  const plain = renderPost(minimalItem({ content: '<p>{ braces } alone</p>' }), { profile: 'hexo' });
  assert.doesNotMatch(plain.content, /raw|disableNunjucks/);
});

test('hexo: blank lines inside the HTML cannot end the <div> block early (Markdown HTML-block rule)', () => {
  const post = renderPost(minimalItem({ content: '<p>a</p>\n\n\n    <p>indented</p>\n<pre>x\n\n  y</pre>' }), { profile: 'hexo' });
  const { body } = splitPost(post.content);
  assert.doesNotMatch(body.trim(), /\n[ \t]*\n/);
  assert.match(body, /<pre>x&#10;\n {2}y<\/pre>/);
});

test('links: tracking parameters are removed from source_url; other parameters stay', () => {
  const post = renderPost(minimalItem({ link: 'https://example.org/p?id=7&utm_source=rss&fbclid=abc' }), { profile: 'hugo' });
  assert.equal(frontMatterOf(post.content)['source_url'], 'https://example.org/p?id=7');
});

test('unknown profile and bad body setting are InputErrors', () => {
  assert.throws(() => renderPost(minimalItem(), { profile: 'wordpress' as never }), { code: 'render.profile' });
  assert.throws(() => renderPost(minimalItem(), { profile: 'hexo', overrides: { body: 'pdf' as never } }), { code: 'render.body' });
  assert.throws(() => renderPost(minimalItem(), { profile: 'hexo', overrides: { folderLayout: '{year}/{week}' } }), { code: 'render.folder-layout' });
});

test('folder layout {group}/{site}/{channel}: one folder per channel, missing levels add none', async () => {
  const { postFolder } = await import('./index.ts');
  const date = { year: '2022', month: '02', day: '02' };
  assert.equal(postFolder('{group}/{site}/{channel}', { date, source: null, categories: ['新媒体', 'Aljazeera 半岛网', '新闻'] }), '新媒体/Aljazeera-半岛网/新闻');
  assert.equal(postFolder('{group}/{site}/{channel}', { date, source: null, categories: ['博客'] }), '博客');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readOpml, readSourceList } from './index.ts';
import { writeOpml } from '../../publish/opml.ts';
import { InputError } from '../../errors.ts';

// Shapes as the readers write them (trimmed from their exports).
const MINIFLUX = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
    <head><title>Miniflux</title><dateCreated>Wed, 02 Feb 2022 02:38:07 UTC</dateCreated></head>
    <body>
        <outline text="News">
            <outline title="Aljazeera 半岛网 - 新闻" text="Aljazeera 半岛网 - 新闻" xmlUrl="https://rsshub.app/aljazeera/chinese/news" htmlUrl="https://chinese.aljazeera.net/news"></outline>
            <outline title="BBC" text="BBC" xmlUrl="https://feeds.bbci.co.uk/news/rss.xml" htmlUrl="https://www.bbc.co.uk/news"></outline>
        </outline>
        <outline text="All">
            <outline title="Blog" text="Blog" xmlUrl="https://blog.example.com/feed" htmlUrl="https://blog.example.com/"></outline>
        </outline>
    </body>
</opml>`;

const FEEDLY_NESTED = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>Feedly &amp; friends</title></head>
  <body>
    <outline text="新媒体" title="新媒体">
      <outline text="Aljazeera 半岛网" title="Aljazeera 半岛网">
        <outline type="rss" text="新闻" title="新闻" xmlUrl="rsshub:///aljazeera/chinese/news"/>
      </outline>
    </outline>
    <outline type="rss" text="Loose" xmlUrl="https://loose.example/rss" category="/Tech/Linux,/Other"/>
    <outline type="rss" text="Dup" xmlUrl="https://loose.example/rss"/>
  </body>
</opml>`;

test('Miniflux OPML: one folder level becomes one category', () => {
  const result = readOpml(MINIFLUX);
  assert.equal(result.title, 'Miniflux');
  assert.deepEqual(
    result.sources.map((s) => [s.url, s.name, s.categories]),
    [
      ['https://rsshub.app/aljazeera/chinese/news', 'Aljazeera 半岛网 - 新闻', ['News']],
      ['https://feeds.bbci.co.uk/news/rss.xml', 'BBC', ['News']],
      ['https://blog.example.com/feed', 'Blog', ['All']],
    ],
  );
  assert.equal(result.sources[0]!.htmlUrl, 'https://chinese.aljazeera.net/news');
});

test('nested outlines become group / site / channel; OPML 1.0 category attribute; duplicates warned', () => {
  const result = readOpml(FEEDLY_NESTED);
  assert.equal(result.title, 'Feedly & friends');
  assert.deepEqual(result.sources[0]!.categories, ['新媒体', 'Aljazeera 半岛网']);
  assert.deepEqual(result.sources[1]!.categories, ['Tech', 'Linux']);
  assert.equal(result.sources.length, 2);
  assert.ok(result.warnings.some((w) => w.includes('listed twice')));
});

test('a file that is not OPML is a clear InputError', () => {
  assert.throws(() => readOpml('<rss version="2.0"><channel/></rss>', 'subs.opml'), (error: unknown) => {
    return error instanceof InputError && /no OPML found in subs\.opml/.test(error.message);
  });
});

test('writeOpml round-trips through readOpml with categories kept', () => {
  const sources = [
    { url: 'rsshub:///aljazeera/chinese/news', name: 'Aljazeera 半岛网 - 新闻', categories: ['新媒体', 'Aljazeera 半岛网', '新闻'] },
    { url: 'https://a.example/feed?x=1&y=2', name: 'Quotes "and" <angles>', categories: ['新媒体', 'Aljazeera 半岛网', '观点'] },
    { url: 'https://b.example/rss', name: null, categories: [] },
  ];
  const xml = writeOpml(sources, { title: 'Tidings', now: new Date('2022-02-02T02:38:07Z') });
  const back = readOpml(xml);
  assert.equal(back.title, 'Tidings');
  // Feeds at a level are written before its folders, so compare by URL.
  const byUrl = (list: Array<{ url: string; categories: string[] }>) => list.map((s) => [s.url, s.categories]).sort();
  assert.deepEqual(byUrl(back.sources), byUrl(sources));
  assert.equal(back.sources.find((s) => s.url.startsWith('https://a.'))!.name, 'Quotes "and" <angles>');
  assert.equal(back.sources.find((s) => s.url.startsWith('https://b.'))!.name, 'https://b.example/rss');
});

test('YAML source list: group → site → channel → URL(s)', () => {
  const result = readSourceList(`
新媒体:
  Aljazeera 半岛网:
    新闻: rsshub:///aljazeera/chinese/news
    观点:
      - https://example.com/opinion.xml
      - https://example.com/opinion2.xml
传统媒体:
  - https://loose.example/rss
`);
  assert.deepEqual(
    result.sources.map((s) => [s.url, s.name, s.categories]),
    [
      ['rsshub:///aljazeera/chinese/news', 'Aljazeera 半岛网 - 新闻', ['新媒体', 'Aljazeera 半岛网', '新闻']],
      ['https://example.com/opinion.xml', 'Aljazeera 半岛网 - 观点', ['新媒体', 'Aljazeera 半岛网', '观点']],
      ['https://example.com/opinion2.xml', 'Aljazeera 半岛网 - 观点', ['新媒体', 'Aljazeera 半岛网', '观点']],
      ['https://loose.example/rss', '传统媒体', ['传统媒体']],
    ],
  );
});

test('YAML source list: bad YAML and non-URL leaves are reported, not guessed', () => {
  assert.throws(() => readSourceList('a: [unclosed', 'subs.yaml'), /subs\.yaml is not valid YAML/);
  const result = readSourceList('group:\n  site: 42\n');
  assert.equal(result.sources.length, 0);
  assert.match(result.warnings[0]!, /group \/ site: 42 is not a URL/);
});

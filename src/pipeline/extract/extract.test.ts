// Extract stage tests: named Chinese fixtures (testdata/<case>/input.html) and a scoring run
// over the shared Readability corpus (see ../shared/corpus/readability/score-spec.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractArticle, stripTitleSuffix, type Article } from './index.ts';
import { parseDate } from '../../lib/date.ts';
import { f1, htmlToText, norm, resultText, tokenize } from './testdata/content-score.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string): string => readFileSync(path.join(here, 'testdata', name, 'input.html'), 'utf8');

// ---------------------------------------------------------------------------
// Named fixtures

test('chinese portal: title suffix, 来源/作者 line, 年月日 time (UTC+8)', () => {
  const a = extractArticle(fixture('cn-portal-info-bar'), { url: 'https://news.example.cn/2022/02/02/a.html' });
  assert.equal(a.title, '冬奥会开幕在即 各项筹备工作就绪');
  assert.equal(a.byline, '张三');
  assert.equal(a.published, '2022-02-02T02:38:00Z');
  assert.equal(a.lang, 'zh-CN');
  assert.equal(a.image, 'https://news.example.cn/images/2022/stadium.jpg');
  assert.ok(a.content !== null && a.content.includes('国家体育场'));
  assert.ok(a.content!.includes('src="https://news.example.cn/images/2022/stadium.jpg"'), 'relative image resolved');
  assert.ok(!/<script/iu.test(a.content!), 'sanitized');
  assert.equal(a.excerpt, '北京冬奥会开幕在即，记者从组委会获悉，各项筹备工作已经就绪。');
});

test('chinese newspaper: " - XX日报" suffix, meta published_time, og:site_name, og:image', () => {
  const a = extractArticle(fixture('cn-daily-meta'), { url: 'https://paper.example.com/html/2021-05/06/c_1.htm' });
  assert.equal(a.title, '长江流域全面禁渔一年来成效初显');
  assert.equal(a.siteName, '人民日报');
  assert.equal(a.published, '2021-05-06T00:30:00Z');
  assert.equal(a.byline, '李四');
  assert.equal(a.image, 'https://img.example.com/og/fish.jpg');
  assert.equal(a.excerpt, '禁渔一年，长江水生生物资源恢复向好。');
  assert.ok(a.textContent !== null && a.textContent.includes('江豚'));
});

test('chinese channel page: "标题_科技_XX网" suffix chain, JSON-LD datePublished and author', () => {
  const a = extractArticle(fixture('cn-channel-jsonld'), { url: 'http://tech.example.com.cn/a/20230315/123.shtml' });
  assert.equal(a.title, '国产大飞机完成首次商业载客飞行');
  assert.equal(a.byline, '王五');
  assert.equal(a.published, '2023-03-15T01:00:00Z');
  assert.equal(a.lang, null);
  assert.equal(a.image, 'http://tech.example.com.cn/pic/c919.png', 'first content image when no og:image');
});

// ---------------------------------------------------------------------------
// Corpus score (metric version 1 of score-spec.md)

const shared = path.resolve(process.cwd(), '../shared');
const corpus = path.join(shared, 'corpus', 'readability');
const URL_ = 'http://fakehost/test/page.html';

test('readability corpus score', { timeout: 120_000 }, async (t) => {
  if (!existsSync(corpus)) {
    t.skip(`corpus not found at ${corpus} (needs the shared checkout next to the repo)`);
    return;
  }
  const names = readdirSync(path.join(corpus, 'pages')).sort();
  let sumF1 = 0;
  let good = 0;
  let titleExact = 0;
  let titleNorm = 0;
  let bylineExact = 0;
  let bylineNorm = 0;
  let bylineWanted = 0;
  let bylineWantedHit = 0;
  let errors = 0;
  let time = 0;
  const scores: Array<[number, string]> = [];
  const titleMisses: string[] = [];
  const bylineMisses: string[] = [];
  let titleStripped = 0;
  let pubWanted = 0;
  let pubHit = 0;
  let langWanted = 0;
  let langHit = 0;
  for (const name of names) {
    const dir = path.join(corpus, 'pages', name);
    const source = readFileSync(path.join(dir, 'source.html'), 'utf8').trim();
    const expectedHtml = readFileSync(path.join(dir, 'expected.html'), 'utf8').trim();
    const meta = JSON.parse(readFileSync(path.join(dir, 'expected-metadata.json'), 'utf8')) as {
      title: string | null;
      byline: string | null;
      siteName: string | null;
      publishedTime: string | null;
      lang?: string;
    };
    let article: Article | null = null;
    const t0 = performance.now();
    try {
      article = extractArticle(source, { url: URL_ });
    } catch {
      errors++;
    }
    time += performance.now() - t0;
    const actualText = resultText(article);
    const score = f1(tokenize(htmlToText(expectedHtml)), tokenize(actualText));
    sumF1 += score;
    if (score >= 0.9) good++;
    scores.push([score, name]);
    if ((meta.title ?? null) === (article?.title ?? null)) titleExact++;
    if (norm(meta.title) === norm(article?.title)) titleNorm++;
    else titleMisses.push(`${name}: ${JSON.stringify(article?.title)} ≠ ${JSON.stringify(meta.title)}`);
    // Article.title drops site suffixes on purpose; Readability's expected title keeps them.
    const expectedStripped = meta.title === null ? null : stripTitleSuffix(meta.title, meta.siteName);
    if (norm(expectedStripped) === norm(article?.title)) titleStripped++;
    if (meta.publishedTime != null) {
      pubWanted++;
      if (parseDate(meta.publishedTime) === article?.published) pubHit++;
    }
    if (meta.lang != null) {
      langWanted++;
      if (meta.lang === article?.lang) langHit++;
    }
    if ((meta.byline ?? null) === (article?.byline ?? null)) bylineExact++;
    else bylineMisses.push(`${name}: ${JSON.stringify(article?.byline)} ≠ ${JSON.stringify(meta.byline)}`);
    if (norm(meta.byline) === norm(article?.byline)) bylineNorm++;
    if (meta.byline != null) {
      bylineWanted++;
      if (norm(meta.byline) === norm(article?.byline)) bylineWantedHit++;
    }
    await new Promise((r) => setImmediate(r));
  }
  const n = names.length;
  const meanF1 = sumF1 / n;
  const share = good / n;
  scores.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1));
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  console.log(
    [
      `readability corpus: ${n} pages, ICU ${process.versions.icu}, extract time ${(time / 1000).toFixed(1)} s, errors ${errors}`,
      `  mean F1 ${meanF1.toFixed(5)}, F1 ≥ 0.9 on ${pct(share)}`,
      `  title exact ${pct(titleExact / n)}, normalized ${pct(titleNorm / n)}, normalized after stripping site suffixes from the expected title too ${pct(titleStripped / n)}`,
      `  published on ${pubWanted} pages with one ${pct(pubHit / pubWanted)}, lang on ${langWanted} pages with one ${pct(langHit / langWanted)}`,
      `  byline exact ${pct(bylineExact / n)}, normalized ${pct(bylineNorm / n)}, normalized on ${bylineWanted} pages with one ${pct(bylineWantedHit / bylineWanted)}`,
      `  worst: ${scores.slice(0, 10).map(([s, nm]) => `${nm} ${s.toFixed(3)}`).join(', ')}`,
      `  title misses: ${titleMisses.join('; ')}`,
      `  byline misses (exact): ${bylineMisses.join('; ')}`,
    ].join('\n'),
  );
  // Floors: what this extractor reaches today; raise them when it gets better.
  assert.equal(errors, 0);
  assert.equal(n, 130);
  // 0.99638: mathjax 0.54 (Readability 0.6.0 drops MathJax), nytimes-3/-4 one token each, and gmw
  // (0.999) and qq (0.996) lose the [责任编辑:…] lines that Readability keeps and Tidings takes off Chinese bodies.
  assert.ok(meanF1 >= 0.9963, `mean F1 ${meanF1}`);
  assert.ok(good >= 129, `pages with F1 ≥ 0.9: ${good}`);
  assert.ok(titleNorm >= 119, `title normalized matches: ${titleNorm}`); // 9 misses are site suffixes stripped on purpose
  assert.ok(titleStripped >= 128, `title matches after stripping both: ${titleStripped}`); // mercurial, title-en-dash: Readability 0.6.0
  assert.ok(bylineNorm >= 128, `byline normalized matches: ${bylineNorm}`); // buzzfeed-1, tumblr: our meta fallback finds one
  assert.ok(pubHit >= 33, `published matches: ${pubHit}`);
  // The Chinese and Japanese pages of the corpus (its README): each must reach 0.95 on its own.
  const cjk = ['gmw', 'qq', 'youth', 'pixnet', 'hukumusume', 'yahoo-4'];
  const byName = new Map(scores.map(([score, name]) => [name, score]));
  t.diagnostic(`  CJK pages: ${cjk.map((name) => `${name} ${byName.get(name)?.toFixed(3)}`).join(', ')}`);
  for (const name of cjk) assert.ok((byName.get(name) ?? 0) >= 0.95, `${name}: F1 ${byName.get(name)}`);
});

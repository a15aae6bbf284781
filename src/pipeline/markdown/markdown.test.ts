import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import MarkdownIt from 'markdown-it';
import * as markdownStage from './index.ts';
import { htmlToMarkdown } from './index.ts';
import { convertHtmlToMarkdown } from './html-to-markdown.ts';
import { corpusMissingReason, newsBodies, readabilityPages, visibleText, type CorpusDocument } from './testdata/corpus.ts';
import { randomArticleHtml, seededRandom } from './testdata/random-html.ts';

const TESTDATA = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testdata');
const UPDATE = process.env.UPDATE === '1';
/** Renders like a permissive site generator: raw HTML on, so any HTML the Markdown carried would show up. */
const markdownIt = new MarkdownIt({ html: true });

/** Tags markdown-it writes for Markdown syntax; anything else in its output came from raw HTML. */
const MARKDOWN_TAGS = /^(?:p|a|img|em|strong|s|code|pre|h[1-6]|ul|ol|li|blockquote|hr|br|table|thead|tbody|tr|th|td)$/;

function rawHtmlTags(rendered: string): string[] {
  return [...rendered.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1].toLowerCase()).filter((t) => !MARKDOWN_TAGS.test(t));
}

test('the public surface is htmlToMarkdown alone', () => {
  assert.deepEqual(Object.keys(markdownStage).sort(), ['htmlToMarkdown']);
});

// One folder per construct: input.html, expected.md, and options.json ({ baseUrl?, textChanges? })
// when the case needs a base URL or, with a reason, changes the visible text on purpose.
const cases = readdirSync(TESTDATA).filter((name) => statSync(path.join(TESTDATA, name)).isDirectory()).sort();

for (const name of cases) {
  test(`fixture ${name}`, () => {
    const dir = path.join(TESTDATA, name);
    const input = readFileSync(path.join(dir, 'input.html'), 'utf8');
    const optionsFile = path.join(dir, 'options.json');
    const options = existsSync(optionsFile) ? JSON.parse(readFileSync(optionsFile, 'utf8')) : {};
    const actual = `${htmlToMarkdown(input, { baseUrl: options.baseUrl ?? null })}\n`;
    const expectedFile = path.join(dir, 'expected.md');
    if (UPDATE) writeFileSync(expectedFile, actual);
    assert.ok(existsSync(expectedFile), `${expectedFile} is missing (run with UPDATE=1 to write it, then review it)`);
    assert.equal(actual, readFileSync(expectedFile, 'utf8'));

    const rendered = markdownIt.render(actual);
    assert.deepEqual(rawHtmlTags(rendered), [], 'the Markdown carries no raw HTML');
    if (!options.textChanges) assert.equal(visibleText(rendered), visibleText(input), 'rendered back, the text is the same');
  });
}

// Small named cases, each with the rule it pins.
const named: Array<{ name: string; html: string; markdown: string; options?: { baseUrl?: string | null } }> = [
  { name: 'empty input gives empty output', html: '', markdown: '' },
  { name: 'whitespace-only input gives empty output', html: ' \n\t ', markdown: '' },
  { name: 'plain text outside any element', html: '中文文本', markdown: '中文文本' },
  { name: '<br> between CJK lines is a backslash hard break, not a space', html: '<p>甲<br>乙</p>', markdown: '甲\\\n乙' },
  { name: 'a source newline between CJK characters stays a newline', html: '<p>甲\n乙</p>', markdown: '甲\n乙' },
  { name: 'CJK punctuation is never escaped', html: '<p>「」《》（）【】，。！？：；～＃＊</p>', markdown: '「」《》（）【】，。！？：；～＃＊' },
  { name: 'text <script> stays escaped text', html: '<p>&lt;script&gt;x&lt;/script&gt;</p>', markdown: '\\<script>x\\</script>' },
  { name: 'text that reads as an entity is escaped', html: '<p>&amp;lt;</p>', markdown: '\\&lt;' },
  { name: 'strong around full-width quotes moves the quotes out', html: '<p>说<strong>“好”</strong>了</p>', markdown: '说“**好**”了' },
  { name: 'strong around a link goes inside the brackets, where it parses next to CJK text', html: '<p>甲<strong><a href="https://e.org/">乙</a></strong>丙</p>', markdown: '甲[**乙**](https://e.org/)丙' },
  { name: 'strong that cannot flank (code at its edge, CJK outside) is dropped, text kept', html: '<p>甲<strong><code>x</code>乙</strong>丙</p>', markdown: '甲`x`乙丙' },
  { name: 'adjacent emphasis elements merge instead of running into `**`', html: '<p><em>b</em><em>y</em></p>', markdown: '*by*' },
  { name: 'link text equal to its URL is an autolink', html: '<a href="https://e.org/x">https://e.org/x</a>', markdown: '<https://e.org/x>' },
  { name: '&amp; in a URL is a plain &', html: '<a href="https://e.org/?a=1&amp;b=2">q</a>', markdown: '[q](https://e.org/?a=1&b=2)' },
  { name: 'relative URLs resolve against baseUrl', html: '<a href="/x">x</a> <img src="y.png">', markdown: '[x](https://e.org/x) ![](https://e.org/a/y.png)', options: { baseUrl: 'https://e.org/a/b' } },
  { name: 'an unusable baseUrl leaves URLs as written', html: '<a href="/x">x</a>', markdown: '[x](/x)', options: { baseUrl: 'not a url' } },
  { name: 'empty link is dropped', html: '<p>a<a href="https://e.org/"></a>b</p>', markdown: 'ab' },
  { name: 'image without src is dropped', html: '<p>a<img alt="x">b</p>', markdown: 'ab' },
  { name: 'script and style contents never become text', html: '<p>a</p><script>alert(1)</script><style>p{}</style>', markdown: 'a' },
  { name: 'marker characters in the input are removed', html: '<p>a\uFDD0b\uFDD1c\uFDD2d</p>', markdown: 'abcd' },
  { name: 'a source line that reads as a table delimiter row is escaped', html: '<p>a | b\n-|-</p>', markdown: 'a | b\n\\-|-' },
  { name: 'a ! before a link does not make it an image', html: '<p>注意!<a href="https://e.org/">链接</a></p>', markdown: '注意\\![链接](https://e.org/)' },
  { name: 'nesting deeper than any article falls back to the text', html: `${'<div>'.repeat(3000)}deep${'</div>'.repeat(3000)}`, markdown: 'deep' },
  { name: 'a code fence is longer than any backtick run inside', html: '<pre><code>````</code></pre>', markdown: '`````\n````\n`````' },
  { name: 'trailing whitespace is trimmed, blank lines collapsed', html: '<p>a   </p><p></p><p></p><p>b&nbsp;</p>', markdown: 'a\n\nb' },
];

for (const c of named) {
  test(`htmlToMarkdown: ${c.name}`, () => {
    assert.equal(htmlToMarkdown(c.html, c.options), c.markdown);
  });
}

test('htmlToMarkdown never throws, whatever it is given', () => {
  const inputs: unknown[] = [
    null, undefined, 42, {}, '<', '<<<>>>', '</p></div>', '<table><td>x', '<li>stray item', '<pre>',
    `${'<div>'.repeat(20000)}deep${'</div>'.repeat(20000)}`,
    `${'<b>'.repeat(5000)}bold`,
    '<p>\uD800 lone surrogate \uDFFF</p>',
    '<a href="http://[bad">bad url</a>',
    '<img src="javascript:alert(1)" alt="x">',
  ];
  for (const input of inputs) {
    assert.doesNotThrow(() => htmlToMarkdown(input as string, { baseUrl: 'https://e.org/' }));
    assert.equal(typeof htmlToMarkdown(input as string), 'string');
  }
});

test('random hostile HTML: never throws, never raw HTML, and the text survives', () => {
  const random = seededRandom(20240601);
  const runs = 1000;
  let sameText = 0;
  const differ: string[] = [];
  for (let i = 0; i < runs; i++) {
    const html = randomArticleHtml(random);
    const markdown = convertHtmlToMarkdown(html);
    const rendered = markdownIt.render(markdown);
    assert.deepEqual(rawHtmlTags(rendered), [], `raw HTML from ${JSON.stringify(html)}`);
    // Whitespace aside: next to <br> in inline code, say, renderers and CSS disagree on spaces.
    if (visibleText(rendered).replace(/\s+/g, '') === visibleText(html).replace(/\s+/g, '')) sameText++;
    else differ.push(html);
  }
  console.log(`random HTML: ${sameText}/${runs} keep their visible text${differ.length ? `; shortest that does not: ${JSON.stringify(differ.sort((a, b) => a.length - b.length)[0])}` : ''}`);
  // The misses are emphasis nested three deep with punctuation on every edge, which no article has.
  assert.ok(sameText / runs >= 0.99, `only ${sameText}/${runs}`);
});

// Whole corpora: real feed item bodies (UTF-8, GB18030, Big5, Atom) and the readability pages.

const skipReason = corpusMissingReason();
if (skipReason) console.log(`markdown corpus tests skipped: ${skipReason}`);

// Each corpus is read and converted once, shared by the tests below.
const corpora = new Map<string, CorpusDocument[]>();
function corpus(name: 'news' | 'readability' | 'readability-source'): CorpusDocument[] {
  let docs = corpora.get(name);
  if (!docs) {
    docs = name === 'news' ? newsBodies() : readabilityPages(name === 'readability' ? 'expected.html' : 'source.html');
    corpora.set(name, docs);
  }
  return docs;
}
const converted = new Map<CorpusDocument, { markdown: string } | { error: unknown }>();
function convert(doc: CorpusDocument): { markdown: string } | { error: unknown } {
  let result = converted.get(doc);
  if (!result) {
    try {
      result = { markdown: convertHtmlToMarkdown(doc.html, doc.baseUrl) }; // the conversion itself, without the fallback
    } catch (error) {
      result = { error };
    }
    converted.set(doc, result);
  }
  return result;
}

interface RoundTrip {
  total: number;
  exact: number;
  ignoringWhitespace: number;
  failures: string[];
}

function roundTrip(docs: CorpusDocument[]): RoundTrip {
  const result: RoundTrip = { total: docs.length, exact: 0, ignoringWhitespace: 0, failures: [] };
  for (const doc of docs) {
    const conversion = convert(doc);
    const before = visibleText(doc.html);
    const after = 'markdown' in conversion ? visibleText(markdownIt.render(conversion.markdown)) : '';
    if (before === after) result.exact++;
    else result.failures.push(doc.name);
    if (before.replace(/\s+/g, '') === after.replace(/\s+/g, '')) result.ignoringWhitespace++;
  }
  return result;
}

function report(label: string, r: RoundTrip): void {
  const pct = (n: number): string => `${((100 * n) / r.total).toFixed(1)}%`;
  console.log(
    `${label}: ${r.exact}/${r.total} (${pct(r.exact)}) render back to the same visible text, ` +
      `${r.ignoringWhitespace} (${pct(r.ignoringWhitespace)}) ignoring whitespace` +
      (r.failures.length ? `; differ: ${r.failures.slice(0, 10).join(', ')}` : ''),
  );
}

test('news feed bodies render back to the same visible text', { skip: skipReason ?? false }, () => {
  const r = roundTrip(corpus('news'));
  report('news corpus round trip', r);
  assert.ok(r.total > 4000, `expected the whole news corpus, got ${r.total} bodies`);
  assert.ok(r.exact / r.total >= 0.99, `only ${r.exact}/${r.total} round-trip exactly`);
});

test('readability articles render back to the same visible text', { skip: skipReason ?? false }, () => {
  const r = roundTrip(corpus('readability'));
  report('readability round trip', r);
  assert.ok(r.total >= 130);
  assert.ok(r.exact / r.total >= 0.97, `only ${r.exact}/${r.total} round-trip exactly`);
});

test('over every corpus document the converter never throws and the Markdown renders no raw HTML', { skip: skipReason ?? false }, () => {
  // The readability sources are whole pages, scripts and all: not sanitized, so a harder test.
  const docs = [...corpus('news'), ...corpus('readability'), ...corpus('readability-source')];
  const problems: string[] = [];
  for (const doc of docs) {
    const conversion = convert(doc);
    if ('error' in conversion) {
      problems.push(`${doc.name}: threw ${String(conversion.error)}`);
      continue;
    }
    const rendered = markdownIt.render(conversion.markdown);
    if (/<script/i.test(rendered)) problems.push(`${doc.name}: <script in the rendered Markdown`);
    const raw = rawHtmlTags(rendered);
    if (raw.length) problems.push(`${doc.name}: raw HTML <${raw[0]}>`);
  }
  assert.deepEqual(problems, []);
});

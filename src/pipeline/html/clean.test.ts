import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeHTML } from 'entities';
import { cleanHtml, REWRITE_RULES, type CleanOptions, type RewriteRuleName } from './clean.ts';
import { assertNothingExecutable, loadNewsFields, NO_CORPUS, SHARED, silenceConsole } from './testdata/corpus-helpers.ts';

const UPDATE = process.env.UPDATE === '1';
const TESTDATA = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testdata');
const BASE = 'https://news.example.com/2024/05/story.html';

/** One rule's case: the output with every rule on (the default), and with this one rule off. */
interface RuleCase {
  name: string;
  input: string;
  on: string;
  off: string;
  options?: CleanOptions;
}

const RULE_CASES: Record<RewriteRuleName, RuleCase[]> = {
  absoluteUrls: [
    {
      name: 'relative link and image resolved against baseUrl',
      input: '<p><a href="/a">x</a> <img src="b.jpg"></p>',
      on: '<p><a href="https://news.example.com/a">x</a> <img src="https://news.example.com/2024/05/b.jpg" referrerpolicy="no-referrer" /></p>',
      off: '<p><a href="/a">x</a> <img src="b.jpg" referrerpolicy="no-referrer" /></p>',
    },
  ],
  lazyImages: [
    {
      name: 'loading.gif placeholder takes data-original; the <noscript> copy goes',
      input: '<p><img src="https://mat1.example.cn/loading.gif" data-original="//img.example.cn/1.jpg"><noscript><img src="https://img.example.cn/1.jpg"></noscript></p>',
      on: '<p><img src="https://img.example.cn/1.jpg" referrerpolicy="no-referrer" /></p>',
      off: '<p><img src="https://mat1.example.cn/loading.gif" referrerpolicy="no-referrer" /><img src="https://img.example.cn/1.jpg" referrerpolicy="no-referrer" /></p>',
    },
  ],
  noReferrer: [
    {
      name: 'referrerpolicy="no-referrer" added to images',
      input: '<img src="https://img.example.cn/a.jpg" alt="a">',
      on: '<img src="https://img.example.cn/a.jpg" alt="a" referrerpolicy="no-referrer" />',
      off: '<img src="https://img.example.cn/a.jpg" alt="a" />',
    },
  ],
  stripTracking: [
    {
      name: 'utm_* off a link, spm off an image, the rest byte-identical',
      input: '<a href="https://e.com/a%20b?utm_source=rss&amp;id=1#c">x</a><img src="https://img.e.com/a.jpg?spm=a1&amp;w=770">',
      on: '<a href="https://e.com/a%20b?id=1#c">x</a><img src="https://img.e.com/a.jpg?w=770" referrerpolicy="no-referrer" />',
      off: '<a href="https://e.com/a%20b?utm_source=rss&amp;id=1#c">x</a><img src="https://img.e.com/a.jpg?spm=a1&amp;w=770" referrerpolicy="no-referrer" />',
    },
    {
      name: "a source's own parameters (trackingParams)",
      input: '<a href="https://e.com/a?mpshare=1&amp;share_x=2&amp;id=1">x</a>',
      on: '<a href="https://e.com/a?id=1">x</a>',
      off: '<a href="https://e.com/a?mpshare=1&amp;share_x=2&amp;id=1">x</a>',
      options: { trackingParams: ['mpshare', 'share_'] },
    },
  ],
  unwrapRedirects: [
    {
      name: 'track.php?…&t=https://… replaced by its target, then tracking-stripped',
      input: '<a href="https://e.com/track.php?i=1&amp;t=https%3A%2F%2Fsite.example.org%2Fa%3Futm_source%3Drss">x</a>',
      on: '<a href="https://site.example.org/a">x</a>',
      off: '<a href="https://e.com/track.php?i=1&amp;t=https%3A%2F%2Fsite.example.org%2Fa%3Futm_source%3Drss">x</a>',
    },
  ],
  dropPixels: [
    {
      name: '1×1 image and FeedBurner counter dropped; the emptied link and paragraph go too',
      input: '<p>text<img src="https://e.com/p.gif" width="1" height="1"></p><p><a href="https://e.com/"><img src="http://feeds.feedburner.com/~r/X/~4/abc"></a></p>',
      on: '<p>text</p>',
      off: '<p>text<img src="https://e.com/p.gif" width="1" height="1" referrerpolicy="no-referrer" /></p><p><a href="https://e.com/"><img src="http://feeds.feedburner.com/~r/X/~4/abc" referrerpolicy="no-referrer" /></a></p>',
    },
  ],
  collapseEmpty: [
    {
      name: 'blank paragraphs removed, <br> runs cut to two, edge <br> trimmed',
      input: '<p>a</p><p>&nbsp;</p><p><br></p><p>\u3000</p><p><br>b<br><br><br><br>c<br> </p><div> <span></span> </div>',
      on: '<p>a</p><p>b<br /><br />c </p>',
      off: '<p>a</p><p>\u00a0</p><p><br /></p><p>\u3000</p><p><br />b<br /><br /><br /><br />c<br /> </p><div> <span></span> </div>',
    },
    {
      name: 'blank link unwrapped, its space kept between words',
      input: '<p>one<a href="https://e.com/"> </a>two</p>',
      on: '<p>one two</p>',
      off: '<p>one<a href="https://e.com/"> </a>two</p>',
    },
    {
      name: 'line breaks inside <pre> are content',
      input: '<pre>a<br><br><br>b<br></pre>',
      on: '<pre>a<br /><br /><br />b<br /></pre>',
      off: '<pre>a<br /><br /><br />b<br /></pre>',
    },
  ],
  tidyWordPress: [
    {
      name: 'captions kept as figure/figcaption, cruft and footer removed, […] stub tidied',
      input:
        '<div class="wp-caption"><img src="https://e.com/a.jpg"><p class="wp-caption-text">Cap</p></div>' +
        '<figure class="wp-caption"><img src="https://e.com/b.jpg">Loose <b>caption</b></figure>' +
        '<p>Excerpt [&hellip;]</p><div class="sharedaddy"><h3>Share this:</h3><a href="https://e.com/?share=x">X</a></div>' +
        '<p>The post <a href="https://e.com/p">P</a> appeared first on <a href="https://e.com/">E</a>.</p>' +
        '<p>Hi <img class="wp-smiley" src="https://s.w.org/images/core/emoji/14.0.0/72x72/1f600.png" alt="😀"></p>',
      on:
        '<figure><img src="https://e.com/a.jpg" referrerpolicy="no-referrer" /><figcaption>Cap</figcaption></figure>' +
        '<figure><img src="https://e.com/b.jpg" referrerpolicy="no-referrer" /><figcaption>Loose <b>caption</b></figcaption></figure>' +
        '<p>Excerpt…</p><p>Hi 😀</p>',
      off:
        '<div><img src="https://e.com/a.jpg" referrerpolicy="no-referrer" /><p>Cap</p></div>' +
        '<figure><img src="https://e.com/b.jpg" referrerpolicy="no-referrer" />Loose <b>caption</b></figure>' +
        '<p>Excerpt […]</p><div><h3>Share this:</h3><a href="https://e.com/?share=x">X</a></div>' +
        '<p>The post <a href="https://e.com/p">P</a> appeared first on <a href="https://e.com/">E</a>.</p>' +
        '<p>Hi <img src="https://s.w.org/images/core/emoji/14.0.0/72x72/1f600.png" alt="😀" referrerpolicy="no-referrer" /></p>',
    },
    {
      name: 'a figure holding a block after its image is left alone',
      input: '<figure><img src="https://e.com/a.jpg"><p>Not a caption</p></figure>',
      on: '<figure><img src="https://e.com/a.jpg" referrerpolicy="no-referrer" /><p>Not a caption</p></figure>',
      off: '<figure><img src="https://e.com/a.jpg" referrerpolicy="no-referrer" /><p>Not a caption</p></figure>',
    },
  ],
};

for (const rule of REWRITE_RULES) {
  test(`cleanHtml rule ${rule.name}: on by default, and switched off`, async (t) => {
    const cases = RULE_CASES[rule.name];
    assert.ok(cases.length > 0, `no cases for ${rule.name}`);
    for (const c of cases) {
      await t.test(c.name, () => {
        const on: CleanOptions = { baseUrl: BASE, ...c.options };
        const off: CleanOptions = { ...on, rules: { [rule.name]: false } };
        for (const [options, expected] of [[on, c.on], [off, c.off]] as const) {
          const once = cleanHtml(c.input, options);
          assert.equal(once, expected, options.rules ? 'switched off' : 'default');
          assert.equal(cleanHtml(once, options), once, 'idempotent');
          assertNothingExecutable(once, c.name);
        }
      });
    }
  });
}

test('REWRITE_RULES: one documented row per rule, all on by default', () => {
  assert.deepEqual(REWRITE_RULES.map((r) => r.name), Object.keys(RULE_CASES));
  for (const rule of REWRITE_RULES) {
    assert.ok(rule.doc.length > 20, `${rule.name} is documented`);
    assert.equal(rule.defaultOn, true);
  }
  assert.ok(Object.isFrozen(REWRITE_RULES));
});

test('cleanHtml: every rule off is plain sanitizing', () => {
  const allOff = Object.fromEntries(REWRITE_RULES.map((r) => [r.name, false]));
  const input = '<p><a href="/x?utm_source=a">x</a><img src="p.gif" width="1" height="1"></p><p> </p>';
  assert.equal(cleanHtml(input, { baseUrl: BASE, rules: allOff }), '<p><a href="/x?utm_source=a">x</a><img src="p.gif" width="1" height="1" /></p><p> </p>');
  assert.equal(cleanHtml('', {}), '');
  assert.equal(cleanHtml('just text […]'), 'just text…');
});

// ---------------------------------------------------------------------------------------------
// Fixtures: testdata/<case>/input.html, expected.html and optionally options.json (CleanOptions).
// UPDATE=1 rewrites expected.html; a missing expected.html fails.

const FIXTURES = readdirSync(TESTDATA, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

test('cleanHtml: fixtures', async (t) => {
  assert.ok(FIXTURES.length >= 3, 'fixtures found');
  for (const name of FIXTURES) {
    await t.test(name, () => {
      const dir = path.join(TESTDATA, name);
      const input = readFileSync(path.join(dir, 'input.html'), 'utf8');
      const optionsFile = path.join(dir, 'options.json');
      const options = existsSync(optionsFile) ? (JSON.parse(readFileSync(optionsFile, 'utf8')) as CleanOptions) : {};
      const actual = cleanHtml(input, options);
      const expectedFile = path.join(dir, 'expected.html');
      if (UPDATE) writeFileSync(expectedFile, actual);
      assert.ok(existsSync(expectedFile), `${expectedFile} is missing (run with UPDATE=1 to write it, then review it)`);
      assert.equal(actual, readFileSync(expectedFile, 'utf8'));
      assert.equal(cleanHtml(actual, options), actual, 'idempotent');
      assertNothingExecutable(actual, name);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Properties: generated hostile markup, then the corpora in ../shared.

test('cleanHtml: idempotent and nothing executable on generated markup, any rules switched off', (t) => {
  const logs = silenceConsole(t);
  const pieces = ['<', '>', '</', '/>', '<!--', '-->', '<script>', '</script>', '<p>', '</p>', '<div>', '</div>', '<br>', '<br/>',
    '&nbsp;', ' ', '\n', 'x', '中文', '[…]', '[&hellip;]', '<a href="', '"', '>', '</a>', 'https://e.com/track.php?t=', 'https%3A%2F%2Fs.example%2F',
    '?utm_source=a&id=1', 'javascript:alert(1)', ' onerror=alert(1)', '<img src="', '<img data-src="a.jpg" src="data:image/gif;base64,R0lGODlhAQABA">',
    ' width="1" height="1">', '<figure>', '</figure>', '<figcaption>', '<div class="wp-caption">', '<p class="wp-caption-text">',
    '<div class="sharedaddy">', '<noscript>', '</noscript>', '<span>', '</span>', '<li>', '<ul>', '<pre>', '</pre>', '<table><td>',
    'The post ', ' appeared first on ', '<img src="https://s.w.org/images/core/emoji/1.png" alt="☺">', '<b>', '<font>', '<svg>',
    '<picture><source data-srcset="b.webp">', '<img srcset="', ' 2x', '<a href="https://l.facebook.com/l.php?u=https%3A%2F%2Fs.example%2F">'];
  let seed = 4242;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  for (let i = 0; i < 10000; i++) {
    let html = '';
    const n = 1 + (next() % 16);
    for (let j = 0; j < n; j++) html += pieces[next() % pieces.length];
    // Every rule on, or a few switched off at random: each combination must be idempotent.
    const rules = Object.fromEntries(REWRITE_RULES.filter(() => i % 3 !== 0 && next() % 4 === 0).map((r) => [r.name, false]));
    const options: CleanOptions = { baseUrl: i % 2 ? BASE : null, rules };
    const once = cleanHtml(html, options);
    assertNothingExecutable(once, JSON.stringify(html));
    assert.equal(cleanHtml(once, options), once, `not idempotent: ${JSON.stringify(html)} -> ${JSON.stringify(once)}`);
  }
  assert.equal(logs(), 0, 'a pure stage does not log');
});

const READABILITY_PAGES = path.join(SHARED, 'corpus/readability/pages');
if (NO_CORPUS) console.log(`# clean.test: skipping corpus tests, ${NO_CORPUS}`);

test('corpus: news bodies cleaned twice = once, nothing executable, Chinese text kept, with throughput', { skip: NO_CORPUS }, (t) => {
  const logs = silenceConsole(t);
  const fields = loadNewsFields();
  assert.ok(fields.length > 4000, `only ${fields.length} bodies found`);
  let bytes = 0;
  const started = process.hrtime.bigint();
  const outputs = fields.map((f) => {
    bytes += Buffer.byteLength(f.html);
    return cleanHtml(f.html, { baseUrl: f.base });
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  t.diagnostic(`cleanHtml, first pass, cold: ${fields.length} bodies, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s = ${(bytes / 1e6 / seconds).toFixed(1)} MB/s`);
  const cjk = (s: string) => (s.match(/[\u4e00-\u9fff]/g) ?? []).join('');
  const visible = (html: string) => decodeHTML(html.replace(/<(script|style|iframe|svg|title|noembed|noframes)\b[\s\S]*?<\/\1>|<[^>]*>/gi, ''));
  let lost = 0;
  outputs.forEach((once, i) => {
    const where = `news body ${i} (${fields[i].element})`;
    assertNothingExecutable(once, where);
    assert.equal(cleanHtml(once, { baseUrl: fields[i].base }), once, `${where} not idempotent`);
    if (cjk(visible(once)) !== cjk(visible(fields[i].html))) lost++;
  });
  assert.equal(lost, 0, `${lost} of ${fields.length} bodies lost visible Chinese text`);
  assert.equal(logs(), 0, 'a pure stage does not log');
});

test('corpus: readability pages (source and expected) cleaned twice = once, nothing executable', { skip: NO_CORPUS }, (t) => {
  const logs = silenceConsole(t);
  const pages = readdirSync(READABILITY_PAGES).sort();
  assert.ok(pages.length > 100, `only ${pages.length} pages found`);
  for (const page of pages) {
    for (const file of ['source.html', 'expected.html']) {
      const html = readFileSync(path.join(READABILITY_PAGES, page, file), 'utf8');
      const options = { baseUrl: `http://fakehost/test/${page}.html` };
      const once = cleanHtml(html, options);
      assertNothingExecutable(once, `${page}/${file}`);
      assert.equal(cleanHtml(once, options), once, `${page}/${file} not idempotent`);
    }
  }
  assert.equal(logs(), 0, 'a pure stage does not log');
});

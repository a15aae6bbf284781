import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { decodeHTML } from 'entities';
import { sanitizeFastOnly, sanitizeHtml, sanitizeWithLibrary, type SanitizePass } from './sanitize.ts';
import * as htmlStage from './index.ts';
import {
  assertNothingExecutable, collectHtmlFields, decodeFeedBytes, FEEDPARSER, loadNewsFields, NO_CORPUS, resolveBase, silenceConsole,
} from './testdata/corpus-helpers.ts';

const BASE = 'http://example.com/news/2024/story.html';

interface Case {
  name: string;
  input: string;
  /** Exact output, when the rule pins one. */
  expected?: string;
  /** Substrings that must survive. */
  keeps?: string[];
  /** Substrings (case-insensitive) that must not appear. */
  drops?: string[];
  baseUrl?: string | null;
}

const CASES: Case[] = [
  // --- scripts and event handlers
  { name: 'script element dropped with its content', input: 'safe<script>alert(1)</script> description', expected: 'safe description' },
  { name: 'script with attributes and CDATA-like content', input: '<p>a<script type="text/javascript">//<![CDATA[\nalert(1)\n//]]></script>b</p>', expected: '<p>ab</p>' },
  { name: 'unclosed script swallows the rest, as in a browser', input: 'safe<script>alert(1)', expected: 'safe' },
  { name: 'on* attribute removed, element kept', input: '<p onclick="x()" onmouseover=\'y()\'>hi</p>', expected: '<p>hi</p>' },
  { name: '<img src=x onerror> keeps the image, loses the handler', input: '<img src=x onerror=alert(1)>', expected: '<img src="http://example.com/news/2024/x" />', baseUrl: BASE },
  { name: 'handler glued to the previous attribute (feedparser "crazy")', input: '<div notRealAttribute="value"onload="executeMe();"foo="bar">t</div>', expected: '<div>t</div>' },
  { name: 'nested <scr<script>ipt> leaves only inert text', input: '<scr<script>ipt>alert(1)</script>', drops: ['<script', '<scr'] },
  { name: 'comment hiding a script is dropped whole', input: 'a<!-- <script>alert(1)</script> -->b', expected: 'ab' },
  { name: 'malicious comment "-- nonwhitespace >" (feedparser xml_malicious_comment)', input: 'sa<!-- -- nonwhitespace >fe<script>alert(1);</script>', drops: ['<script', 'alert'] },
  { name: 'unclosed comment', input: 'safe<!--', expected: 'safe' },
  { name: 'conditional comment', input: '<!--[if IE]><script>alert(1)</script><![endif]-->ok', expected: 'ok' },
  // --- URL schemes (HTML decodes references in attributes, and browsers skip tabs/newlines in URLs)
  { name: 'javascript: href removed, link text kept', input: '<a href="javascript:alert(1)">x</a>', expected: 'x' },
  { name: 'javascript: upper case', input: '<a href="JaVaScRiPt:alert(1)">x</a>', expected: 'x' },
  { name: 'javascript: with tab reference jav&#x09;ascript:', input: '<a href="jav&#x09;ascript:alert(1)">x</a>', expected: 'x' },
  { name: 'javascript: with newline reference and leading space', input: '<a href=" java&#10;script:alert(1)">x</a>', expected: 'x' },
  { name: 'javascript: fully entity-encoded', input: '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>', expected: 'x' },
  { name: 'javascript: with named reference &colon;', input: '<a href="javascript&colon;alert(1)">x</a>', expected: 'x' },
  { name: 'javascript: with control character', input: '<a href="java\u0001script:alert(1)">x</a>', expected: 'x' },
  { name: 'vbscript: removed', input: '<a href="vbscript:msgbox(1)">x</a>', expected: 'x' },
  { name: 'data: href removed', input: '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>', expected: 'x' },
  { name: 'data:image/* allowed on <img src>', input: '<img src="data:image/png;base64,iVBORw0KGgo=" alt="">', expected: '<img src="data:image/png;base64,iVBORw0KGgo=" alt="" />' },
  { name: 'data:text/html on <img src> removed (and the empty image with it)', input: '<img src="data:text/html,<script>alert(1)</script>">', expected: '' },
  { name: 'data: in srcset removed', input: '<img src="a.jpg" srcset="data:image/png;base64,AA 2x">', expected: '<img src="a.jpg" />' },
  { name: 'javascript: candidate dropped from srcset, others kept', input: '<img srcset="a.jpg 1x, javascript:alert(1) 2x">', expected: '<img srcset="http://example.com/news/2024/a.jpg 1x" />', baseUrl: BASE },
  { name: 'data: poster removed', input: '<video src="v.mp4" poster="data:image/png;base64,AA"></video>', expected: '<video src="v.mp4"></video>' },
  { name: 'javascript: cite removed', input: '<blockquote cite="javascript:alert(1)">q</blockquote>', expected: '<blockquote>q</blockquote>' },
  { name: 'scheme behind an embedded comment: href removed, link unwrapped (sanitize-html drops the comment to find it)', input: '<a href="y<!--z-->:w">x</a>', expected: 'x' },
  { name: 'mailto: kept', input: '<a href="mailto:a@example.com">mail</a>', expected: '<a href="mailto:a@example.com">mail</a>' },
  // --- elements removed
  { name: 'iframe dropped with its content (a browser never renders it)', input: 'safe<iframe src="http://example.com/"> <b>x</b></iframe> description', expected: 'safe description' },
  { name: 'self-closed iframe', input: 'safe<iframe src="http://example.com" /> description', drops: ['<iframe'] },
  { name: 'object unwrapped: its fallback is what browsers show', input: 'safe<object classid="clsid:C932BA85"><param name="x" value="y"> description</object>', expected: 'safe description' },
  { name: 'embed removed', input: 'safe<embed src="http://example.com/"> <b>description</b>', expected: 'safe <b>description</b>' },
  { name: 'applet removed', input: 'safe<applet code="foo.class" codebase="http://example.com/"></applet> <b>description</b>', expected: 'safe <b>description</b>' },
  { name: 'frameset and frame removed', input: 'safe<frameset rows="*"><frame src="http://example.com/"></frameset> description', expected: 'safe description' },
  { name: 'meta refresh removed', input: 'safe<meta http-equiv="Refresh" content="0; URL=http://example.com/"> description', expected: 'safe description' },
  { name: 'link and base removed', input: 'safe<link rel="stylesheet" href="evil.css"><base href="http://evil.example/"> description', expected: 'safe description' },
  { name: 'style element dropped with its content', input: 'safe<style>b {color:red}</style> <b>description</b>', expected: 'safe <b>description</b>' },
  { name: 'form controls removed, form text kept', input: '<form action="http://evil.example/">Name <input name="n"><button onclick="x()">Go</button><select><option>A</option></select><textarea>t</textarea></form>', expected: 'Name ' },
  { name: 'svg dropped with its content', input: '<svg><script>alert(1)</script><a xlink:href="javascript:alert(1)"><text>hi</text></a></svg>after', expected: 'after' },
  { name: 'math mXSS (mglyph/style) leaves nothing', input: '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>', expected: '' },
  { name: 'svg foreignObject', input: '<svg><foreignObject><iframe src="javascript:alert(1)"></iframe></foreignObject></svg>ok', expected: 'ok' },
  { name: 'template content dropped', input: '<template><img src=x onerror=alert(1)></template>ok', expected: 'ok' },
  { name: 'noscript unwrapped (no page script runs in the mirror)', input: '<noscript><img src="http://example.com/a.jpg"></noscript>', expected: '<img src="http://example.com/a.jpg" />' },
  { name: 'unknown harmless wrappers keep their text', input: '<blink>safe</blink> <font color="red">description</font> <center>c</center>', expected: 'safe description c' },
  { name: 'full document: head content dropped, body kept', input: '<!DOCTYPE html><html><head><title>T</title><meta charset="utf-8"></head><body onload="x()"><p>body</p></body></html>', expected: '<p>body</p>' },
  // --- attributes
  { name: 'style, class and id attributes dropped', input: '<div class="x" id="y" style="background:url(javascript:alert(1)); position:absolute; z-index:1">t</div>', expected: '<div>t</div>' },
  { name: 'style expression() dropped with the attribute', input: '<span style="width: expression(alert(1))">t</span>', expected: '<span>t</span>' },
  { name: 'target dropped (no reverse tabnabbing)', input: '<a href="http://example.com/" target="_blank" rel="opener">x</a>', expected: '<a href="http://example.com/">x</a>' },
  { name: 'article vocabulary kept with its attributes', input: '<figure><img src="http://e.com/a.jpg" alt="A" title="t" width="10" height="20"><figcaption>cap</figcaption></figure><ol start="3"><li>x</li></ol><table><tr><td colspan="2" rowspan="1">c</td></tr></table><time datetime="2024-01-01">d</time>', expected: '<figure><img src="http://e.com/a.jpg" alt="A" title="t" width="10" height="20" /><figcaption>cap</figcaption></figure><ol start="3"><li>x</li></ol><table><tr><td colspan="2" rowspan="1">c</td></tr></table><time datetime="2024-01-01">d</time>' },
  { name: 'ruby and details', input: '<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby><details open><summary>s</summary>d</details>', expected: '<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby><details open><summary>s</summary>d</details>' },
  { name: 'video with controls and a source', input: '<video controls autoplay poster="p.jpg"><source src="v.webm" type="video/webm"></video>', expected: '<video controls poster="http://example.com/news/2024/p.jpg"><source src="http://example.com/news/2024/v.webm" type="video/webm" /></video>', baseUrl: BASE },
  { name: 'dir kept (right-to-left text)', input: '<p dir="rtl" lang="ar">نص</p>', expected: '<p dir="rtl" lang="ar">نص</p>' },
  { name: 'Blogger i$ attribute dropped', input: '<img border="0" i$="true" src="http://site.invalid/img.jpg" />', expected: '<img src="http://site.invalid/img.jpg" />' },
  // --- lazy images: their data-* attributes do not survive, so the real source is taken here (rules/lazy-images.ts)
  { name: 'lazy: data-src replaces a 1×1 GIF placeholder, resolved', input: '<img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" data-src="a.jpg" alt="">', expected: '<img src="http://example.com/news/2024/a.jpg" alt="" />', baseUrl: BASE },
  { name: 'lazy: data-original when src is missing (jQuery lazyload)', input: '<img data-original="//img.example.cn/b.png">', expected: '<img src="http://img.example.cn/b.png" />', baseUrl: BASE },
  { name: 'lazy: a known placeholder file (grey.gif) replaced by data-lazy-src', input: '<img src="/static/grey.gif" data-lazy-src="/up/c.jpg">', expected: '<img src="http://example.com/up/c.jpg" />', baseUrl: BASE },
  { name: 'lazy: about:blank replaced by data-actualsrc (Zhihu)', input: '<img src="about:blank" data-actualsrc="https://pic1.zhimg.com/v2-1.jpg">', expected: '<img src="https://pic1.zhimg.com/v2-1.jpg" />' },
  { name: 'lazy: a real src is kept', input: '<img src="real.jpg" data-src="other.jpg">', expected: '<img src="real.jpg" />' },
  { name: 'lazy: data-srcset becomes srcset and its largest candidate the src', input: '<img src="data:image/svg+xml,%3Csvg%3E%3C/svg%3E" data-srcset="s.jpg 300w, l.jpg 1024w">', expected: '<img src="l.jpg" srcset="s.jpg 300w, l.jpg 1024w" />' },
  { name: 'lazy: <picture><source data-srcset>', input: '<picture><source data-srcset="a.webp" type="image/webp"><img src="a.jpg"></picture>', expected: '<picture><source type="image/webp" srcset="a.webp" /><img src="a.jpg" /></picture>' },
  { name: 'lazy: javascript: in data-src is vetted like any src', input: '<img data-src="javascript:alert(1)">', expected: '' },
  { name: 'lazy: a data-src that is not one URL is ignored', input: '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="{&quot;a&quot;:1}">', expected: '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" />' },
  // --- WordPress captions, told by the class attribute sanitizing drops (rules/wordpress.ts)
  { name: 'wp-caption div with wp-caption-text becomes figure/figcaption', input: '<div id="attachment_1" style="width: 310px" class="wp-caption alignnone"><a href="http://e.com/a.jpg"><img src="http://e.com/a.jpg" width="300"></a><p class="wp-caption-text">Cap <b>t</b></p></div>', expected: '<figure><a href="http://e.com/a.jpg"><img src="http://e.com/a.jpg" width="300" /></a><figcaption>Cap <b>t</b></figcaption></figure>' },
  { name: 'wp-caption-text outside a caption stays a paragraph', input: '<p class="wp-caption-text">x</p>', expected: '<p>x</p>' },
  // --- referrerpolicy: kept on images with the value the mirror wants
  { name: 'referrerpolicy no-referrer kept on images (normalized)', input: '<img src="a.jpg" referrerpolicy=" No-Referrer">', expected: '<img src="a.jpg" referrerpolicy="no-referrer" />' },
  { name: 'referrerpolicy with another value dropped', input: '<img src="a.jpg" referrerpolicy="unsafe-url">', expected: '<img src="a.jpg" />' },
  { name: 'referrerpolicy on links dropped', input: '<a href="http://e.com/" referrerpolicy="no-referrer">x</a>', expected: '<a href="http://e.com/">x</a>' },
  { name: 'link without href unwrapped', input: '<a name="top">x</a>', expected: 'x' },
  // --- markup repair
  { name: 'unclosed tags closed', input: '<p>unclosed <b>bold', expected: '<p>unclosed <b>bold</b></p>' },
  { name: '<li> in an unwrapped wrapper in a <li>: the inner one unwrapped, or a second pass would close the outer', input: '<ul><li>a<font><li>b</font></ul>', expected: '<ul><li>ab</li></ul>' },
  { name: 'block inside a kept inline element stays nested', input: '<p>a<span><div>b</div></span></p>', expected: '<p>a<span><div>b</div></span></p>' },
  { name: 'misnested tags closed in order', input: '<b><i>x</b></i>', expected: '<b><i>x</i></b>' },
  { name: 'stray < in text escaped', input: '<p>a < b && c > d</p>', expected: '<p>a &lt; b &amp;&amp; c &gt; d</p>' },
  { name: 'escaped markup stays text', input: '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>', expected: '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>' },
  { name: 'nested CDATA in HTML (feedparser nested_cdata)', input: '<![CDATA[<script></script>]]&gt;', drops: ['<script'] },
  // --- relative URLs
  { name: 'relative href resolved against the base', input: '<a href="../other.html?a=1&amp;b=2#x">o</a>', expected: '<a href="http://example.com/news/other.html?a=1&amp;b=2#x">o</a>', baseUrl: BASE },
  { name: 'root-relative href with surrounding spaces', input: '<a href=" /relative/uri ">click here</a>', expected: '<a href="http://example.com/relative/uri">click here</a>', baseUrl: BASE },
  { name: 'protocol-relative src takes the base scheme', input: '<img src="//cdn.example.net/a.jpg">', expected: '<img src="http://cdn.example.net/a.jpg" />', baseUrl: BASE },
  { name: 'srcset candidates resolved, descriptors kept', input: '<img srcset="a.jpg 1x, /b.jpg 2x" src="a.jpg">', expected: '<img srcset="http://example.com/news/2024/a.jpg 1x, http://example.com/b.jpg 2x" src="http://example.com/news/2024/a.jpg" />', baseUrl: BASE },
  { name: 'srcset URL with commas (image CDN) kept whole', input: '<img srcset="https://res.example/w_100,h_50/a.jpg 100w, https://res.example/w_200,h_100/a.jpg 200w">', expected: '<img srcset="https://res.example/w_100,h_50/a.jpg 100w, https://res.example/w_200,h_100/a.jpg 200w" />' },
  { name: 'srcset candidates with invalid descriptors dropped (and not logged)', input: '<img src="a.jpg" srcset="b.jpg 1q, c.jpg 2x, d.jpg 1x 2x">', expected: '<img src="http://example.com/news/2024/a.jpg" srcset="http://example.com/news/2024/c.jpg 2x" />', baseUrl: BASE },
  { name: 'poster and cite resolved', input: '<video poster="p.jpg" src="v.mp4"></video><q cite="/src">q</q>', expected: '<video poster="http://example.com/news/2024/p.jpg" src="http://example.com/news/2024/v.mp4"></video><q cite="http://example.com/src">q</q>', baseUrl: BASE },
  { name: 'IRI written by the author stays readable (feedparser rel_uri_with_unicode_character)', input: '<a href="&#192;">uri</a>', expected: '<a href="http://any.test/À">uri</a>', baseUrl: 'http://any.test/' },
  { name: 'Chinese path resolved and readable', input: '<a href="/标签/新闻">t</a>', expected: '<a href="https://news.example.cn/标签/新闻">t</a>', baseUrl: 'https://news.example.cn/a/b.html' },
  { name: 'absolute URLs kept exactly as written', input: '<a href="HTTP://Example.COM/a/../b">x</a>', expected: '<a href="HTTP://Example.COM/a/../b">x</a>', baseUrl: BASE },
  { name: 'no base: relative kept as written', input: '<a href="/relative/uri">x</a>', expected: '<a href="/relative/uri">x</a>', baseUrl: null },
  { name: 'unusable base (javascript:) ignored', input: '<a href="test.html">x</a>', expected: '<a href="test.html">x</a>', baseUrl: "javascript:alert('unsafe')" },
  { name: 'unparseable base ignored', input: '<a href="test.html">x</a>', expected: '<a href="test.html">x</a>', baseUrl: 'not a url' },
  { name: 'fragment resolved to the original page', input: '<a href="#fn1">1</a>', expected: '<a href="http://example.com/news/2024/story.html#fn1">1</a>', baseUrl: BASE },
  // --- text
  { name: 'CJK text untouched', input: '<p>中文新闻：台湾、日本 — 「引號」『書名』 ＆ ｛全角｝</p>', expected: '<p>中文新闻：台湾、日本 — 「引號」『書名』 ＆ ｛全角｝</p>' },
  { name: 'emoji and astral characters untouched', input: '<p>😀 𠀀 ok</p>', expected: '<p>😀 𠀀 ok</p>' },
  { name: 'plain text fast path: > escaped', input: 'a > b', expected: 'a &gt; b' },
  { name: 'plain text fast path: untouched', input: '只是一段纯文本。Just text.', expected: '只是一段纯文本。Just text.' },
  { name: 'text with references only: decoded and re-escaped', input: 'AT&amp;T &lt;b&gt; &copy; &#x4e2d; & alone', expected: 'AT&amp;T &lt;b&gt; © 中 &amp; alone' },
  { name: 'empty input', input: '', expected: '' },
];

test('sanitizeHtml: rule table', async (t) => {
  for (const c of CASES) {
    await t.test(c.name, () => {
      const options = { baseUrl: c.baseUrl === undefined ? null : c.baseUrl };
      const out = sanitizeHtml(c.input, options);
      if (c.expected !== undefined) assert.equal(out, c.expected);
      for (const keep of c.keeps ?? []) assert.ok(out.includes(keep), `keeps ${keep}: ${out}`);
      for (const drop of c.drops ?? []) assert.ok(!out.toLowerCase().includes(drop.toLowerCase()), `drops ${drop}: ${out}`);
      assertNothingExecutable(out, c.name);
      assert.equal(sanitizeHtml(out, options), out, 'idempotent');
    });
  }
});

test('sanitizeHtml: the fast paths give what the parser gives', () => {
  const pieces = ['a', ' ', '>', '&', '&amp;', '&amp', '&lt;', '&gt', '&notin;', '&notit;', '&not', '&#0;', '&#x110000;', '&#128;',
    '&#xD800;', '&nbsp;', '&ZeroWidthSpace;', '&bogus;', '&#;', '&#x;', '中文', '\u0000', '\r\n', '"', "'", '😀', '=', ';', '#'];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  for (let i = 0; i < 3000; i++) {
    let text = '';
    const n = next() % 8;
    for (let j = 0; j < n; j++) text += pieces[next() % pieces.length];
    // A leading empty element forces the parser; it adds exactly '<b></b>' to the output.
    const viaParser = sanitizeHtml('<b></b>' + text).slice('<b></b>'.length);
    assert.equal(sanitizeHtml(text), viaParser, JSON.stringify(text));
  }
});

test('sanitizeHtml: idempotent and nothing executable on generated hostile markup', (t) => {
  const logs = silenceConsole(t);
  const pieces = ['<', '>', '</', '/>', '<!--', '-->', '<![CDATA[', ']]>', '<script>', '</script>', '<sCrIpT >', '<scr<script>ipt>',
    '</scr', 'ipt>', '<style>', '</style>', '<p>', '</p>', '<a href="', '<a href=', '"', "'", '<img src=', 'x', ' onerror=alert(1)',
    ' ONLOAD="a()"', 'javascript:', 'jav&#x09;ascript:', 'java\nscript:', '&amp;', '&lt;', '&', '&#x3c;script&#x3e;', '&#0;', '<svg>',
    '</svg>', '<math>', '<mglyph>', '<table>', '<td>', '<li>', '<b>', '</i>', '<textarea>', '</textarea>', '<title>', '</title>',
    '<iframe>', '</iframe>', '<noscript>', '</noscript>', '<xmp>', '</xmp>', '<select>', '<option>', '=', ' ', '\n', '中文',
    '<img srcset="', ' 1x, ', 'data:image/png;base64,AA', 'data:text/html,', '//evil.example/', '<div style="', 'background:url(',
    ')', '<form>', '<input>', '<br/>', '<?xml ?>', '<!DOCTYPE html>', '<object>', '<embed>', '<base href="javascript:alert(1)//">',
    '<a href="?q=1&x=2">', '<video poster=', '<source srcset=', '<blockquote cite=', '<p/onclick=alert(1)>',
    '<a/href=javascript:alert(1)>', '<template>', '<plaintext>', '<!-->', '<!--->', '--!>', '<a href="À">', '\u0000',
    '<tr>', '<th>', '<thead>', '<tbody>', '<dd>', '<dt>', '<rt>', '<rp>', '<h1>', '<div>', '</div>', '<font>', '</font>', '<ul>',
    '</li>', '<body>', '<a>', '</a>', '<hr>', '<center>', '</p>', '</br>', '<x/>', '<source srcset="a.jpg 1q, b.jpg (x">'];
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  for (let i = 0; i < 20000; i++) {
    let html = '';
    const n = 1 + (next() % 14);
    for (let j = 0; j < n; j++) html += pieces[next() % pieces.length];
    const options = { baseUrl: i % 2 ? BASE : null };
    const once = sanitizeHtml(html, options);
    assertNothingExecutable(once, JSON.stringify(html));
    assert.equal(sanitizeHtml(once, options), once, `not idempotent: ${JSON.stringify(html)} -> ${JSON.stringify(once)}`);
  }
  assert.equal(logs(), 0, 'a pure stage does not log (parse-srcset logs the candidates it rejects)');
});

// ---------------------------------------------------------------------------------------------
// The fast path (sanitizeFast in sanitize.ts) must write exactly what sanitize-html writes for every
// input it accepts; everything else goes to sanitize-html. sanitizeFastOnly gives its answer or null.

/** Passes with the clean stage's hooks, so that they are checked on the fast path too. */
const TEST_PASSES: Array<{ name: string; pass?: SanitizePass }> = [
  { name: 'default' },
  {
    name: 'rewrite + keepImage',
    pass: {
      lazyImages: false,
      wordPressCaptions: false,
      dropElement: null,
      rewriteUrl: (url, isLink) => (isLink ? url + '#link' : url.replace('a', 'b')),
      keepImage: (attribs) => {
        if (attribs.src?.includes('data:')) return false;
        attribs.referrerpolicy = 'no-referrer';
        return true;
      },
    },
  },
  {
    name: 'dropElement',
    pass: { lazyImages: true, wordPressCaptions: true, dropElement: (_tag, attribs) => attribs.class === 'x', rewriteUrl: null, keepImage: null },
  },
];

/** Asserts the fast path's answer, when it has one, is sanitize-html's; returns whether it had one. */
function assertFastPathAgrees(html: string, baseUrl: string | null, pass: SanitizePass | undefined, where: string): boolean {
  const fast = sanitizeFastOnly(html, { baseUrl }, pass);
  if (fast === null) return false;
  assert.equal(fast, sanitizeWithLibrary(html, { baseUrl }, pass), `${where}: fast path differs from sanitize-html on ${JSON.stringify(html.slice(0, 500))}`);
  return true;
}

const HOSTILE = [
  '<script>alert(1)</script>ok', '<p>a<script src="x.js"></script>b</p>', '<p onclick="x()">hi</p>', '<a href="#" onmouseover=alert(1)>x</a>',
  '<img src=x onerror=alert(1)>', '<a href="javascript:alert(1)">x</a>', '<a href="JaVaScRiPt:alert(1)">x</a>', '<a href="jav&#x09;ascript:alert(1)">x</a>',
  '<a href=" java&#10;script:alert(1)">x</a>', '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
  '<a href="javascript&colon;alert(1)">x</a>', '<a href="java\u0001script:alert(1)">x</a>', '<a href="jav<!-- x -->ascript:alert(1)">x</a>',
  '<a href=javascript:alert(1)>x</a>', "<a href='vbscript:msgbox(1)'>x</a>", '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
  '<img src="data:text/html,<script>alert(1)</script>">', '<img src="data:image/png;base64,AA">', '<video poster="data:image/png;base64,AA" src="v.mp4"></video>',
  '<p>unclosed <b>bold', '<ul><li>a<li>b</ul>', '<p>a<p>b', '<b><i>x</b></i>', '<table><tr><td>a<td>b</table>', '<p>a</div>b', '</p>x', '<br></br>',
  'a<!-- <script>alert(1)</script> -->b', 'safe<!--', '<!--[if IE]><script>alert(1)</script><![endif]-->ok', '<!-->x', '<!--->x', 'a<!-- -- >b-->c',
  '<![CDATA[<script>alert(1)</script>]]>', '<p><![CDATA[x]]></p>', '<svg><script>alert(1)</script></svg>after', '<svg/onload=alert(1)>', '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  '<iframe src="http://example.com/"></iframe>x', '<iframe src="javascript:alert(1)"/>x', '<a href=http://example.com/a?b=1&c=2>x</a>', '<img src=a.jpg alt=x title=y>',
  '<a href=x.html/>t', '<img src="a.jpg"/ >', '<p/>x', '<a/href=javascript:alert(1)>x</a>', '<p =x>y</p>', '<p a"b=c>y</p>', '<a href="x"href="y">z</a>',
  '<a title="a&quot;b&lt;c&gt;" href="x">y</a>', '<p>a < b && c > d</p>', '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>', '<p>&amp &copy &notit; &#x3c;b&#x3e;</p>', '<',
  'a <', '<p', '<p title="x', '<a href="x">y</A >', '<STRONG>x</strong>', '<div style="background:url(javascript:alert(1))">t</div>', '<img src="a.jpg" srcset="b.jpg 2x">',
  '<object data="x.swf"><embed src="x.swf"></object>', '<form><input value="x"></form>', '<base href="javascript:alert(1)//">', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<?php echo 1; ?>x', '<!DOCTYPE html><p>x</p>', '<a href="x"><a href="y">z</a></a>', '<li>a<font><li>b</font>', '<dd>a<dt>b', '<ruby>a<rt>b<rp>c</ruby>',
  // Read differently by htmlparser2 12 (the fast path's tokenizer) and 10 (sanitize-html's).
  'a<!-- b --!>c-->d', '<p>a</p/>b', '<b>a</b/>c', '<p>a</p ></>b', '<p>a</p ><b>c</b>', '</>x', '<!x>y', '<image src="a.jpg">', '<p>a<noembed><b>x</b></noembed>',
];

test('sanitizeHtml: fast path equals sanitize-html on hostile and rule-table inputs', () => {
  let accepted = 0;
  const inputs = [...HOSTILE, ...CASES.map((c) => c.input)];
  for (const html of inputs) {
    for (const { name, pass } of TEST_PASSES) {
      for (const baseUrl of [null, BASE]) {
        if (assertFastPathAgrees(html, baseUrl, pass, name)) accepted++;
        // Whatever route it takes, the public function gives sanitize-html's output.
        assert.equal(sanitizeHtml(html, { baseUrl }), sanitizeWithLibrary(html, { baseUrl }), JSON.stringify(html));
      }
    }
  }
  assert.ok(accepted > inputs.length, `the fast path took only ${accepted} of ${inputs.length * 6}`);
});

/** Pieces of article markup, plain and not, joined at random into fragments for the fast path. */
const GENERATED_PIECES = ['<p>', '</p>', '<P>', '</P >', '<a href="x.html">', '<a href=x.html>', "<a href='/y?a=1&amp;b=2'>", '<a>', '</a>', '<a href="javascript:alert(1)">',
  '<a href="jav&#x09;ascript:x">', '<a href=" http://e.com/ ">', '<img src="a.jpg" alt="">', '<img src=a.jpg alt>', '<img alt="x">', '<img src="data:image/png;base64,AA">',
  '<img src="data:text/html,x">', '<img data-src="l.jpg" src="grey.gif">', '<img src="x" />', '<img src="x"/>', '<br>', '<br/>', '</br>', '<hr>', '<li>', '</li>', '<ul>', '</ul>',
  '<ol start="3">', '</ol>', '<strong>', '</strong>', '<em>', '</em>', '<b>', '</b>', '<div class="wp-caption">', '<div class="x" style="y">', '</div>',
  '<p class="wp-caption-text">', '<figure>', '</figure>', '<table>', '<tr>', '<td>', '</td>', '</tr>', '</table>', '<th colspan="2">', '<tbody>', '<thead>', '<dd>', '<dt>', '<rt>',
  '<h1>', '</h1>', '<h2 title="">', '<span title="t" lang="">', '</span>', '<blockquote cite="/c">', '</blockquote>', '<q cite="javascript:x">', '<video controls src="v.mp4">',
  '</video>', '<video controls="">', '<source src="s.webm" type="video/webm">', '<source>', '<track src="t.vtt" kind="subtitles">', '<details open>', '</details>', '<summary>',
  '<time datetime="2024">', '<font>', '</font>', '<script>', '</script>', '<svg>', '<iframe src="x">', '<!-- c -->', '<!-->', '<!--->', '<!-- x', '<![CDATA[x]]>', '<!DOCTYPE html>',
  '<?xml ?>', 'text', ' ', '\n', '中文', '&amp;', '&lt;', '&gt;', '&quot;', '&nbsp;', '&copy', '&notin;', '&noti', '&#x4e2d;', '&#0;', '&', '<', '>', '"', "'", '=', '< b', '<3',
  '</ p>', '</>', '<a href="a&amp">', '<a href="a&ampx">', '<a href="&#106;avascript:x">', '<a title="a&quot;b<c>">', '<a href="x" href="y">', '<a HREF="U.html" Title="T">',
  '<a href="x"title="t">', '<a href= "sp.html" >', '<a href=>', '<a onclick="x()" href="o.html">', '<img src="a.jpg" srcset="a.jpg 1x, b.jpg 2x">',
  '<img src="x.jpg" referrerpolicy=" No-Referrer">', '<p/>', '<img src="x.jpg"/ >', '<a href="x"/b>', '<a\thref="t.html"\n>', '<data value="1">', '</data>', '<wbr>', '<col span="2">',
  '<img src="//cdn.example/a.png">', '<a href="mailto:a@b.c">', '<a href="#frag">', '<a href="&#192;">', '<a href="/标签">', '<a href="y<!--z-->:w">', '<a name="n">',
  '<img src=" ">', '<img src="">', '<img title="t" src="a.png" title="u">', '<pre>', '</pre>', '<i\u0000>', '<1>', '<a:b>', '<a-b>', '<o:p>', '</o:p>'];

interface GeneratedFragment {
  html: string;
  baseUrl: string | null;
  name: string;
  pass?: SanitizePass;
}

/** `rounds` fragments of 1 to 12 pieces from a fixed seed, each with the base and the pass it is sanitized with. */
function* generateFragments(pieces: string[], seed: number, rounds: number): Generator<GeneratedFragment> {
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  for (let i = 0; i < rounds; i++) {
    let html = '';
    const n = 1 + (next() % 12);
    for (let j = 0; j < n; j++) html += pieces[next() % pieces.length];
    const { name, pass } = TEST_PASSES[i % TEST_PASSES.length];
    yield { html, baseUrl: i % 3 === 0 ? null : i % 3 === 1 ? BASE : 'not a url', name, pass };
  }
}

const GENERATED_ROUNDS = 30000;

test('sanitizeHtml: fast path equals sanitize-html on generated markup', (t) => {
  const logs = silenceConsole(t);
  let accepted = 0;
  for (const { html, baseUrl, name, pass } of generateFragments(GENERATED_PIECES, 99, GENERATED_ROUNDS)) {
    if (assertFastPathAgrees(html, baseUrl, pass, name)) accepted++;
  }
  t.diagnostic(`fast path took ${accepted} of ${GENERATED_ROUNDS} generated fragments`);
  assert.ok(accepted > GENERATED_ROUNDS / 4, `the fast path took only ${accepted} of ${GENERATED_ROUNDS}`);
  assert.equal(logs(), 0);
});

test('sanitizeHtml: every fast-path output on generated markup is a fixed point of sanitize-html', (t) => {
  // Sanitizing the output again through the library alone changes nothing: the fast path writes
  // nothing the library's allow-list would remove or rewrite. Again with the default pass, as the
  // test passes' URL rewrites are deliberately not idempotent.
  const logs = silenceConsole(t);
  let checked = 0;
  for (const { html, baseUrl, pass } of generateFragments(GENERATED_PIECES, 99, GENERATED_ROUNDS)) {
    const fast = sanitizeFastOnly(html, { baseUrl }, pass);
    if (fast === null) continue;
    assert.equal(sanitizeWithLibrary(fast, { baseUrl }), fast, `not a fixed point: ${JSON.stringify(html)} -> ${JSON.stringify(fast)}`);
    checked++;
  }
  assert.ok(checked > GENERATED_ROUNDS / 4, `only ${checked} fast-path outputs checked`);
  assert.equal(logs(), 0);
});

test('sanitizeHtml: fast path equals sanitize-html where htmlparser2 12 and 10 tokenize differently', (t) => {
  // The fast path tokenizes with htmlparser2 12, sanitize-html with its own htmlparser2 10. These
  // pieces are read differently by the two (comments ended by `--!>`, `<!x>`, `<?x>` and `</ x>` as
  // comments, `</>` dropped, `</p/>`, raw-text elements 12 adds, `<image>`), among ordinary ones.
  const logs = silenceConsole(t);
  const pieces = ['<!-- a --!>', '--!>', '-->', '<!x>', '<!>', '<!->', '<!-', '<?x>', '<?xml version="1.0"?>', '</p/>', '</b/>', '</ b>', '</>', '</p >',
    '</b\t>', '</b x="y">', '</b', '</3>', '<!DOCTYPE html>', '<!doctypex>', '<![CDATA[x]]>', '<![CDATA[x', '<!-->', '<!--->', '<!-- x', '<image src="a.jpg">',
    '<noembed>', '</noembed>', '<noframes>', '<plaintext>', '<iframe>', '</iframe>', '<title>', '</title>', '<textarea>', '<xmp>', '<svg>', '</svg>', '<math>',
    '<p>', '</p>', '<b>', '</b>', '<a href="x">', '</a>', '<br/ >', '<img src="a.jpg"/>', '<li>', 'text', '&amp;', '&lt', '<', '>', '"', ' ', '\n'];
  let accepted = 0;
  const rounds = 10000;
  for (const { html, baseUrl, name, pass } of generateFragments(pieces, 2024, rounds)) {
    if (assertFastPathAgrees(html, baseUrl, pass, name)) accepted++;
    assert.equal(sanitizeHtml(html, { baseUrl }), sanitizeWithLibrary(html, { baseUrl }), JSON.stringify(html));
  }
  t.diagnostic(`fast path took ${accepted} of ${rounds} fragments`);
  assert.ok(accepted > rounds / 20, `the fast path took only ${accepted} of ${rounds}`);
  assert.equal(logs(), 0);
});

test('html stage: public surface', () => {
  assert.deepEqual(Object.keys(htmlStage).sort(), ['REWRITE_RULES', 'cleanHtml', 'sanitizeHtml']);
});

// ---------------------------------------------------------------------------------------------
// Corpus invariants. The corpora live in ../shared next to the repository.

if (NO_CORPUS) console.log(`# sanitize.test: skipping corpus tests, ${NO_CORPUS}`);

interface Check {
  path: string;
  op: string;
  value: unknown;
  icase?: boolean;
}
interface Expectation {
  file: string;
  category: string;
  url?: string;
  headers?: Record<string, string>;
  checks: Check[];
}

function loadExpectations(category: string): Expectation[] {
  const all = JSON.parse(readFileSync(path.join(FEEDPARSER, 'expectations.json'), 'utf8')) as Expectation[];
  return all.filter((e) => e.category === category);
}

function documentBaseOf(e: Expectation): string | null {
  const location = e.headers?.['Content-Location'];
  return location ? resolveBase(e.url ?? null, location) : e.url ?? null;
}

/** Sanitizes every HTML field of a conformance file and joins the results (checks may target any field). */
function sanitizeConformanceFile(e: Expectation): { outputs: string[]; joined: string } {
  const xml = decodeFeedBytes(readFileSync(path.join(FEEDPARSER, e.file)));
  const outputs = collectHtmlFields(xml, documentBaseOf(e)).map((f) => sanitizeHtml(f.html, { baseUrl: f.base }));
  return { outputs, joined: outputs.join('\n') };
}

interface Tally {
  pass: number;
  total: number;
  failures: string[];
}

function runChecks(entries: Expectation[], ops: string[]): Record<string, Tally> {
  const tallies: Record<string, Tally> = {};
  for (const op of ops) tallies[op] = { pass: 0, total: 0, failures: [] };
  for (const e of entries) {
    const { joined } = sanitizeConformanceFile(e);
    for (const c of e.checks) {
      const tally = tallies[c.op];
      if (!tally || typeof c.value !== 'string') continue;
      const hay = c.icase ? joined.toLowerCase() : joined;
      const needle = c.icase ? c.value.toLowerCase() : c.value;
      const ok = c.op === 'contains' ? hay.includes(needle) : !hay.includes(needle);
      tally.total++;
      if (ok) tally.pass++;
      else tally.failures.push(`${e.file} ${c.path} ${c.op} ${JSON.stringify(c.value)}`);
    }
  }
  return tallies;
}

// Floors: the counts passing when this was written. Raise them, never lower them silently.
const SANITIZE_NOT_CONTAINS_FLOOR = 378; // of 378: every unsafe construct is gone
// Of 466. The 8 failing expect "description" from inside an <iframe>, which feedparser unwraps;
// we drop iframe content, which no browser renders either.
const SANITIZE_CONTAINS_FLOOR = 458;
const BASE_CONTAINS_FLOOR = 42; // of 42

test('corpus: wellformed/sanitize checks', { skip: NO_CORPUS }, (t) => {
  const tallies = runChecks(loadExpectations('wellformed/sanitize'), ['not_contains', 'contains']);
  for (const [op, tally] of Object.entries(tallies)) {
    t.diagnostic(`${op}: ${tally.pass}/${tally.total} pass`);
    for (const f of tally.failures) t.diagnostic(`  failing: ${f}`);
  }
  assert.ok(tallies.not_contains.pass >= SANITIZE_NOT_CONTAINS_FLOOR, tallies.not_contains.failures.join('\n'));
  assert.ok(tallies.contains.pass >= SANITIZE_CONTAINS_FLOOR, tallies.contains.failures.join('\n'));
});

test('corpus: wellformed/base resolved URLs in HTML fields', { skip: NO_CORPUS }, (t) => {
  const tallies = runChecks(loadExpectations('wellformed/base'), ['contains']);
  t.diagnostic(`contains: ${tallies.contains.pass}/${tallies.contains.total} pass`);
  for (const f of tallies.contains.failures) t.diagnostic(`  failing: ${f}`);
  assert.ok(tallies.contains.pass >= BASE_CONTAINS_FLOOR, tallies.contains.failures.join('\n'));
});

test('corpus: idempotent and nothing executable survives (every feedparser file)', { skip: NO_CORPUS }, (t) => {
  const logs = silenceConsole(t);
  const bases = new Map<string, string | null>();
  for (const e of JSON.parse(readFileSync(path.join(FEEDPARSER, 'expectations.json'), 'utf8')) as Expectation[]) {
    bases.set(e.file, documentBaseOf(e));
  }
  let fields = 0;
  for (const file of listXmlFiles(FEEDPARSER)) {
    let xml: string;
    try {
      xml = decodeFeedBytes(readFileSync(path.join(FEEDPARSER, file)));
    } catch {
      continue; // a charset TextDecoder does not know (the encoding tests): not this stage's business
    }
    for (const f of collectHtmlFields(xml, bases.get(file) ?? null)) {
      const once = sanitizeHtml(f.html, { baseUrl: f.base });
      assertNothingExecutable(once, `${file} <${f.element}>`);
      assert.equal(sanitizeHtml(once, { baseUrl: f.base }), once, `${file} <${f.element}> not idempotent`);
      fields++;
    }
  }
  assert.ok(fields > 2500, `only ${fields} fields found`);
  assert.equal(logs(), 0, 'a pure stage does not log');
});

function listXmlFiles(root: string, dir = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listXmlFiles(root, rel));
    else if (entry.name.endsWith('.xml')) out.push(rel);
  }
  return out.sort();
}

test('corpus: idempotent and nothing executable survives (news feeds), with throughput', { skip: NO_CORPUS }, (t) => {
  const fields = loadNewsFields();
  assert.ok(fields.length > 4000, `only ${fields.length} bodies found`);
  let bytes = 0;
  const started = process.hrtime.bigint();
  const outputs = fields.map((f) => {
    bytes += Buffer.byteLength(f.html);
    return sanitizeHtml(f.html, { baseUrl: f.base });
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  t.diagnostic(`first pass, cold: ${fields.length} bodies, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s = ${(bytes / 1e6 / seconds).toFixed(1)} MB/s`);
  const logs = silenceConsole(t);
  outputs.forEach((once, i) => {
    const where = `news body ${i} (${fields[i].element})`;
    assertNothingExecutable(once, where);
    assert.equal(sanitizeHtml(once, { baseUrl: fields[i].base }), once, `${where} not idempotent`);
  });
  assert.equal(logs(), 0, 'a pure stage does not log');
});

test('corpus: visible text survives (news feeds)', { skip: NO_CORPUS }, () => {
  // The Chinese text of every body must come through whole: compare the CJK characters only,
  // which markup, references and URLs never contain.
  const cjk = (s: string) => (s.match(/[\u4e00-\u9fff]/g) ?? []).join('');
  const visible = (html: string) => decodeHTML(html.replace(/<(script|style|iframe|svg|title|noembed|noframes)\b[\s\S]*?<\/\1>|<[^>]*>/gi, ''));
  let lost = 0;
  const fields = loadNewsFields();
  for (const f of fields) {
    if (cjk(visible(sanitizeHtml(f.html, { baseUrl: f.base }))) !== cjk(visible(f.html))) lost++;
  }
  assert.equal(lost, 0, `${lost} of ${fields.length} bodies lost visible Chinese text`);
});

test('corpus: fast path equals sanitize-html (news feeds and every feedparser HTML field)', { skip: NO_CORPUS }, (t) => {
  const logs = silenceConsole(t);
  let markup = 0;
  let accepted = 0;
  const check = (html: string, base: string | null, where: string) => {
    if (!html.includes('<')) return;
    markup++;
    for (const { name, pass } of TEST_PASSES) {
      if (assertFastPathAgrees(html, base, pass, `${where} (${name} pass)`) && pass === undefined) accepted++;
    }
  };
  for (const f of loadNewsFields()) check(f.html, f.base, `news <${f.element}>`);
  const newsMarkup = markup;
  const newsAccepted = accepted;
  for (const file of listXmlFiles(FEEDPARSER)) {
    let xml: string;
    try {
      xml = decodeFeedBytes(readFileSync(path.join(FEEDPARSER, file)));
    } catch {
      continue;
    }
    for (const f of collectHtmlFields(xml, null)) check(f.html, f.base, `${file} <${f.element}>`);
  }
  t.diagnostic(`news feeds: fast path took ${newsAccepted} of ${newsMarkup} bodies with markup`);
  t.diagnostic(`feedparser: fast path took ${accepted - newsAccepted} of ${markup - newsMarkup} fields with markup`);
  assert.ok(newsAccepted > newsMarkup * 0.9, 'the fast path should take nearly every news body');
  assert.equal(logs(), 0, 'a pure stage does not log');
});

// Built-in site rules: each has a fixture page (testdata/sites/<case>/) on its site, and its
// content/remove selectors must change what is extracted from that page. "Without the rule"
// is the same page at a host no rule covers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { imageRefererFor, siteRuleFor, type SiteRule } from '../../lib/site-rules.ts';
import { BUILT_IN_SITE_RULES, extractArticle } from './index.ts';

interface SiteExpectation {
  models: string;
  url: string;
  /** Strings the sanitized content must hold (text, or markup such as an image's src). */
  contains: string[];
  /** Text that must not be in the article. */
  absent: string[];
}

const here = path.dirname(fileURLToPath(import.meta.url));
const sitesDir = path.join(here, 'testdata', 'sites');
const cases = readdirSync(sitesDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

function load(name: string): { html: string; expected: SiteExpectation } {
  const dir = path.join(sitesDir, name);
  return {
    html: readFileSync(path.join(dir, 'input.html'), 'utf8'),
    expected: JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as SiteExpectation,
  };
}

/** The same URL on a host that no rule covers. */
const elsewhere = (url: string): string => {
  const u = new URL(url);
  u.hostname = 'www.example.org';
  return u.href;
};

test('every built-in rule has a fixture page on one of its hosts', () => {
  const covered = new Set(cases.map((name) => siteRuleFor(load(name).expected.url, BUILT_IN_SITE_RULES)));
  for (const rule of BUILT_IN_SITE_RULES) assert.ok(covered.has(rule), `no fixture for ${rule.hosts.join(', ')}`);
  assert.ok(BUILT_IN_SITE_RULES.length >= 4 && BUILT_IN_SITE_RULES.length <= 6);
  assert.ok(Object.isFrozen(BUILT_IN_SITE_RULES) && BUILT_IN_SITE_RULES.every((rule) => Object.isFrozen(rule)));
});

for (const name of cases) {
  test(`site rule ${name}: its selectors take effect`, () => {
    const { html, expected } = load(name);
    const rule = siteRuleFor(expected.url, BUILT_IN_SITE_RULES);
    assert.ok(rule !== null, `no built-in rule for ${expected.url}`);
    const withRule = extractArticle(html, { url: expected.url });
    const withoutRule = extractArticle(html, { url: elsewhere(expected.url) });
    for (const s of expected.contains) assert.ok(withRule.content?.includes(s), `content lacks ${s}`);
    for (const s of expected.absent) {
      assert.ok(!withRule.textContent?.includes(s), `"${s}" in the article`);
      assert.ok(html.includes(s), `"${s}" is not in the page, so the check is empty`);
    }
    assert.notEqual(withRule.textContent, withoutRule.textContent, 'the rule changes nothing');
  });
}

test('weixin: the hidden #js_content is the body, its lazy images get their src, and mmbiz images go without a Referer', () => {
  const { html, expected } = load('weixin');
  const a = extractArticle(html, { url: expected.url });
  assert.equal(a.title, '一座城市的早餐地图');
  assert.equal(a.byline, '城市漫步');
  // #publish_time is empty until a script fills it from `var ct` (epoch seconds).
  assert.equal(a.published, '2022-03-01T02:40:00Z');
  assert.equal(extractArticle(html, { url: elsewhere(expected.url) }).published, null, 'read from the script on WeChat only');
  assert.ok(!/data-src/u.test(a.content ?? ''));
  // Readability alone finds nothing in it: the body is visibility:hidden until scripts run.
  assert.ok(!(extractArticle(html, { url: elsewhere(expected.url) }).textContent ?? '').includes('热干面'));
  assert.equal(imageRefererFor('https://mmbiz.qpic.cn/mmbiz_jpg/Xh2bK1abc/640?wx_fmt=jpeg', expected.url, BUILT_IN_SITE_RULES), null);
});

test('zhihu: the byline is the AuthorInfo microdata name, the time its datePublished', () => {
  const { html, expected } = load('zhihu-zhuanlan');
  const a = extractArticle(html, { url: expected.url });
  assert.equal(a.byline, '轨道上的老张');
  assert.equal(a.published, '2022-03-01T12:00:00Z');
});

test('image Referers of the built-in rules: none for WeChat, weibo.com for sinaimg.cn, the page elsewhere', () => {
  const page = 'https://news.sina.com.cn/c/2021-03-20/doc-ikkntiam1234.shtml';
  assert.equal(imageRefererFor('https://n.sinaimg.cn/news/1.jpg', page, BUILT_IN_SITE_RULES), 'https://weibo.com/');
  assert.equal(imageRefererFor('https://wx1.sinaimg.cn/large/1.jpg', 'https://rsshub.example/weibo/user/1', BUILT_IN_SITE_RULES), 'https://weibo.com/');
  assert.equal(imageRefererFor('https://pic1.zhimg.com/v2-1.jpg', 'https://zhuanlan.zhihu.com/p/1', BUILT_IN_SITE_RULES), 'https://zhuanlan.zhihu.com/p/1');
  assert.equal(imageRefererFor('https://img.example.cn/1.jpg', 'https://www.example.cn/a.html', BUILT_IN_SITE_RULES), 'https://www.example.cn/a.html');
});

test("a user's rule for a host comes before the built-in one, and a bad selector in it is skipped", () => {
  const { html, expected } = load('netease');
  const mine: SiteRule = { hosts: ['163.com'], content: ['[[not css', '.post_body'], remove: ['.f_center', '::nope'] };
  const a = extractArticle(html, { url: expected.url, siteRules: [mine] });
  assert.ok(!(a.textContent ?? '').includes('出坞后的国产大型邮轮。'), "the user's remove selector ran");
  assert.ok((a.textContent ?? '').includes('原标题'), "the built-in rule's .otitle removal did not");
});

test('a content selector that matches too little text falls back to the generic body', () => {
  const { html, expected } = load('netease');
  const a = extractArticle(html, { url: expected.url, siteRules: [{ hosts: ['163.com'], content: ['.post_title'] }] });
  assert.ok((a.textContent ?? '').includes('力争按期完成交付。'));
});

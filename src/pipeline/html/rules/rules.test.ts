// The rules' pure functions, one table each. How they combine inside cleanHtml is clean.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTrackingMatcher, stripTrackingParams } from './tracking.ts';
import { unwrapRedirect } from './redirects.ts';
import { isTrackingPixel } from './pixels.ts';
import { isPlaceholderSource, largestCandidate } from './lazy-images.ts';
import { wordPressCaptionTag, isWordPressCruft } from './wordpress.ts';
import { getAttribute, parseSanitized, serializeTree } from '../tree.ts';

interface UrlCase {
  name: string;
  input: string;
  expected: string;
}

const TRACKING_CASES: UrlCase[] = [
  { name: 'utm_* removed, other parameters kept in order', input: 'https://e.com/a?id=1&utm_source=rss&utm_medium=feed&p=2', expected: 'https://e.com/a?id=1&p=2' },
  { name: 'only tracking: the ? goes too', input: 'https://e.com/a?utm_source=rss', expected: 'https://e.com/a' },
  { name: 'fragment kept', input: 'https://e.com/a?fbclid=x#top', expected: 'https://e.com/a#top' },
  { name: 'path not re-encoded', input: 'https://e.com/%E4%B8%AD/a b/?gclid=1&q=%20x+y', expected: 'https://e.com/%E4%B8%AD/a b/?q=%20x+y' },
  { name: 'names compare case-insensitively (WT.mc_id)', input: 'https://learn.microsoft.com/x?WT.mc_id=twitter&view=net', expected: 'https://learn.microsoft.com/x?view=net' },
  { name: 'spm (Taobao)', input: 'https://item.taobao.com/item.htm?spm=a230r.1.14.1&id=123', expected: 'https://item.taobao.com/item.htm?id=123' },
  { name: 'Bilibili share parameters', input: 'https://www.bilibili.com/video/BV1xx?p=2&vd_source=abc&share_source=copy_web&share_medium=iphone', expected: 'https://www.bilibili.com/video/BV1xx?p=2' },
  { name: 'WeChat from/scene/sharer_*', input: 'https://mp.weixin.qq.com/s?__biz=MzA&mid=1&idx=1&sn=ab&scene=21&from=timeline&sharer_sharetime=1&sharer_shareid=x#wechat_redirect', expected: 'https://mp.weixin.qq.com/s?__biz=MzA&mid=1&idx=1&sn=ab#wechat_redirect' },
  { name: 'from kept when the query is a range (from … to)', input: 'https://stats.example.org/q?from=2024-01-01&to=2024-02-01&utm_source=x', expected: 'https://stats.example.org/q?from=2024-01-01&to=2024-02-01' },
  { name: 'Mailchimp, HubSpot, Marketo, Twitter', input: 'https://e.com/?mc_cid=1&mc_eid=2&_hsenc=3&_hsmi=4&mkt_tok=5&ref_src=twsrc%5Etfw&k=v', expected: 'https://e.com/?k=v' },
  { name: 'generic names that are often real are kept', input: 'https://e.com/?ref=main&source=a&src=b&cid=1&ts=2&share=1', expected: 'https://e.com/?ref=main&source=a&src=b&cid=1&ts=2&share=1' },
  { name: 'a ? inside the fragment is not a query', input: 'https://e.com/#/route?utm_source=x', expected: 'https://e.com/#/route?utm_source=x' },
  { name: 'not http(s): untouched', input: 'mailto:a@e.com?utm_source=x', expected: 'mailto:a@e.com?utm_source=x' },
  { name: 'relative: untouched', input: '/a?utm_source=x', expected: '/a?utm_source=x' },
  { name: 'empty pieces go when something is removed', input: 'https://e.com/?a=1&&utm_x=2&', expected: 'https://e.com/?a=1' },
  { name: 'nothing to remove: the same string', input: 'https://e.com/?a=1&&b', expected: 'https://e.com/?a=1&&b' },
];

test('stripTrackingParams: table', async (t) => {
  for (const c of TRACKING_CASES) {
    await t.test(c.name, () => {
      const out = stripTrackingParams(c.input);
      assert.equal(out, c.expected);
      assert.equal(stripTrackingParams(out), out, 'idempotent');
    });
  }
});

test('createTrackingMatcher: extra names and prefixes', () => {
  const matcher = createTrackingMatcher(['share_', 'mpshare', 'X_*', ' ']);
  assert.equal(stripTrackingParams('https://e.com/?share_from=1&mpshare=1&x_a=1&mp=1&utm_a=1', matcher), 'https://e.com/?mp=1');
  assert.equal(createTrackingMatcher([]), createTrackingMatcher(undefined), 'no extras: the shared default');
});

const REDIRECT_CASES: UrlCase[] = [
  { name: 'track.php with t= (encoded once)', input: 'https://news.example.com/track.php?id=9&t=https%3A%2F%2Fsite.example.org%2Fa%3Fb%3D1', expected: 'https://site.example.org/a?b=1' },
  { name: 'target written unencoded', input: 'https://e.com/redirect?url=https://site.example.org/a', expected: 'https://site.example.org/a' },
  { name: 'encoded twice', input: 'https://e.com/out?u=https%253A%252F%252Fsite.example.org%252Fa', expected: 'https://site.example.org/a' },
  { name: 'Facebook l.php', input: 'https://l.facebook.com/l.php?u=https%3A%2F%2Fsite.example.org%2F&h=AT0', expected: 'https://site.example.org/' },
  { name: 'Google /url?q=', input: 'https://www.google.com/url?sa=t&q=https://site.example.org/x&ust=1', expected: 'https://site.example.org/x' },
  { name: 'Zhihu link.zhihu.com/?target= (only the colon encoded)', input: 'https://link.zhihu.com/?target=https%3A//github.com/a/b', expected: 'https://github.com/a/b' },
  { name: 'Weibo sinaurl', input: 'https://weibo.cn/sinaurl?u=https%3A%2F%2Fsite.example.org%2F', expected: 'https://site.example.org/' },
  { name: 'nested wrappers unwrapped to the end', input: 'https://e.com/go?url=' + encodeURIComponent('https://l.facebook.com/l.php?u=' + encodeURIComponent('https://site.example.org/')), expected: 'https://site.example.org/' },
  { name: 'share button is not a redirect (sharer.php?u=)', input: 'https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fsite.example.org%2F', expected: 'https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fsite.example.org%2F' },
  { name: 'tweet intent is not a redirect', input: 'https://twitter.com/intent/tweet?url=https%3A%2F%2Fsite.example.org%2F', expected: 'https://twitter.com/intent/tweet?url=https%3A%2F%2Fsite.example.org%2F' },
  { name: 'redirector path but no absolute target', input: 'https://e.com/redirect?url=%2Flocal', expected: 'https://e.com/redirect?url=%2Flocal' },
  { name: 'target with a non-web scheme refused', input: 'https://e.com/redirect?url=javascript%3Aalert(1)', expected: 'https://e.com/redirect?url=javascript%3Aalert(1)' },
  { name: 'target with a space refused', input: 'https://e.com/out?url=https%3A%2F%2Fa.example%2Fb%20c', expected: 'https://e.com/out?url=https%3A%2F%2Fa.example%2Fb%20c' },
  { name: 'parameter name not a target name', input: 'https://e.com/redirect?next=https%3A%2F%2Fa.example%2F', expected: 'https://e.com/redirect?next=https%3A%2F%2Fa.example%2F' },
  { name: 't.co carries no target', input: 'https://t.co/abc123', expected: 'https://t.co/abc123' },
  { name: 'ordinary article link', input: 'https://e.com/news/2024/a.html?id=1', expected: 'https://e.com/news/2024/a.html?id=1' },
];

test('unwrapRedirect: table', async (t) => {
  for (const c of REDIRECT_CASES) {
    await t.test(c.name, () => {
      const out = unwrapRedirect(c.input);
      assert.equal(out, c.expected);
      assert.equal(unwrapRedirect(out), out, 'idempotent');
    });
  }
});

const PIXEL_CASES: Array<{ name: string; attribs: Record<string, string>; pixel: boolean }> = [
  { name: 'width and height 1', attribs: { src: 'https://e.com/a.gif', width: '1', height: '1' }, pixel: true },
  { name: 'width 0, height 1px', attribs: { src: 'https://e.com/a.gif', width: '0', height: '1px' }, pixel: true },
  { name: 'only the width is 1: a rule, not a pixel', attribs: { src: 'https://e.com/a.gif', width: '1' }, pixel: false },
  { name: 'a thin real image', attribs: { src: 'https://e.com/a.gif', width: '1', height: '300' }, pixel: false },
  { name: 'FeedBurner ~r/…/~4/', attribs: { src: 'http://feeds.feedburner.com/~r/Example/~4/AbCdEf' }, pixel: true },
  { name: 'Feedsportal', attribs: { src: 'http://da.feedsportal.com/r/1/2/3/u.gif' }, pixel: true },
  { name: 'stats.wordpress.com/b.gif', attribs: { src: 'https://stats.wordpress.com/b.gif?host=x&blog=1' }, pixel: true },
  { name: 'pixel.wp.com', attribs: { src: 'https://pixel.wp.com/g.gif?v=ext' }, pixel: true },
  { name: '/pixel.gif path', attribs: { src: 'https://track.example.com/open/pixel.gif?id=1' }, pixel: true },
  { name: 'a photo of a Pixel phone', attribs: { src: 'https://e.com/img/pixel-8-review.jpg' }, pixel: false },
  { name: 'inline 1×1 GIF', attribs: { src: 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7' }, pixel: true },
  { name: 'ordinary image', attribs: { src: 'https://e.com/a.jpg', width: '640', height: '480' }, pixel: false },
];

test('isTrackingPixel: table', async (t) => {
  for (const c of PIXEL_CASES) await t.test(c.name, () => assert.equal(isTrackingPixel(c.attribs), c.pixel));
});

const PLACEHOLDER_CASES: Array<{ src: string | undefined; placeholder: boolean }> = [
  { src: undefined, placeholder: true },
  { src: ' ', placeholder: true },
  { src: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=', placeholder: true },
  { src: 'about:blank', placeholder: true },
  { src: '/wp-content/plugins/lazy-load/images/1x1.trans.gif', placeholder: true },
  { src: 'https://mat1.gtimg.com/www/images/loading.gif', placeholder: true },
  { src: '/static/img/placeholder.png?v=2', placeholder: true },
  { src: '/blank.gif', placeholder: true },
  { src: '/img/lazyload-bg.svg', placeholder: true },
  { src: 'https://e.com/photos/2024/harbour.jpg', placeholder: false },
  { src: 'https://e.com/blanket.jpg', placeholder: false },
];

test('isPlaceholderSource: table', () => {
  for (const c of PLACEHOLDER_CASES) assert.equal(isPlaceholderSource(c.src), c.placeholder, String(c.src));
});

test('largestCandidate: table', () => {
  assert.equal(largestCandidate('a.jpg 300w, b.jpg 1024w, c.jpg 768w'), 'b.jpg');
  assert.equal(largestCandidate('a.jpg, b.jpg 2x'), 'b.jpg');
  assert.equal(largestCandidate('https://res.example/w_300,h_200/a.jpg 1x,https://res.example/w_600,h_400/a.jpg 2x'), 'https://res.example/w_600,h_400/a.jpg');
  assert.equal(largestCandidate('data:image/gif;base64,AA 1x'), undefined);
  assert.equal(largestCandidate(''), undefined);
});

test('wordPressCaptionTag and isWordPressCruft: table', () => {
  assert.equal(wordPressCaptionTag('div', 'wp-caption aligncenter', false), 'figure');
  assert.equal(wordPressCaptionTag('div', 'wp-caption-text', false), 'div', 'a caption text outside a caption');
  assert.equal(wordPressCaptionTag('p', 'wp-caption-text', true), 'figcaption');
  assert.equal(wordPressCaptionTag('div', 'not-wp-caption', false), 'div');
  assert.equal(isWordPressCruft({ class: 'sharedaddy sd-sharing-enabled' }), true);
  assert.equal(isWordPressCruft({ id: 'jp-relatedposts', class: 'jp-relatedposts' }), true);
  assert.equal(isWordPressCruft({ class: 'jp-relatedposts-headline' }), false, 'tokens match whole');
  assert.equal(isWordPressCruft({ class: 'entry-content' }), false);
});

test('tree: round trip of sanitized markup, and null for anything else', () => {
  const canonical = '<p>a &amp; b<br /><img src="x.jpg" alt="" /></p><figure><figcaption>c</figcaption></figure>\n<ul><li>1</li></ul>';
  const tree = parseSanitized(canonical);
  assert.ok(tree);
  assert.equal(serializeTree(tree), canonical);
  const img = (tree.children![0] as { children: unknown[] }).children[2];
  assert.equal(getAttribute(img as never, 'src'), 'x.jpg');
  assert.equal(getAttribute(img as never, 'alt'), '');
  assert.equal(getAttribute(img as never, 'width'), null);
  for (const bad of ['<p>a', 'a</p>', '<p>a</b></p>', 'a < b', '<br>', '<p/>', '<!-- c -->']) assert.equal(parseSanitized(bad), null, bad);
  assert.equal(parseSanitized('<div>'.repeat(600) + '</div>'.repeat(600)), null, 'too deep');
});

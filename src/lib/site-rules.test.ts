import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageRefererFor, siteRuleFor, type SiteRule } from './site-rules.ts';

const sina: SiteRule = { hosts: ['sina.com.cn', 'sinaimg.cn'], imageReferer: 'https://weibo.com/' };
const sinaFinance: SiteRule = { hosts: ['finance.sina.com.cn'], content: ['#artibody'] };
const weixin: SiteRule = { hosts: ['mp.weixin.qq.com', 'mmbiz.qpic.cn'], imageReferer: 'none' };
const mine: SiteRule = { hosts: ['sina.com.cn'], remove: ['.hot'] };

interface RuleCase {
  name: string;
  url: string;
  rules: SiteRule[];
  want: SiteRule | null;
}

const RULE_CASES: RuleCase[] = [
  { name: 'exact host', url: 'https://mp.weixin.qq.com/s/abc', rules: [sina, weixin], want: weixin },
  { name: 'a parent domain covers its subdomains', url: 'https://news.sina.com.cn/c/1.shtml', rules: [sina, weixin], want: sina },
  { name: 'the most specific host wins, whatever the order', url: 'https://finance.sina.com.cn/a.shtml', rules: [sina, sinaFinance], want: sinaFinance },
  { name: 'a look-alike domain is not a subdomain', url: 'https://evilsina.com.cn/a', rules: [sina], want: null },
  { name: 'a parent of the rule host is not covered', url: 'https://qq.com/', rules: [weixin], want: null },
  { name: 'case and port do not matter', url: 'HTTPS://News.SINA.com.cn:8443/a', rules: [sina], want: sina },
  { name: 'same host twice: the first rule (the user\'s, put before the built-ins) wins', url: 'https://news.sina.com.cn/a', rules: [mine, sina], want: mine },
  { name: 'not a URL', url: 'news.sina.com.cn/a', rules: [sina], want: null },
  { name: 'no rules', url: 'https://news.sina.com.cn/a', rules: [], want: null },
];

for (const c of RULE_CASES) {
  test(`siteRuleFor: ${c.name}`, () => {
    assert.equal(siteRuleFor(c.url, c.rules), c.want);
  });
}

interface RefererCase {
  name: string;
  image: string;
  page: string | null;
  want: string | null;
}

const REFERER_CASES: RefererCase[] = [
  { name: "the image host's rule: a URL", image: 'https://wx1.sinaimg.cn/large/1.jpg', page: 'https://rsshub.example/weibo/1', want: 'https://weibo.com/' },
  { name: "the image host's rule: none", image: 'https://mmbiz.qpic.cn/mmbiz_jpg/1/640', page: 'https://example.org/a', want: null },
  { name: "no rule for the image host: the page's rule", image: 'https://img.example.net/1.jpg', page: 'https://mp.weixin.qq.com/s/abc', want: null },
  { name: 'no rule at all: the page', image: 'https://img.example.net/1.jpg', page: 'https://example.org/a', want: 'https://example.org/a' },
  { name: 'no rule and no page: none', image: 'https://img.example.net/1.jpg', page: null, want: null },
];

for (const c of REFERER_CASES) {
  test(`imageRefererFor: ${c.name}`, () => {
    assert.equal(imageRefererFor(c.image, c.page, [sina, weixin]), c.want);
  });
}

test('imageRefererFor: a rule without imageReferer sends the page', () => {
  assert.equal(imageRefererFor('https://finance.sina.com.cn/1.jpg', 'https://finance.sina.com.cn/a', [sinaFinance]), 'https://finance.sina.com.cn/a');
});

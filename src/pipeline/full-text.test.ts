import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FeedItem } from '../model/index.ts';
import { chooseFullText, MIN_PAGE_CHARS, visibleTextLength } from './full-text.ts';

function item(fields: Partial<FeedItem> = {}): FeedItem {
  return {
    id: 'urn:1', title: 'T', link: 'https://news.example.cn/1.html', published: null, updated: null, authors: [],
    summary: null, content: null, categories: [], enclosures: [], comments: null, image: null, ...fields,
  };
}

const LONG_ARTICLE = `<p>${'新华社北京2月2日电 今天上午，记者从有关部门获悉。'.repeat(8)}</p><p>第二段。</p>`;

test('visibleTextLength counts text without tags, spaces or entity spelling', () => {
  assert.equal(visibleTextLength(null), 0);
  assert.equal(visibleTextLength('<p>a b</p>\n<p>&amp;c&nbsp;</p>'), 4);
  assert.equal(visibleTextLength('<p>中文<img src="x.png" alt="不算"></p>'), 2);
});

test('a page with more text than the feed replaces the content and keeps the summary', () => {
  const chosen = chooseFullText(item({ summary: '<p>摘要</p>' }), { kind: 'article', url: 'https://news.example.cn/1.html', content: LONG_ARTICLE });
  assert.equal(chosen.content, LONG_ARTICLE);
  assert.equal(chosen.summary, '<p>摘要</p>');
  assert.equal(chosen.fullText?.from, 'page');
  assert.equal(chosen.fullText?.reason, null);
  assert.equal(chosen.fullText?.feedChars, 2);
  assert.ok(chosen.fullText!.pageChars > MIN_PAGE_CHARS);
});

test('a page with less text than the feed keeps the feed content and says why', () => {
  const feedContent = `<p>${'完整的正文。'.repeat(40)}</p>`;
  const chosen = chooseFullText(item({ content: feedContent }), { kind: 'article', url: 'https://x/1', content: LONG_ARTICLE });
  assert.equal(chosen.content, feedContent);
  assert.equal(chosen.fullText?.from, 'feed');
  assert.match(chosen.fullText!.reason!, /less text \(\d+ characters\) than the feed \(240\)/);
});

test('a failed fetch, an empty extraction and a too-short article all keep the feed content', () => {
  const failed = chooseFullText(item({ summary: '<p>s</p>' }), { kind: 'failed', url: 'https://x/1', reason: 'fetch: HTTP 404' });
  assert.deepEqual(failed.fullText, { from: 'feed', reason: 'fetch: HTTP 404', url: 'https://x/1', pageChars: 0, feedChars: 1 });
  const busy = chooseFullText(item({ summary: '<p>s</p>' }), { kind: 'failed', url: 'https://x/1', reason: 'fetch: HTTP 503', failedAttempts: 2 });
  assert.deepEqual(busy.fullText, { from: 'feed', reason: 'fetch: HTTP 503', url: 'https://x/1', pageChars: 0, feedChars: 1, failedAttempts: 2 });
  assert.equal(failed.content, null);
  const empty = chooseFullText(item(), { kind: 'article', url: 'https://x/1', content: null });
  assert.equal(empty.fullText?.reason, 'no article found on the page');
  const short = chooseFullText(item(), { kind: 'article', url: 'https://x/1', content: '<p>Accept cookies</p>' });
  assert.equal(short.fullText?.from, 'feed');
  assert.match(short.fullText!.reason!, /too short \(13 characters\)/);
  assert.equal(short.content, null);
});

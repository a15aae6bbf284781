import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentHash, itemKey } from './index.ts';
import { normalizeLink } from '../../lib/url.ts';

test('itemKey: guid first, else the normalized link, else the content-derived id', () => {
  assert.equal(itemKey({ id: 'https://a.example/1', link: 'https://a.example/other' }), 'guid:https://a.example/1');
  assert.equal(
    itemKey({ id: 'tidings:abc', link: 'HTTPS://A.Example:443/p?utm_source=rss&id=3#comments' }),
    'link:https://a.example/p?id=3',
  );
  assert.equal(itemKey({ id: 'tidings:abc', link: null }), 'content:abc');
});

test('normalizeLink keeps real parameters byte-for-byte in order and tells http from https', () => {
  assert.equal(normalizeLink('https://a.example/p?b=2&a=1&fbclid=x'), 'https://a.example/p?b=2&a=1');
  assert.notEqual(normalizeLink('http://a.example/p'), normalizeLink('https://a.example/p'));
  assert.equal(normalizeLink('  not a url '), 'not a url');
});

test('contentHash changes with title or body, not with anything else', () => {
  const base = { title: 'T', content: '<p>x</p>', summary: null };
  assert.equal(contentHash(base), contentHash({ ...base }));
  assert.notEqual(contentHash(base), contentHash({ ...base, title: 'T2' }));
  assert.notEqual(contentHash(base), contentHash({ ...base, content: '<p>y</p>' }));
  assert.notEqual(contentHash({ title: 'ab', content: 'c', summary: null }), contentHash({ title: 'a', content: 'bc', summary: null }));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bypassesProxy, selectProxy } from './proxy.ts';

test('bypassesProxy: NO_PROXY as curl reads it', () => {
  const table: Array<[string, string, boolean]> = [
    ['http://example.com/', '', false],
    ['http://example.com/', '*', true],
    ['http://example.com/', 'example.com', true],
    ['http://www.example.com/', 'example.com', true],
    ['http://www.example.com/', '.example.com', true],
    ['http://www.example.com/', '*.example.com', true],
    ['http://notexample.com/', 'example.com', false],
    ['http://EXAMPLE.com/', 'Example.COM', true],
    ['http://example.com:8080/', 'example.com:8080', true],
    ['http://example.com/', 'example.com:8080', false],
    ['https://example.com/', 'example.com:443', true],
    ['http://127.0.0.1:3000/', 'localhost, 127.0.0.1', true],
    ['http://[::1]:3000/', '[::1]', true],
    ['http://[::1]:3000/', '::1', true],
    ['http://[::1]:3000/', '[::1]:3000', true],
    ['http://a.test/', 'b.test c.test,a.test', true],
  ];
  for (const [url, noProxy, expected] of table) assert.equal(bypassesProxy(new URL(url), noProxy), expected, `${url} / ${noProxy}`);
});

test('selectProxy: by scheme, unless NO_PROXY matches', () => {
  const proxy = { http: 'http://proxy:3128', https: 'http://secure-proxy:3128', noProxy: 'internal.test' };
  assert.equal(selectProxy(new URL('http://a.test/'), proxy), 'http://proxy:3128');
  assert.equal(selectProxy(new URL('https://a.test/'), proxy), 'http://secure-proxy:3128');
  assert.equal(selectProxy(new URL('https://internal.test/'), proxy), null);
  assert.equal(selectProxy(new URL('https://a.test/'), { http: 'http://proxy:3128' }), null, 'HTTP_PROXY is not used for https');
  assert.equal(selectProxy(new URL('http://a.test/'), null), null);
});

// Table tests for response.ts: one named case per outcome, with the rule it follows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PrivateNetworkError } from './guard.ts';
import {
  FetchFailure,
  classifyError,
  classifyResponse,
  parseCacheLifetime,
  parseHttpDate,
  parseRetryAfter,
  redirectKind,
  type FetchOutcome,
} from './response.ts';
import type { FetchErrorCode, FetchResult } from './types.ts';

const NOW = new Date('2024-05-01T12:00:00Z');
const URL_ = 'https://example.com/feed.xml';
const BODY = new TextEncoder().encode('<rss/>');

function outcome(over: Partial<FetchOutcome> & { status?: number; headers?: Record<string, string>; body?: Uint8Array | null }): FetchOutcome {
  const { status, headers, body, ...rest } = over;
  return {
    requestedUrl: URL_,
    url: URL_,
    redirects: [],
    conditional: null,
    now: NOW,
    remoteAddress: '93.184.216.34',
    proxied: false,
    response: status === undefined ? null : { status, headers: headers ?? {}, body: body === undefined ? BODY : body },
    ...rest,
  };
}

interface StatusCase {
  name: string;
  status: number;
  headers?: Record<string, string>;
  body?: Uint8Array | null;
  conditional?: FetchOutcome['conditional'];
  expect: Partial<Pick<FetchResult, 'kind' | 'disable' | 'retryAfterSeconds' | 'etag' | 'lastModified'>> & { code?: FetchErrorCode | null; message?: string };
}

const CONDITIONAL = { etag: '"abc"', lastModified: 'Wed, 01 May 2024 10:00:00 GMT' };

const STATUS_CASES: StatusCase[] = [
  { name: '200 OK with a body (RFC 9110 §15.3.1)', status: 200, expect: { kind: 'ok', code: null } },
  { name: '203 Non-Authoritative is content too (§15.3.4)', status: 203, expect: { kind: 'ok' } },
  { name: '200 with an empty body is a failure', status: 200, body: new Uint8Array(0), expect: { kind: 'failed', code: 'empty-body' } },
  { name: '204 No Content (§15.3.5)', status: 204, body: null, expect: { kind: 'failed', code: 'empty-body' } },
  { name: '206 without a Range request (§15.3.7)', status: 206, expect: { kind: 'failed', code: 'unexpected-status' } },
  {
    name: '304 answers our conditional GET (§15.4.5); validators kept when not repeated',
    status: 304,
    body: null,
    conditional: CONDITIONAL,
    expect: { kind: 'not-modified', code: null, etag: '"abc"', lastModified: CONDITIONAL.lastModified },
  },
  {
    name: '304 with a new ETag replaces the stored one (RFC 9111 §4.3.4)',
    status: 304,
    headers: { etag: '"def"' },
    body: null,
    conditional: CONDITIONAL,
    expect: { kind: 'not-modified', etag: '"def"', lastModified: CONDITIONAL.lastModified },
  },
  { name: '304 without a conditional request is unexpected', status: 304, body: null, expect: { kind: 'failed', code: 'unexpected-status' } },
  { name: '301 without Location cannot be followed', status: 301, expect: { code: 'bad-redirect', message: 'fetch: unusable redirect (301, no Location) https://example.com/feed.xml' } },
  { name: '305 Use Proxy is deprecated (§15.4.6)', status: 305, expect: { code: 'unexpected-status' } },
  { name: '400 falls back to its class', status: 400, expect: { code: 'client-error' } },
  { name: '401 (§15.5.2)', status: 401, expect: { code: 'unauthorized', message: 'fetch: access unauthorized (401) https://example.com/feed.xml' } },
  { name: '403 (§15.5.4)', status: 403, expect: { code: 'forbidden' } },
  { name: '404 (§15.5.5)', status: 404, expect: { code: 'not-found', message: 'fetch: resource not found (404) https://example.com/feed.xml', disable: false } },
  { name: '410 Gone disables the source (§15.5.11)', status: 410, expect: { code: 'gone', disable: true } },
  { name: '429 with Retry-After seconds (RFC 6585 §4)', status: 429, headers: { 'retry-after': '120' }, expect: { code: 'rate-limited', retryAfterSeconds: 120 } },
  { name: '429 with Retry-After HTTP-date (RFC 9110 §10.2.3)', status: 429, headers: { 'retry-after': 'Wed, 01 May 2024 12:05:00 GMT' }, expect: { retryAfterSeconds: 300 } },
  { name: '429 with a Retry-After date in the past means now', status: 429, headers: { 'retry-after': 'Wed, 01 May 2024 11:00:00 GMT' }, expect: { retryAfterSeconds: 0 } },
  { name: '429 with a garbled Retry-After is ignored', status: 429, headers: { 'retry-after': 'soon' }, expect: { code: 'rate-limited', retryAfterSeconds: null } },
  { name: '451 (RFC 7725)', status: 451, expect: { code: 'client-error', message: 'fetch: unavailable for legal reasons (451) https://example.com/feed.xml' } },
  { name: '500 (§15.6.1)', status: 500, expect: { code: 'server-error', message: 'fetch: remote server error (500) https://example.com/feed.xml' } },
  { name: '500 with Retry-After: only 429 and 503 are honoured', status: 500, headers: { 'retry-after': '60' }, expect: { retryAfterSeconds: null } },
  { name: '502 (§15.6.3)', status: 502, expect: { code: 'bad-gateway' } },
  { name: '503 with Retry-After (§15.6.4)', status: 503, headers: { 'retry-after': '3600' }, expect: { code: 'unavailable', retryAfterSeconds: 3600 } },
  { name: '504 (§15.6.5)', status: 504, expect: { code: 'gateway-timeout' } },
  { name: '599 falls back to its class', status: 599, expect: { code: 'server-error' } },
  { name: '1xx as a final status', status: 199, expect: { code: 'unexpected-status' } },
  { name: 'out of range status', status: 700, expect: { code: 'unexpected-status' } },
];

test('classifyResponse: status codes', () => {
  for (const c of STATUS_CASES) {
    const result = classifyResponse(outcome({ status: c.status, headers: c.headers, body: c.body, conditional: c.conditional ?? null }));
    const { code, message, ...fields } = c.expect;
    if (code !== undefined) assert.equal(result.error?.code ?? null, code, c.name);
    if (message !== undefined) assert.equal(result.error?.message, message, c.name);
    for (const [key, value] of Object.entries(fields)) assert.deepEqual(result[key as keyof FetchResult], value, `${c.name}: ${key}`);
    if (result.kind === 'failed') {
      assert.match(result.error!.message, /^fetch: /, c.name);
      assert.ok(result.error!.hint.length > 0, c.name);
      assert.equal(result.body, null, `${c.name}: no body on failure`);
    } else assert.equal(result.error, null, c.name);
    if (c.status !== 410) assert.equal(result.disable, false, `${c.name}: only 410 disables`);
  }
});

interface ErrorCase {
  name: string;
  error: unknown;
  code: FetchErrorCode;
  detail?: RegExp;
}

const err = (code: string, message = code, extra: object = {}) => Object.assign(new Error(message), { code }, extra);

const ERROR_CASES: ErrorCase[] = [
  { name: 'our own limit: too large', error: new FetchFailure('too-large', 'over 20 MB'), code: 'too-large', detail: /^over 20 MB$/ },
  { name: 'our own limit, wrapped by a stream error', error: Object.assign(new Error('pipeline'), { cause: new FetchFailure('decompression-limit', 'over 8 MB') }), code: 'decompression-limit' },
  { name: 'redirect loop', error: new FetchFailure('redirect-loop', '302 back to https://a/'), code: 'redirect-loop' },
  { name: 'too many redirects', error: new FetchFailure('too-many-redirects', 'more than 5'), code: 'too-many-redirects' },
  { name: 'private network, from the guard', error: new PrivateNetworkError('x.example', '10.0.0.1', 'private'), code: 'private-network', detail: /^10\.0\.0\.1, private for x\.example$/ },
  { name: 'private network, wrapped by undici', error: Object.assign(new Error('connect failed'), { cause: new PrivateNetworkError('', '::1', 'loopback') }), code: 'private-network' },
  { name: 'undici connect timeout', error: err('UND_ERR_CONNECT_TIMEOUT', 'Connect Timeout Error'), code: 'connect-timeout' },
  { name: 'kernel connect timeout', error: err('ETIMEDOUT'), code: 'connect-timeout' },
  { name: 'undici headers timeout', error: err('UND_ERR_HEADERS_TIMEOUT'), code: 'headers-timeout' },
  { name: 'undici body (idle) timeout', error: err('UND_ERR_BODY_TIMEOUT'), code: 'body-timeout' },
  { name: 'our whole-body deadline', error: new FetchFailure('body-timeout', 'over 60000 ms'), code: 'body-timeout' },
  { name: 'DNS: no such host', error: err('ENOTFOUND', 'getaddrinfo ENOTFOUND x.test', { hostname: 'x.test' }), code: 'dns', detail: /^ENOTFOUND x\.test$/ },
  { name: 'DNS: temporary failure', error: err('EAI_AGAIN'), code: 'dns' },
  { name: 'connection refused', error: err('ECONNREFUSED'), code: 'connection-refused' },
  { name: 'connection reset', error: err('ECONNRESET'), code: 'connection-reset' },
  { name: 'undici: other side closed', error: err('UND_ERR_SOCKET', 'other side closed'), code: 'connection-reset' },
  { name: 'body shorter than Content-Length', error: err('UND_ERR_RES_CONTENT_LENGTH_MISMATCH'), code: 'connection-reset' },
  { name: 'malformed HTTP from the server', error: err('HPE_INVALID_CONSTANT'), code: 'connection-reset' },
  { name: 'connect failures from happy eyeballs', error: new AggregateError([err('ECONNREFUSED')], 'all failed'), code: 'connection-refused' },
  { name: 'TLS: bad certificate', error: err('CERT_HAS_EXPIRED'), code: 'tls' },
  { name: 'TLS: self-signed', error: err('DEPTH_ZERO_SELF_SIGNED_CERT'), code: 'tls' },
  { name: 'TLS: wrong protocol', error: err('ERR_SSL_WRONG_VERSION_NUMBER'), code: 'tls' },
  { name: 'corrupt gzip', error: err('Z_DATA_ERROR', 'incorrect header check'), code: 'bad-encoding' },
  { name: 'corrupt brotli', error: err('ERR__ERROR_FORMAT_PADDING_1'), code: 'bad-encoding' },
  { name: 'unsupported Content-Encoding', error: new FetchFailure('unsupported-encoding', 'zstd'), code: 'unsupported-encoding' },
  { name: 'proxy refuses the tunnel', error: new Error('Proxy response (403) !== 200 when HTTP Tunneling'), code: 'proxy' },
  { name: 'proxy wants credentials', error: new Error('Proxy Authentication Required (407)'), code: 'proxy' },
  { name: 'cancelled by the caller', error: Object.assign(new Error('This operation was aborted'), { name: 'AbortError' }), code: 'aborted' },
  { name: 'undici abort', error: err('UND_ERR_ABORTED'), code: 'aborted' },
  { name: 'anything else', error: new Error('something odd'), code: 'network', detail: /^something odd$/ },
  { name: 'a thrown non-error', error: 'boom', code: 'network' },
];

test('classifyError: transport failures', () => {
  for (const c of ERROR_CASES) {
    const got = classifyError(c.error);
    assert.equal(got.code, c.code, c.name);
    if (c.detail) assert.match(got.detail, c.detail, c.name);
  }
});

test('classifyResponse: a failure after the headers keeps the status but reports the failure', () => {
  const result = classifyResponse(outcome({ status: 200, body: null, error: new FetchFailure('too-large', 'over 1 MB') }));
  assert.equal(result.kind, 'failed');
  assert.equal(result.status, 200);
  assert.equal(result.body, null);
  assert.equal(result.error?.message, 'fetch: response body too large (over 1 MB) https://example.com/feed.xml');
});

test('classifyResponse: the permanent redirect is the end of the leading run of 301/308', () => {
  const hops = (...statuses: number[]) => statuses.map((status, i) => ({ from: `https://h/${i}`, to: `https://h/${i + 1}`, status }));
  const cases: Array<[string, number[], string | null]> = [
    ['none', [], null],
    ['301', [301], 'https://h/1'],
    ['308 then 301', [308, 301], 'https://h/2'],
    ['301 then 302: the 302 target is temporary', [301, 302], 'https://h/1'],
    ['302 then 301: the source URL itself only moved temporarily', [302, 301], null],
    ['307', [307], null],
  ];
  for (const [name, statuses, expected] of cases) {
    assert.equal(classifyResponse(outcome({ status: 200, redirects: hops(...statuses) })).permanentRedirect, expected, name);
  }
});

test('redirectKind (RFC 9110 §15.4)', () => {
  const table: Array<[number, ReturnType<typeof redirectKind>]> = [
    [300, 'temporary'], [301, 'permanent'], [302, 'temporary'], [303, 'temporary'],
    [304, null], [305, null], [306, null], [307, 'temporary'], [308, 'permanent'], [200, null],
  ];
  for (const [status, kind] of table) assert.equal(redirectKind(status), kind, String(status));
});

test('parseHttpDate: the three forms of RFC 9110 §5.6.7', () => {
  const expected = Date.UTC(1994, 10, 6, 8, 49, 37);
  assert.equal(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')?.getTime(), expected, 'IMF-fixdate');
  assert.equal(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT')?.getTime(), expected, 'RFC 850');
  assert.equal(parseHttpDate('Sun Nov  6 08:49:37 1994')?.getTime(), expected, 'asctime');
  for (const bad of ['', '0', '-1', 'tomorrow', 'Sun, 06 Nov 1994 08:49:37 PST', 'Sun, 06 Foo 1994 08:49:37 GMT', 'Sun, 06 Nov 1994 25:00:00 GMT']) {
    assert.equal(parseHttpDate(bad), null, JSON.stringify(bad));
  }
});

test('parseRetryAfter: seconds, dates, and what is ignored', () => {
  const table: Array<[string | null, number | null]> = [
    ['120', 120],
    [' 5 ', 5],
    ['0', 0],
    ['Wed, 01 May 2024 12:01:30 GMT', 90],
    ['Wed, 01 May 2024 11:00:00 GMT', 0],
    ['-5', null],
    ['1.5', null],
    ['later', null],
    [null, null],
  ];
  for (const [value, seconds] of table) assert.equal(parseRetryAfter(value, NOW), seconds, String(value));
});

test('parseCacheLifetime: max-age, Age, Expires (RFC 9111 §4.2.1, §5.3)', () => {
  const table: Array<[string, Record<string, string>, number | null]> = [
    ['nothing said', {}, null],
    ['max-age', { 'cache-control': 'public, max-age=3600' }, 3600],
    ['max-age less Age', { 'cache-control': 'max-age=3600', age: '600' }, 3000],
    ['Age past max-age', { 'cache-control': 'max-age=60', age: '600' }, 0],
    ['quoted max-age is tolerated', { 'cache-control': 'max-age="120"' }, 120],
    ['max-age wins over Expires', { 'cache-control': 'max-age=10', expires: 'Wed, 01 May 2024 14:00:00 GMT' }, 10],
    ['s-maxage is for shared caches', { 'cache-control': 's-maxage=600' }, null],
    ['no-cache alone says nothing about polling', { 'cache-control': 'no-cache' }, null],
    ['Expires less Date', { expires: 'Wed, 01 May 2024 14:00:00 GMT', date: 'Wed, 01 May 2024 13:00:00 GMT' }, 3600],
    ['Expires less now without Date', { expires: 'Wed, 01 May 2024 14:00:00 GMT' }, 7200],
    ['invalid Expires means stale', { expires: '0' }, 0],
  ];
  for (const [name, headers, expected] of table) assert.equal(parseCacheLifetime(headers, NOW), expected, name);
});

test('classifyResponse: max-age is reported on success for the scheduler', () => {
  const result = classifyResponse(outcome({ status: 200, headers: { 'cache-control': 'max-age=7200' } }));
  assert.equal(result.maxAgeSeconds, 7200);
});

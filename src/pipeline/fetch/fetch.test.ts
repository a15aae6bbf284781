// End-to-end: fetchResource against a real loopback server (test/helpers/fixture-server.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync, deflateSync, deflateRawSync, brotliCompressSync } from 'node:zlib';
import type { LookupFunction } from 'node:net';
import type { ServerResponse } from 'node:http';
import { useFixtureServer, startProxyServer, sendText, redirectTo, delay } from '../../../test/helpers/fixture-server.ts';
import { createFetcher, fetchResource, scheduleNextCheck, type FetchOptions } from './index.ts';

const NOW = new Date('2024-05-01T12:00:00Z');
const FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>';

function options(over: Partial<FetchOptions> = {}): FetchOptions {
  return {
    userAgent: 'TidingsTest/1.0 (+loopback)',
    timeouts: { connectMs: 2000, headersMs: 2000, bodyMs: 5000 },
    maxBodyBytes: 20 * 1024 * 1024,
    maxRedirects: 5,
    allowPrivateNetworks: true, // the fixture server is on loopback
    now: () => NOW,
    ...over,
  };
}

/** A resolver for names that have no DNS: name → address. */
function fakeLookup(table: Record<string, string>): LookupFunction {
  return ((hostname: string, opts: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    const address = table[hostname];
    if (!address) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname }));
    const family = address.includes(':') ? 6 : 4;
    if (opts.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as LookupFunction;
}

/** Resolves when a response can take more, or is gone. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((done) => {
    const finish = () => (res.off('drain', finish), res.off('close', finish), done());
    res.on('drain', finish);
    res.on('close', finish);
  });
}

const text = (body: Uint8Array | null) => Buffer.from(body ?? []).toString('utf8');

test('200: body, content type, User-Agent and the address connected to', async (t) => {
  const server = await useFixtureServer(t, { routes: { '/feed.xml': sendText(FEED, { headers: { 'content-type': 'application/rss+xml' } }) } });
  const result = await fetchResource(server.url('/feed.xml'), null, options());
  assert.equal(result.kind, 'ok');
  assert.equal(result.status, 200);
  assert.equal(text(result.body), FEED);
  assert.equal(result.contentType, 'application/rss+xml');
  assert.equal(result.remoteAddress, '127.0.0.1');
  assert.equal(result.error, null);
  assert.equal(server.requests[0]!.headers['user-agent'], 'TidingsTest/1.0 (+loopback)');
  assert.equal(server.requests[0]!.headers['accept-encoding'], 'gzip, deflate, br');
});

test('HTML instead of a feed is not this stage\'s concern: a plain 200', async (t) => {
  const server = await useFixtureServer(t, { routes: { '/': sendText('<!doctype html><title>x</title>', { headers: { 'content-type': 'text/html' } }) } });
  const result = await fetchResource(server.url('/'), null, options());
  assert.equal(result.kind, 'ok');
  assert.equal(result.contentType, 'text/html');
});

test('ETag and Last-Modified round trip: the second fetch is conditional and gets 304', async (t) => {
  const etag = '"v1"';
  const lastModified = 'Wed, 01 May 2024 10:00:00 GMT';
  const server = await useFixtureServer(t, {
    routes: {
      '/feed': (req, res) => {
        if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
        res.writeHead(200, { etag, 'last-modified': lastModified, 'content-type': 'application/rss+xml' }).end(FEED);
      },
      '/lm-only': (req, res) => {
        if (req.headers['if-modified-since'] === lastModified) return void res.writeHead(304).end();
        res.writeHead(200, { 'last-modified': lastModified }).end(FEED);
      },
    },
  });
  const first = await fetchResource(server.url('/feed'), null, options());
  assert.equal(first.kind, 'ok');
  assert.deepEqual([first.etag, first.lastModified], [etag, lastModified]);

  const second = await fetchResource(server.url('/feed'), { etag: first.etag, lastModified: first.lastModified }, options());
  assert.equal(second.kind, 'not-modified');
  assert.equal(second.status, 304);
  assert.equal(second.body, null);
  // The validators survive a 304 that repeats only some of them.
  assert.deepEqual([second.etag, second.lastModified], [etag, lastModified]);
  assert.equal(server.requests[1]!.headers['if-none-match'], etag);
  assert.equal(server.requests[1]!.headers['if-modified-since'], lastModified);

  const lm = await fetchResource(server.url('/lm-only'), { etag: null, lastModified }, options());
  assert.equal(lm.kind, 'not-modified');
  assert.equal(lm.lastModified, lastModified);
});

test('redirects: 301 updates the stored URL, 302 does not, a loop and more than 5 hops are refused', async (t) => {
  const server = await useFixtureServer(t, {
    routes: {
      '/final': sendText(FEED),
      '/moved': redirectTo('/final', 301),
      '/perm308': redirectTo('/final', 308),
      '/temp': redirectTo('/final', 302),
      '/perm-then-temp': redirectTo('/temp', 301),
      '/temp-then-perm': redirectTo('/moved', 307),
      '/loop-a': redirectTo('/loop-b', 302),
      '/loop-b': redirectTo('/loop-a', 301),
      '/hop/*': (req, res, { url }) => {
        const n = Number(url.pathname.split('/')[2]);
        if (n === 0) return void res.writeHead(200).end(FEED);
        res.writeHead(302, { location: `/hop/${n - 1}` }).end();
      },
      '/no-location': (_req, res) => void res.writeHead(302).end(),
      '/to-file': redirectTo('file:///etc/passwd', 302),
    },
  });
  const moved = await fetchResource(server.url('/moved'), null, options());
  assert.equal(moved.kind, 'ok');
  assert.equal(moved.url, server.url('/final'));
  assert.equal(moved.permanentRedirect, server.url('/final'));
  assert.deepEqual(moved.redirects, [{ from: server.url('/moved'), to: server.url('/final'), status: 301 }]);

  assert.equal((await fetchResource(server.url('/perm308'), null, options())).permanentRedirect, server.url('/final'));

  const temp = await fetchResource(server.url('/temp'), null, options());
  assert.equal(temp.kind, 'ok');
  assert.equal(temp.url, server.url('/final'));
  assert.equal(temp.permanentRedirect, null);

  // Only the unbroken run of permanent hops from the start counts.
  assert.equal((await fetchResource(server.url('/perm-then-temp'), null, options())).permanentRedirect, server.url('/temp'));
  assert.equal((await fetchResource(server.url('/temp-then-perm'), null, options())).permanentRedirect, null);

  const loop = await fetchResource(server.url('/loop-a'), null, options());
  assert.equal(loop.kind, 'failed');
  assert.equal(loop.error?.code, 'redirect-loop');
  assert.equal(loop.redirects.length, 2);

  const five = await fetchResource(server.url('/hop/5'), null, options());
  assert.equal(five.kind, 'ok', 'exactly 5 redirects are followed');
  const six = await fetchResource(server.url('/hop/6'), null, options());
  assert.equal(six.error?.code, 'too-many-redirects');
  assert.match(six.error!.message, /^fetch: too many redirects \(more than 5\) http:\/\/127\.0\.0\.1:\d+\/hop\/1$/);

  assert.equal((await fetchResource(server.url('/no-location'), null, options())).error?.code, 'bad-redirect');
  assert.equal((await fetchResource(server.url('/to-file'), null, options())).error?.code, 'bad-redirect');
});

test('credentials in extraHeaders are not forwarded to another origin by a redirect', async (t) => {
  const other = await useFixtureServer(t, { routes: { '/feed': sendText(FEED) } });
  const server = await useFixtureServer(t, { routes: { '/start': redirectTo(other.url('/feed'), 302) } });
  const result = await fetchResource(server.url('/start'), null, options({ extraHeaders: { Authorization: 'Bearer s3cret', 'X-Note': 'kept' } }));
  assert.equal(result.kind, 'ok');
  assert.equal(server.requests[0]!.headers['authorization'], 'Bearer s3cret');
  assert.equal(other.requests[0]!.headers['authorization'], undefined);
  assert.equal(other.requests[0]!.headers['x-note'], 'kept');
});

test('per-call headers (Referer, User-Agent) and a lower per-call size limit; credentials still stay home', async (t) => {
  const image = Buffer.alloc(4096, 0x42);
  const other = await useFixtureServer(t, { routes: { '/img': sendText(image) } });
  const server = await useFixtureServer(t, { routes: { '/img': sendText(image), '/moved': redirectTo(other.url('/img'), 302) } });
  const fetcher = createFetcher(options({ extraHeaders: { 'X-Note': 'default', Authorization: 'Bearer s3cret' } }));
  const call = { headers: { Referer: 'https://news.example/a', 'User-Agent': 'SiteRule/1.0', 'X-Note': 'call' } };
  const ok = await fetcher.fetch(server.url('/img'), null, call);
  assert.equal(ok.kind, 'ok');
  const sent = server.requests[0]!.headers;
  assert.equal(sent['referer'], 'https://news.example/a');
  assert.equal(sent['user-agent'], 'SiteRule/1.0');
  assert.equal(sent['x-note'], 'call', 'the call\'s header wins over extraHeaders');
  assert.equal(sent['authorization'], 'Bearer s3cret');

  // Without call headers the next request is the fetcher's own again.
  await fetcher.fetch(server.url('/img'), null);
  assert.equal(server.requests[1]!.headers['referer'], undefined);
  assert.equal(server.requests[1]!.headers['user-agent'], 'TidingsTest/1.0 (+loopback)');

  // Across a redirect the Referer goes along, the credentials do not.
  const moved = await fetcher.fetch(server.url('/moved'), null, call);
  assert.equal(moved.kind, 'ok');
  assert.equal(other.requests[0]!.headers['referer'], 'https://news.example/a');
  assert.equal(other.requests[0]!.headers['authorization'], undefined);

  const limited = await fetcher.fetch(server.url('/img'), null, { maxBodyBytes: 1024 });
  assert.equal(limited.error?.code, 'too-large');
  assert.match(limited.error!.message, /Content-Length 4 KB, limit 1 KB/);
  // A per-call limit never raises the fetcher's own.
  const small = createFetcher(options({ maxBodyBytes: 2048 }));
  assert.equal((await small.fetch(server.url('/img'), null, { maxBodyBytes: 1024 * 1024 })).error?.code, 'too-large');
});

test('user:pass@ in the URL is sent as Basic auth to that origin only, and never reported', async (t) => {
  const other = await useFixtureServer(t, { routes: { '/feed': sendText(FEED) } });
  const server = await useFixtureServer(t, { routes: { '/private': redirectTo(other.url('/feed'), 302) } });
  const result = await fetchResource(`http://reader:p%40ss@127.0.0.1:${server.port}/private`, null, options());
  assert.equal(result.kind, 'ok');
  assert.equal(server.requests[0]!.headers['authorization'], `Basic ${Buffer.from('reader:p@ss').toString('base64')}`);
  assert.equal(other.requests[0]!.headers['authorization'], undefined);
  assert.ok(!JSON.stringify({ ...result, body: null, requestedUrl: null }).includes('p%40ss'));
});

test('429 and 503 with Retry-After in seconds and as an HTTP-date; the schedule waits for it', async (t) => {
  const server = await useFixtureServer(t, {
    routes: {
      '/seconds': sendText('slow down', { status: 429, headers: { 'retry-after': '120' } }),
      '/date': sendText('maintenance', { status: 503, headers: { 'retry-after': new Date(NOW.getTime() + 90_000).toUTCString() } }),
    },
  });
  const seconds = await fetchResource(server.url('/seconds'), null, options());
  assert.equal(seconds.error?.code, 'rate-limited');
  assert.equal(seconds.retryAfterSeconds, 120);
  const date = await fetchResource(server.url('/date'), null, options());
  assert.equal(date.error?.code, 'unavailable');
  assert.equal(date.retryAfterSeconds, 90);

  const plan = scheduleNextCheck({ now: NOW, result: seconds, failures: 0, minIntervalSeconds: 60, random: () => 0 });
  assert.equal(plan.nextCheckAt?.getTime(), NOW.getTime() + 120_000);
  assert.match(plan.reason, /Retry-After 2m honoured/);
});

test('500s: the backoff grows exponentially, within its jitter bounds, and never stops', async (t) => {
  const server = await useFixtureServer(t, { routes: { '/feed': sendText('boom', { status: 500 }) } });
  const waitFor = (plan: { nextCheckAt: Date | null }) => (plan.nextCheckAt!.getTime() - NOW.getTime()) / 1000;
  let failures = 0;
  let previousLongest = 0;
  for (let attempt = 1; attempt <= 12; attempt++) {
    const result = await fetchResource(server.url('/feed'), null, options());
    assert.equal(result.error?.code, 'server-error');
    assert.match(result.error!.message, /^fetch: remote server error \(500\) http:/);
    const plan = (r: number) => scheduleNextCheck({ now: NOW, result, failures, minIntervalSeconds: 600, random: () => r });
    const nominal = Math.min(86_400, 600 * 2 ** (attempt - 1));
    const longest = waitFor(plan(0));
    const shortest = waitFor(plan(0.999999));
    assert.equal(longest, nominal, `attempt ${attempt}`);
    assert.ok(shortest >= nominal * 0.75 && shortest < nominal, `attempt ${attempt}: ${shortest}s`);
    // Jitter never makes a later wait shorter than an earlier one, until the 24 h cap.
    if (nominal < 86_400) assert.ok(shortest > previousLongest, `attempt ${attempt} grows`);
    assert.match(plan(0.5).reason, new RegExp(`^failure ${attempt} \\(fetch: remote server error \\(500\\)`));
    previousLongest = longest;
    failures = plan(0.5).failures;
  }
  assert.equal(failures, 12);
});

test('410 Gone disables the source, and the schedule says so', async (t) => {
  const server = await useFixtureServer(t, { routes: { '/feed': sendText('gone', { status: 410 }) } });
  const result = await fetchResource(server.url('/feed'), null, options());
  assert.equal(result.kind, 'failed');
  assert.equal(result.disable, true);
  assert.equal(result.error?.code, 'gone');
  const plan = scheduleNextCheck({ now: NOW, result, failures: 0, minIntervalSeconds: 600, random: Math.random });
  assert.equal(plan.nextCheckAt, null);
  assert.match(plan.reason, /^disabled: fetch: resource gone \(410\)/);
});

test('slow headers time out', async (t) => {
  const server = await useFixtureServer(t, {
    routes: {
      '/slow': (_req, res) => {
        const answer = setTimeout(() => res.writeHead(200).end(FEED), 2000);
        res.on('close', () => clearTimeout(answer)); // no timer left behind once the client gives up
      },
    },
  });
  const started = Date.now();
  const result = await fetchResource(server.url('/slow'), null, options({ timeouts: { connectMs: 1000, headersMs: 200, bodyMs: 5000 } }));
  assert.equal(result.error?.code, 'headers-timeout');
  assert.ok(Date.now() - started < 2000);
});

test('a body that keeps trickling is cut at the whole-body deadline, not an idle timer', async (t) => {
  const server = await useFixtureServer(t, {
    routes: {
      '/trickle': async (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        while (!res.destroyed) {
          res.write('<!-- still here -->');
          await delay(40);
        }
      },
    },
  });
  const started = Date.now();
  const result = await fetchResource(server.url('/trickle'), null, options({ timeouts: { connectMs: 1000, headersMs: 1000, bodyMs: 300 } }));
  assert.equal(result.error?.code, 'body-timeout');
  assert.equal(result.status, 200);
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 250 && elapsed < 2000, `${elapsed} ms`);
});

test('a connection reset, before the headers and in the middle of the body', async (t) => {
  const server = await useFixtureServer(t, {
    routes: {
      '/reset': (req) => void req.socket.destroy(),
      '/half': async (req, res) => {
        res.writeHead(200, { 'content-length': '100000' });
        res.write('x'.repeat(1000));
        await delay(20);
        req.socket.destroy();
      },
    },
  });
  const early = await fetchResource(server.url('/reset'), null, options());
  assert.equal(early.error?.code, 'connection-reset', early.error?.message);
  assert.equal(early.status, null);
  const half = await fetchResource(server.url('/half'), null, options());
  assert.equal(half.error?.code, 'connection-reset', half.error?.message);
});

test('connection refused and a DNS failure', async (t) => {
  const server = await useFixtureServer(t);
  const port = server.port;
  await server.close();
  const refused = await fetchResource(`http://127.0.0.1:${port}/`, null, options());
  assert.equal(refused.error?.code, 'connection-refused');
  const dns = await fetchResource('http://no-such-host.test/', null, options({ lookup: fakeLookup({}) }));
  assert.equal(dns.error?.code, 'dns');
  assert.match(dns.error!.message, /^fetch: host not found \(ENOTFOUND no-such-host\.test\) http:\/\/no-such-host\.test\/$/);
});

test('gzip, deflate (zlib and raw) and br bodies are decoded', async (t) => {
  const body = Buffer.from(FEED.repeat(50));
  const encoded: Record<string, [string, Buffer]> = {
    gzip: ['gzip', gzipSync(body)],
    xgzip: ['x-gzip', gzipSync(body)],
    deflate: ['deflate', deflateSync(body)],
    raw: ['deflate', deflateRawSync(body)],
    br: ['br', brotliCompressSync(body)],
    both: ['deflate, gzip', gzipSync(deflateSync(body))],
  };
  const routes = Object.fromEntries(
    Object.entries(encoded).map(([name, [encoding, bytes]]) => [`/${name}`, sendText(bytes, { headers: { 'content-encoding': encoding } })]),
  );
  const server = await useFixtureServer(t, { routes });
  for (const name of Object.keys(encoded)) {
    const result = await fetchResource(server.url(`/${name}`), null, options());
    assert.equal(result.kind, 'ok', `${name}: ${result.error?.message}`);
    assert.equal(text(result.body), body.toString(), name);
  }
});

test('compressed bodies: corrupt, unsupported, and over the wire limit', async (t) => {
  const noise = Buffer.from(Array.from({ length: 256 * 1024 }, (_, i) => (i * 7919) % 251)); // poorly compressible
  const server = await useFixtureServer(t, {
    routes: {
      '/corrupt': sendText(Buffer.from('definitely not gzip'), { headers: { 'content-encoding': 'gzip' } }),
      '/zstd': sendText(Buffer.from('whatever'), { headers: { 'content-encoding': 'zstd' } }),
      '/big-gzip': (_req, res) => void res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(noise, { level: 0 })),
    },
  });
  assert.equal((await fetchResource(server.url('/corrupt'), null, options())).error?.code, 'bad-encoding');
  const zstd = await fetchResource(server.url('/zstd'), null, options());
  assert.equal(zstd.error?.code, 'unsupported-encoding');
  assert.match(zstd.error!.message, /^fetch: unsupported content encoding \(zstd\)/);
  // The wire limit counts compressed bytes, whatever they decode to.
  const big = await fetchResource(server.url('/big-gzip'), null, options({ maxBodyBytes: 64 * 1024, maxDecompressedBytes: 10 * 1024 * 1024 }));
  assert.equal(big.error?.code, 'too-large', big.error?.message);
});

test('a connect that never completes times out (here: a resolver that never answers)', async () => {
  const never = (() => undefined) as unknown as LookupFunction;
  // A real look-up keeps the event loop alive; this fake one does not, and undici's timers are unref'd.
  const keepAlive = setTimeout(() => undefined, 5000);
  const started = Date.now();
  const result = await fetchResource('http://stuck.test/', null, options({ lookup: never, timeouts: { connectMs: 300, headersMs: 1000, bodyMs: 1000 } }));
  clearTimeout(keepAlive);
  assert.equal(result.error?.code, 'connect-timeout', result.error?.message);
  assert.ok(Date.now() - started < 2500, `${Date.now() - started} ms`);
});

test('a gzip bomb is refused at the decompression limit, long before the stream ends, in bounded memory', async (t) => {
  // 16 MiB of zeros in about 16 KiB; gzip members may be concatenated (RFC 1952 §2.2).
  const member = gzipSync(Buffer.alloc(16 * 1024 * 1024));
  const members = 4000; // 64 MB on the wire, 64 GiB decoded if read to the end
  let written = 0;
  let finished = false;
  const server = await useFixtureServer(t, {
    routes: {
      '/bomb': async (_req, res) => {
        res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/rss+xml' });
        for (let i = 0; i < members && !res.destroyed; i++) {
          written++;
          if (!res.write(member)) await drained(res);
        }
        finished = !res.destroyed;
        res.end();
      },
    },
  });
  const rssBefore = process.memoryUsage().rss;
  const result = await fetchResource(server.url('/bomb'), null, options({ maxDecompressedBytes: 8 * 1024 * 1024 }));
  const growth = process.memoryUsage().rss - rssBefore;
  assert.equal(result.error?.code, 'decompression-limit');
  assert.match(result.error!.message, /^fetch: decompressed body too large \(over 8 MB from .* gzip\)/);
  await delay(50);
  assert.equal(finished, false, 'the server never got to the end of the stream');
  assert.ok(written < members / 4, `${written} of ${members} members sent`);
  assert.ok(growth < 128 * 1024 * 1024, `RSS grew ${Math.round(growth / 1048576)} MiB`);
});

test('an oversized body is refused while streaming, and a large Content-Length before reading', async (t) => {
  let chunksSent = 0;
  let finished = false;
  const server = await useFixtureServer(t, {
    routes: {
      '/huge': async (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' }); // chunked, no length
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        for (let i = 0; i < 1600 && !res.destroyed; i++) {
          chunksSent++;
          if (!res.write(chunk)) await drained(res);
        }
        finished = !res.destroyed;
        res.end();
      },
      '/declared': (_req, res) => {
        res.writeHead(200, { 'content-length': String(100 * 1024 * 1024) });
        res.write('x'); // and then nothing: the client must not wait for the rest
      },
    },
  });
  const huge = await fetchResource(server.url('/huge'), null, options({ maxBodyBytes: 1024 * 1024 }));
  assert.equal(huge.error?.code, 'too-large');
  assert.match(huge.error!.message, /^fetch: response body too large \(over 1 MB\)/);
  await delay(50);
  assert.equal(finished, false);
  assert.ok(chunksSent < 400, `${chunksSent} chunks of 64 KiB sent for a 1 MiB limit`);

  const started = Date.now();
  const declared = await fetchResource(server.url('/declared'), null, options({ maxBodyBytes: 1024 * 1024 }));
  assert.equal(declared.error?.code, 'too-large');
  assert.match(declared.error!.message, /Content-Length 100 MB, limit 1 MB/);
  assert.ok(Date.now() - started < 1000);
});

test('private networks are refused without allow_private_networks, on the address connected to', async (t) => {
  const server = await useFixtureServer(t, { routes: { '/feed': sendText(FEED), '/to-localhost': redirectTo('/feed', 302) } });
  const strict = options({ allowPrivateNetworks: false });

  // An IP literal skips DNS: the socket's peer address is what is checked, before a byte is sent.
  const literal = await fetchResource(server.url('/feed'), null, strict);
  assert.equal(literal.error?.code, 'private-network');
  assert.match(literal.error!.message, /^fetch: private network address refused \(127\.0\.0\.1, loopback\) http:\/\/127\.0\.0\.1:\d+\/feed$/);
  assert.match(literal.error!.hint, /allow_private_networks/);
  assert.equal(server.requests.length, 0, 'no request reached the server');

  // A name that resolves inward is refused at resolution: no connection is even opened.
  const connectionsBefore = server.connections;
  const named = await fetchResource(`http://localhost:${server.port}/feed`, null, strict);
  assert.equal(named.error?.code, 'private-network');
  const innocent = await fetchResource(`http://feeds.example.com:${server.port}/feed`, null, { ...strict, lookup: fakeLookup({ 'feeds.example.com': '127.0.0.1' }) });
  assert.equal(innocent.error?.code, 'private-network');
  assert.match(innocent.error!.message, /\(127\.0\.0\.1, loopback for feeds\.example\.com\)/);
  const mapped = await fetchResource(`http://metadata.example:${server.port}/`, null, { ...strict, lookup: fakeLookup({ 'metadata.example': '::ffff:169.254.169.254' }) });
  assert.match(mapped.error!.message, /\(::ffff:169\.254\.169\.254, cloud metadata \(IPv4-mapped\) for metadata\.example\)/);
  assert.equal(server.connections, connectionsBefore);
  assert.equal(server.requests.length, 0);

  // With the flag the same fetch works, through the same resolver.
  const allowed = await fetchResource(`http://feeds.example.com:${server.port}/feed`, null, options({ lookup: fakeLookup({ 'feeds.example.com': '127.0.0.1' }) }));
  assert.equal(allowed.kind, 'ok');
  assert.equal(allowed.remoteAddress, '127.0.0.1');
});

test('a redirect hop is guarded again: a public name that redirects inward is refused', async (t) => {
  const server = await useFixtureServer(t, { routes: { '/start': (_req, res) => void res.writeHead(302, { location: `http://localhost:${server.port}/feed` }).end(), '/feed': sendText(FEED) } });
  // The first hop goes through a proxy that knows public.example (the guard looks ahead with our
  // resolver, which says it is public); the redirect target is in NO_PROXY, so it is fetched
  // directly and the guarded resolver refuses it.
  const proxy = await startProxyServer(t, { hosts: { 'public.example': '127.0.0.1' } });
  const result = await fetchResource(`http://public.example:${server.port}/start`, null, options({
    allowPrivateNetworks: false,
    proxy: { http: proxy.url, noProxy: 'localhost' },
    lookup: fakeLookup({ 'public.example': '93.184.216.34', localhost: '127.0.0.1' }),
  }));
  assert.equal(proxy.seen.length, 1);
  assert.equal(result.redirects.length, 1);
  assert.equal(result.error?.code, 'private-network');
  assert.equal(result.url, `http://localhost:${server.port}/feed`);
  assert.equal(server.requests.length, 1, 'only the first hop reached the server');
});

test('the proxy option is honoured for http:// URLs, and NO_PROXY bypasses it', async (t) => {
  const server = await useFixtureServer(t, { routes: { '/feed': sendText(FEED) } });
  const proxy = await startProxyServer(t);
  const via = await fetchResource(server.url('/feed'), null, options({ proxy: { http: proxy.url } }));
  assert.equal(via.kind, 'ok', via.error?.message);
  assert.equal(via.proxied, true);
  assert.equal(via.remoteAddress, null);
  assert.deepEqual(proxy.seen, [`GET ${server.url('/feed')}`]);
  assert.equal(server.requests[0]!.headers['via'], '1.1 fixture-proxy');

  const direct = await fetchResource(server.url('/feed'), null, options({ proxy: { http: proxy.url, noProxy: 'example.org, 127.0.0.1' } }));
  assert.equal(direct.kind, 'ok');
  assert.equal(direct.proxied, false);
  assert.equal(proxy.seen.length, 1);

  // Through a proxy the guard still looks ahead at the target.
  const refused = await fetchResource(server.url('/feed'), null, options({ proxy: { http: proxy.url }, allowPrivateNetworks: false }));
  assert.equal(refused.error?.code, 'private-network');
  assert.equal(proxy.seen.length, 1);
});

test('concurrency: at most perHost requests to one host, at most overall in all', async (t) => {
  const server = await useFixtureServer(t, { routes: { '/slow': async (_req, res) => (await delay(80), void res.writeHead(200).end(FEED)) } });
  const fetcher = createFetcher(options({ concurrency: { overall: 10, perHost: 2 } }));
  const results = await Promise.all(Array.from({ length: 6 }, () => fetcher.fetch(server.url('/slow'), null)));
  assert.ok(results.every((r) => r.kind === 'ok'));
  assert.equal(server.maxInFlight, 2);

  // Two host names for the same server: per host 2 each, but overall 3.
  const both = await useFixtureServer(t, { routes: { '/slow': async (_req, res) => (await delay(80), void res.writeHead(200).end(FEED)) } });
  const limited = createFetcher(options({ concurrency: { overall: 3, perHost: 2 } }));
  const urls = Array.from({ length: 8 }, (_, i) => (i % 2 ? both.url('/slow') : `http://localhost:${both.port}/slow`));
  await Promise.all(urls.map((u) => limited.fetch(u, null)));
  assert.equal(both.maxInFlight, 3);
  assert.equal(both.requests.length, 8);
});

test('a cancelled fetch reports aborted', async (t) => {
  const server = await useFixtureServer(t, { routes: { '/slow': async (_req, res) => (await delay(500), void res.writeHead(200).end(FEED)) } });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);
  const result = await fetchResource(server.url('/slow'), null, options(), { signal: controller.signal });
  assert.equal(result.error?.code, 'aborted');
});

test('invalid and non-http URLs fail as data, not exceptions', async () => {
  assert.equal((await fetchResource('not a url', null, options())).error?.code, 'invalid-url');
  assert.equal((await fetchResource('ftp://example.com/feed', null, options())).error?.code, 'unsupported-scheme');
});

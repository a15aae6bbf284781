// The only network I/O in the pipeline: one GET with conditional headers, redirects followed by
// hand (so each hop is counted, loop-checked and guarded), limits enforced while streaming,
// and everything that happened handed to classifyResponse (response.ts).
//
// Transport is undici's request() on a dispatcher made for this fetch: its connector checks
// the address each socket actually connected to (guard.ts) and records it for the result.
// A per-fetch dispatcher costs a new connection per feed, which polling pays anyway, and in
// exchange tells exactly which address served which fetch.
import { lookup as dnsLookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import type { LookupAddress } from 'node:dns';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import { Agent, Pool, ProxyAgent, buildConnector, request, type Dispatcher } from 'undici';
import { PrivateNetworkError, classifyAddress, guardLookup } from './guard.ts';
import { createLimiter } from './limiter.ts';
import { selectProxy } from './proxy.ts';
import { FetchFailure, classifyResponse, redirectKind, type FetchOutcome } from './response.ts';
import type { ConditionalHeaders, FetchOptions, FetchResult } from './types.ts';

/** Sent unless extraHeaders says otherwise: feeds first, then pages (full text uses this stage too). */
export const DEFAULT_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, ' +
  'application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.7, */*;q=0.5';

/** Headers that carry credentials: never forwarded to another origin by a redirect. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

/** What one call may change: cancellation, its own headers and a tighter size limit. */
export interface FetchCallOptions {
  signal?: AbortSignal;
  /**
   * Request headers for this call only (Referer, User-Agent, Accept for an image …), over the
   * fetcher's defaults and extraHeaders; credentials among them are still kept from other origins.
   */
  headers?: Record<string, string>;
  /** A body limit for this call (an image's media.max_size); only ever lowers the fetcher's own. */
  maxBodyBytes?: number;
}

/** A fetcher that shares concurrency limits (overall and per host) across calls. */
export interface Fetcher {
  fetch(url: string, conditional: ConditionalHeaders | null, call?: FetchCallOptions): Promise<FetchResult>;
  readonly limits: { overall: number; perHost: number };
}

/** Creates a fetcher applying options.concurrency (default 8 overall, 2 per host) over fetchResource. */
export function createFetcher(options: FetchOptions): Fetcher {
  const limits = options.concurrency ?? { overall: 8, perHost: 2 };
  const limiter = createLimiter(limits);
  return {
    limits,
    fetch(url, conditional, call) {
      let host = '';
      try {
        host = new URL(url).hostname.toLowerCase();
      } catch {
        // An invalid URL is classified by fetchResource; it takes a slot under the empty key.
      }
      return limiter.run(host, () => fetchResource(url, conditional, options, call));
    },
  };
}

/** Fetches one URL (following redirects) and classifies the outcome; never throws for network or HTTP failures. */
export async function fetchResource(
  url: string,
  conditional: ConditionalHeaders | null,
  options: FetchOptions,
  call: FetchCallOptions = {},
): Promise<FetchResult> {
  const outcome: FetchOutcome = {
    requestedUrl: url,
    url,
    redirects: [],
    conditional,
    now: options.now(),
    remoteAddress: null,
    proxied: false,
    response: null,
  };
  options = withCallLimits(options, call);
  const dispatchers = new Dispatchers(options);
  let credentials: { origin: string; username: string; password: string } | null = null;
  try {
    let current = parseHttpUrl(url);
    const origin = current.origin;
    // user:pass@ in the source URL becomes Basic auth for its own origin, and is kept out of
    // every URL this stage reports (they end up in messages and logs).
    const userinfo = current.username || current.password ? { username: current.username, password: current.password } : null;
    if (userinfo) credentials = { origin, ...userinfo };
    current = withoutUserinfo(current);
    const visited = new Set([withoutFragment(current)]);
    for (;;) {
      outcome.url = current.href;
      const proxyUrl = selectProxy(current, options.proxy);
      outcome.proxied = proxyUrl !== null;
      if (proxyUrl && !options.allowPrivateNetworks) await checkProxiedTarget(current, options.lookup ?? dnsLookup);
      const dispatcher = proxyUrl ? dispatchers.proxy(proxyUrl) : dispatchers.direct();
      const sameOrigin = current.origin === origin;
      const headers = requestHeaders(conditional, options, !sameOrigin);
      if (sameOrigin && userinfo && !headers['authorization']) headers['authorization'] = basicAuth(userinfo);

      const res = await request(current, { dispatcher, method: 'GET', headers, signal: call.signal });
      outcome.now = options.now();
      const responseHeaders = flattenHeaders(res.headers);
      const location = responseHeaders['location'];
      if (redirectKind(res.statusCode) !== null && location) {
        await res.body.dump().catch(() => undefined); // the redirect's own body is not wanted
        const next = withoutUserinfo(resolveRedirect(location, current, res.statusCode));
        outcome.redirects.push({ from: current.href, to: next.href, status: res.statusCode });
        // RFC 9110 §15.4: a client should detect and intervene in cyclical redirections.
        if (visited.has(withoutFragment(next))) {
          throw new FetchFailure('redirect-loop', `${res.statusCode} back to ${next.href}`);
        }
        if (outcome.redirects.length > options.maxRedirects) {
          throw new FetchFailure('too-many-redirects', `more than ${options.maxRedirects}`);
        }
        visited.add(withoutFragment(next));
        current = next;
        continue;
      }

      outcome.response = { status: res.statusCode, headers: responseHeaders, body: null };
      outcome.remoteAddress = proxyUrl ? null : dispatchers.addressFor(current);
      if (res.statusCode >= 200 && res.statusCode < 300) {
        outcome.response.body = await readBody(res.body, responseHeaders, options, call.signal);
        outcome.now = options.now();
      } else {
        await res.body.dump().catch(() => undefined);
      }
      break;
    }
  } catch (err) {
    outcome.error = err;
  } finally {
    await dispatchers.destroy();
  }
  const result = classifyResponse(outcome);
  // The stored URL keeps its credentials when it moves within the same origin.
  if (credentials && result.permanentRedirect) {
    const moved = new URL(result.permanentRedirect);
    if (moved.origin === credentials.origin) {
      moved.username = credentials.username;
      moved.password = credentials.password;
      result.permanentRedirect = moved.href;
    }
  }
  return result;
}

/** The options of one call: its headers over extraHeaders, and its size limit if lower (wire and decoded). */
function withCallLimits(options: FetchOptions, call: FetchCallOptions): FetchOptions {
  if (!call.headers && call.maxBodyBytes === undefined) return options;
  const limited = { ...options };
  if (call.headers) limited.extraHeaders = { ...options.extraHeaders, ...call.headers };
  if (call.maxBodyBytes !== undefined) {
    limited.maxBodyBytes = Math.min(options.maxBodyBytes, call.maxBodyBytes);
    limited.maxDecompressedBytes = Math.min(options.maxDecompressedBytes ?? options.maxBodyBytes, call.maxBodyBytes);
  }
  return limited;
}

function parseHttpUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new FetchFailure('invalid-url', JSON.stringify(text));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FetchFailure('unsupported-scheme', url.protocol);
  return url;
}

function resolveRedirect(location: string, base: URL, status: number): URL {
  let next: URL;
  try {
    next = new URL(location, base);
  } catch {
    throw new FetchFailure('bad-redirect', `${status} to ${JSON.stringify(location)}`);
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw new FetchFailure('bad-redirect', `${status} to ${next.protocol} URL`);
  }
  // RFC 9110 §10.2.2: a Location without a fragment inherits the request's.
  if (!next.hash && base.hash) next.hash = base.hash;
  return next;
}

function withoutUserinfo(url: URL): URL {
  if (!url.username && !url.password) return url;
  const copy = new URL(url);
  copy.username = '';
  copy.password = '';
  return copy;
}

function basicAuth({ username, password }: { username: string; password: string }): string {
  return `Basic ${Buffer.from(`${decodeURIComponent(username)}:${decodeURIComponent(password)}`).toString('base64')}`;
}

function withoutFragment(url: URL): string {
  const copy = new URL(url);
  copy.hash = '';
  return copy.href;
}

function requestHeaders(conditional: ConditionalHeaders | null, options: FetchOptions, crossOrigin: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent': options.userAgent,
    accept: DEFAULT_ACCEPT,
    'accept-encoding': 'gzip, deflate, br',
  };
  for (const [name, value] of Object.entries(options.extraHeaders ?? {})) {
    const key = name.toLowerCase();
    if (key === 'host' || key === 'accept-encoding') continue; // we decode what we ask for, nothing else
    if (crossOrigin && CREDENTIAL_HEADERS.has(key)) continue;
    headers[key] = value;
  }
  // RFC 9110 §13.1.2, §13.1.3: both validators may be sent; If-None-Match takes precedence at the server.
  if (conditional?.etag) headers['if-none-match'] = conditional.etag;
  if (conditional?.lastModified) headers['if-modified-since'] = conditional.lastModified;
  return headers;
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

/**
 * Reads the body under three limits at once, never buffering more than the limits allow:
 * wire bytes (maxBodyBytes, checked against Content-Length first), decoded bytes
 * (maxDecompressedBytes), and the whole-body deadline (timeouts.bodyMs). Content-Encoding
 * gzip, x-gzip, deflate (zlib or raw) and br are decoded, several in the order applied.
 */
async function readBody(
  body: Readable,
  headers: Record<string, string>,
  options: FetchOptions,
  signal: AbortSignal | undefined,
): Promise<Uint8Array> {
  const maxWire = options.maxBodyBytes;
  const maxDecoded = options.maxDecompressedBytes ?? options.maxBodyBytes;
  const declared = headers['content-length'];
  if (declared !== undefined && /^\d+$/.test(declared.trim()) && Number(declared) > maxWire) {
    discard(body);
    throw new FetchFailure('too-large', `Content-Length ${formatBytes(Number(declared))}, limit ${formatBytes(maxWire)}`);
  }
  const encodings = (headers['content-encoding'] ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== '' && e !== 'identity');
  let decoders: Decoder[];
  try {
    decoders = [...encodings].reverse().map(decoderFor); // applied last is undone first
  } catch (err) {
    discard(body);
    throw err;
  }

  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), options.timeouts.bodyMs);
  const stop = signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal;
  let wire = 0;
  let decoded = 0;
  const chunks: Buffer[] = [];
  try {
    const countWire: Decoder = async function* (source) {
      for await (const chunk of source) {
        wire += chunk.length;
        if (wire > maxWire) throw new FetchFailure('too-large', `over ${formatBytes(maxWire)}`);
        yield chunk;
      }
    };
    // One generator chain: count wire bytes, then undo each encoding, pulled by collect.
    const decode = decoders.reduce<Decoder>((inner, decoder) => (source) => decoder(inner(source)), countWire);
    await pipeline(
      body,
      decode,
      async function collect(source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          decoded += chunk.length;
          if (decoded > maxDecoded) {
            throw decoders.length > 0
              ? new FetchFailure('decompression-limit', `over ${formatBytes(maxDecoded)} from ${formatBytes(wire)} ${encodings.join(', ')}`)
              : new FetchFailure('too-large', `over ${formatBytes(maxDecoded)}`);
          }
          chunks.push(chunk);
        }
      },
      { signal: stop },
    );
  } catch (err) {
    if (deadline.signal.aborted) throw new FetchFailure('body-timeout', `over ${options.timeouts.bodyMs} ms`);
    throw err;
  } finally {
    clearTimeout(timer);
    discard(body);
  }
  return new Uint8Array(Buffer.concat(chunks, decoded));
}

/** Drops a body without reading it; undici reports that as an 'error' event nobody needs. */
function discard(body: Readable): void {
  if (body.destroyed) return;
  body.on('error', () => undefined);
  body.destroy();
}

type Decoder = (source: AsyncIterable<Buffer>) => AsyncGenerator<Buffer>;

// Z_SYNC_FLUSH: accept a stream cut short at a block boundary, as browsers and undici's fetch do.
const ZLIB_LENIENT = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
const BROTLI_LENIENT = { finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH };

function decoderFor(encoding: string): Decoder {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip': // RFC 9110 §8.4.1.3: a recipient should treat x-gzip as gzip
      return through(() => zlib.createGunzip(ZLIB_LENIENT));
    case 'deflate':
      // RFC 9110 §8.4.1.2 means zlib-wrapped; some servers send raw deflate, so look at the header.
      return through((first) => (looksLikeZlib(first) ? zlib.createInflate(ZLIB_LENIENT) : zlib.createInflateRaw(ZLIB_LENIENT)));
    case 'br':
      return through(() => zlib.createBrotliDecompress(BROTLI_LENIENT));
    default:
      throw new FetchFailure('unsupported-encoding', encoding);
  }
}

/** RFC 1950 §2.2: CM = 8 and the 16-bit header a multiple of 31. */
function looksLikeZlib(first: Buffer | undefined): boolean {
  if (!first || first.length < 2) return true;
  return (first[0]! & 0x0f) === 8 && ((first[0]! << 8) | first[1]!) % 31 === 0;
}

/** A pipeline stage running the source through a zlib stream chosen from its first chunk; output is pulled, so memory stays bounded. */
function through(make: (first: Buffer | undefined) => zlib.Gunzip | zlib.Inflate | zlib.InflateRaw | zlib.BrotliDecompress): Decoder {
  return async function* decode(source) {
    const iterator = source[Symbol.asyncIterator]();
    const head = await iterator.next();
    const first = head.done ? undefined : head.value;
    const decoder = make(first);
    const input = Readable.from(
      (async function* replay() {
        if (first) yield first;
        for (let step = await iterator.next(); !step.done; step = await iterator.next()) yield step.value;
      })(),
    );
    const done = pipeline(input, decoder);
    done.catch(() => undefined); // its failure also surfaces through the decoder's iterator below
    try {
      for await (const chunk of decoder) yield chunk as Buffer;
      await done;
    } finally {
      input.destroy();
      decoder.destroy();
    }
  };
}

/** The dispatchers one fetch uses, created on demand and destroyed at its end. */
class Dispatchers {
  #direct: Agent | null = null;
  #proxies = new Map<string, ProxyAgent>();
  /** "protocol//hostname:port" → the address the last socket to it connected to. */
  #addresses = new Map<string, string>();

  constructor(readonly options: FetchOptions) {}

  direct(): Dispatcher {
    if (this.#direct) return this.#direct;
    const { options } = this;
    const baseLookup = options.lookup ?? (dnsLookup as LookupFunction);
    const connector = buildConnector({
      timeout: options.timeouts.connectMs,
      lookup: options.allowPrivateNetworks ? baseLookup : guardLookup(baseLookup),
    });
    const connect: buildConnector.connector = (opts, callback) => {
      connector(opts, (err, socket) => {
        if (err || !socket) return callback(err ?? new Error('no socket'), null);
        // The check that matters: the peer this socket is really connected to (IP literals skip the resolver).
        const address = socket.remoteAddress ?? '';
        const verdict = classifyAddress(address);
        if (!options.allowPrivateNetworks && verdict.blocked) {
          socket.destroy();
          return callback(new PrivateNetworkError(opts.hostname, address, verdict.range), null);
        }
        this.#addresses.set(originKey(opts.protocol, opts.hostname, opts.port), address);
        callback(null, socket);
      });
    };
    this.#direct = new Agent({ connect, headersTimeout: options.timeouts.headersMs, bodyTimeout: options.timeouts.bodyMs });
    return this.#direct;
  }

  proxy(uri: string): Dispatcher {
    let agent = this.#proxies.get(uri);
    if (agent) return agent;
    const { timeouts } = this.options;
    const poolOptions = { headersTimeout: timeouts.headersMs, bodyTimeout: timeouts.bodyMs };
    agent = new ProxyAgent({
      uri,
      // http:// targets go as absolute-form requests (as curl does); https:// ones through CONNECT.
      proxyTunnel: false,
      ...poolOptions,
      // Also covers the proxy's own client, which undici otherwise builds without these timeouts.
      factory: (origin: string | URL, opts: object) => new Pool(origin, { ...opts, ...poolOptions }),
      proxyTls: { timeout: timeouts.connectMs },
      requestTls: { timeout: timeouts.connectMs },
    });
    this.#proxies.set(uri, agent);
    return agent;
  }

  addressFor(url: URL): string | null {
    return this.#addresses.get(originKey(url.protocol, url.hostname, url.port)) ?? null;
  }

  async destroy(): Promise<void> {
    const all: Dispatcher[] = [...this.#proxies.values()];
    if (this.#direct) all.push(this.#direct);
    await Promise.all(all.map((d) => d.destroy().catch(() => undefined)));
  }
}

function originKey(protocol: string, hostname: string, port: string | number | undefined): string {
  const p = port ? String(port) : protocol === 'https:' ? '443' : '80';
  return `${protocol}//${hostname.replace(/^\[|\]$/g, '').toLowerCase()}:${p}`;
}

/**
 * Through a proxy the proxy connects, so the guard can only look ahead: refuse an IP literal or
 * a name that resolves here to a refused address. A name that does not resolve here is left
 * to the proxy (some networks resolve only there); the proxy is then the egress control.
 */
async function checkProxiedTarget(url: URL, lookup: LookupFunction): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    addresses = await new Promise<string[]>((resolve) => {
      lookup(host, { all: true }, (err: NodeJS.ErrnoException | null, found: string | LookupAddress[]) => {
        if (err) resolve([]);
        else resolve(Array.isArray(found) ? found.map((a) => a.address) : [found]);
      });
    });
  }
  for (const address of addresses) {
    const verdict = classifyAddress(address);
    if (verdict.blocked) throw new PrivateNetworkError(host, address, verdict.range);
  }
}

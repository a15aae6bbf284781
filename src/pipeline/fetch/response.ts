// Every HTTP outcome of a fetch, classified in one place: status codes, 304, redirects,
// Retry-After, caching lifetimes, and the transport failures (timeouts, resets, DNS, TLS,
// the private-network guard, size and decompression limits). fetch.ts only moves bytes and
// hands what happened to classifyResponse; the table tests in response.test.ts pin each case.
import { PrivateNetworkError } from './guard.ts';
import type { ConditionalHeaders, FetchError, FetchErrorCode, FetchResult, RedirectHop } from './types.ts';

/** A failure the fetch stage itself raises (limits, redirects, encodings); carries its code. */
export class FetchFailure extends Error {
  override name = 'FetchFailure' as const;
  constructor(
    readonly code: FetchErrorCode,
    /** The part of the message between the phrase and the URL, e.g. 'over 20 MB'. */
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}

/** Everything that happened on one fetch, before classification. */
export interface FetchOutcome {
  requestedUrl: string;
  /** The last URL requested. */
  url: string;
  redirects: RedirectHop[];
  /** The validators that were sent, if any. */
  conditional: ConditionalHeaders | null;
  now: Date;
  remoteAddress: string | null;
  proxied: boolean;
  /** The final response, when headers arrived (body null when not read or not readable). */
  response: { status: number; headers: Record<string, string>; body: Uint8Array | null } | null;
  /** What went wrong, if anything: thrown by undici, zlib, the guard or the stage's own limits. */
  error?: unknown;
}

/** How a 3xx is followed (RFC 9110 §15.4): permanent ones update the stored URL. */
export function redirectKind(status: number): 'permanent' | 'temporary' | null {
  if (status === 301 || status === 308) return 'permanent'; // §15.4.2, §15.4.9
  if (status === 300 || status === 302 || status === 303 || status === 307) return 'temporary'; // §15.4.1, .3, .4, .8
  return null; // 304 is not a redirect; 305 and 306 are deprecated/unused (§15.4.6, §15.4.7)
}

// ---- header values --------------------------------------------------------------------------

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * Parses an HTTP-date (RFC 9110 §5.6.7): IMF-fixdate, and the obsolete RFC 850 and asctime
 * forms a recipient must accept. Returns null for anything else.
 */
export function parseHttpDate(text: string): Date | null {
  const s = text.trim();
  let day: string, mon: string, year: number, time: string;
  let m: RegExpExecArray | null;
  if ((m = /^[A-Za-z]{3}, (\d{2}) ([A-Za-z]{3}) (\d{4}) (\d{2}:\d{2}:\d{2}) GMT$/.exec(s))) {
    [day, mon, year, time] = [m[1]!, m[2]!, Number(m[3]), m[4]!];
  } else if ((m = /^[A-Za-z]+, (\d{2})-([A-Za-z]{3})-(\d{2}) (\d{2}:\d{2}:\d{2}) GMT$/.exec(s))) {
    // RFC 850's two-digit year; a fixed pivot keeps this function free of the clock.
    const yy = Number(m[3]);
    [day, mon, year, time] = [m[1]!, m[2]!, yy < 70 ? 2000 + yy : 1900 + yy, m[4]!];
  } else if ((m = /^[A-Za-z]{3} ([A-Za-z]{3}) ( \d|\d{2}) (\d{2}:\d{2}:\d{2}) (\d{4})$/.exec(s))) {
    // asctime: no zone written, GMT meant.
    [day, mon, year, time] = [m[2]!, m[1]!, Number(m[4]), m[3]!];
  } else return null;
  const month = MONTHS.indexOf(mon.toLowerCase());
  if (month < 0) return null;
  const [hh, mm, ss] = time.split(':').map(Number) as [number, number, number];
  if (hh > 23 || mm > 59 || ss > 60) return null;
  const ms = Date.UTC(year, month, Number(day.trim()), hh, mm, ss);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date; seconds from `now`, never negative; null when absent or invalid. */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | null {
  if (value == null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const date = parseHttpDate(text);
  if (!date) return null;
  return Math.max(0, Math.ceil((date.getTime() - now.getTime()) / 1000));
}

/**
 * Freshness left, in seconds (RFC 9111 §4.2.1, §4.2.3): Cache-Control max-age less Age; else
 * Expires less Date (or now); an invalid Expires means already stale (§5.3). Null when the
 * response says nothing. s-maxage is for shared caches and is ignored.
 */
export function parseCacheLifetime(headers: Record<string, string>, now: Date): number | null {
  const cc = headers['cache-control'];
  const age = /^\d+$/.test(headers['age']?.trim() ?? '') ? Number(headers['age']) : 0;
  if (cc) {
    for (const part of cc.split(',')) {
      const m = /^\s*max-age\s*=\s*"?(\d+)"?\s*$/i.exec(part);
      if (m) return Math.max(0, Number(m[1]) - age);
    }
  }
  const expires = headers['expires'];
  if (expires === undefined) return null;
  const at = parseHttpDate(expires);
  if (!at) return 0;
  const base = (headers['date'] && parseHttpDate(headers['date'])) || now;
  return Math.max(0, Math.floor((at.getTime() - base.getTime()) / 1000) - age);
}

// ---- status codes ---------------------------------------------------------------------------

interface StatusRule {
  code: FetchErrorCode;
  phrase: string;
  hint: string;
  /** The server may send Retry-After with this status and we honour it. */
  retryAfter?: boolean;
  disable?: boolean;
}

/** Failure statuses with their own meaning; the rest fall back to their class (4xx, 5xx). */
const STATUS_RULES: Record<number, StatusRule> = {
  // RFC 9110 §15.5.2: the request lacks valid credentials.
  401: { code: 'unauthorized', phrase: 'access unauthorized', hint: 'the feed needs credentials: add an Authorization header to the source, or use a public URL' },
  // §15.5.4: understood but refused; often a bot filter keyed on the User-Agent.
  403: { code: 'forbidden', phrase: 'access forbidden', hint: 'the server refuses this client: check the URL, and whether it blocks the User-Agent' },
  // §15.5.5
  404: { code: 'not-found', phrase: 'resource not found', hint: 'check the URL; the feed may have moved or been renamed' },
  // §15.5.11: "likely to be permanent" — the one status that disables a source.
  410: { code: 'gone', phrase: 'resource gone', hint: 'the server says the feed is gone for good, so the source was disabled; re-enable it after fixing its URL', disable: true },
  // RFC 6585 §4: rate limited; may carry Retry-After.
  429: { code: 'rate-limited', phrase: 'too many requests', hint: 'the server asks for fewer requests; the next try waits at least its Retry-After', retryAfter: true },
  // RFC 7725 §3
  451: { code: 'client-error', phrase: 'unavailable for legal reasons', hint: 'the server withholds the resource for legal reasons' },
  // RFC 9110 §15.6.1
  500: { code: 'server-error', phrase: 'remote server error', hint: 'the server failed; it is retried with growing delays' },
  // §15.6.3
  502: { code: 'bad-gateway', phrase: 'bad gateway', hint: 'a proxy or gateway in front of the site failed; it is retried with growing delays' },
  // §15.6.4: temporary overload or maintenance; may carry Retry-After (§10.2.3).
  503: { code: 'unavailable', phrase: 'service unavailable', hint: 'the server is overloaded or down for maintenance; the next try waits at least its Retry-After', retryAfter: true },
  // §15.6.5
  504: { code: 'gateway-timeout', phrase: 'gateway timeout', hint: 'a gateway in front of the site timed out; it is retried with growing delays' },
};

const CLIENT_ERROR: StatusRule = { code: 'client-error', phrase: 'request refused', hint: 'the server rejected the request; check the URL' };
const SERVER_ERROR: StatusRule = { code: 'server-error', phrase: 'remote server error', hint: 'the server failed; it is retried with growing delays' };

// ---- transport failures ---------------------------------------------------------------------

interface ErrorRule {
  phrase: string;
  hint: string;
}

const ERROR_RULES: Record<FetchErrorCode, ErrorRule> = {
  'invalid-url': { phrase: 'invalid URL', hint: 'fix the source URL' },
  'unsupported-scheme': { phrase: 'unsupported URL scheme', hint: 'only http:// and https:// URLs are fetched' },
  'private-network': { phrase: 'private network address refused', hint: 'loopback, private, link-local and cloud-metadata addresses are refused; set allow_private_networks: true to fetch from your own network' },
  dns: { phrase: 'host not found', hint: 'check the host name; if it is right, DNS may be failing for now and it is retried' },
  'connection-refused': { phrase: 'connection refused', hint: 'nothing listens on that host and port (or on the proxy); it is retried with growing delays' },
  'connection-reset': { phrase: 'connection closed early', hint: 'the server or the network dropped the connection; it is retried with growing delays' },
  'connect-timeout': { phrase: 'connect timed out', hint: 'the host did not answer; raise the connect timeout if the site is just slow' },
  'headers-timeout': { phrase: 'no response in time', hint: 'the server accepted the connection but did not answer; raise the headers timeout if it is just slow' },
  'body-timeout': { phrase: 'body took too long', hint: 'the response did not finish within the body timeout; raise it if the feed is large and the server slow' },
  tls: { phrase: 'TLS failure', hint: 'the certificate or TLS handshake is bad; check the URL (http vs https) and the site\'s certificate' },
  proxy: { phrase: 'proxy failure', hint: 'the configured HTTP(S)_PROXY refused or failed; check its address and credentials, or NO_PROXY' },
  network: { phrase: 'network error', hint: 'it is retried with growing delays' },
  aborted: { phrase: 'aborted', hint: 'the fetch was cancelled' },
  'too-large': { phrase: 'response body too large', hint: 'raise the body size limit if this feed is really that large' },
  'decompression-limit': { phrase: 'decompressed body too large', hint: 'the compressed body expands past the limit (a compression bomb, or a huge feed); raise the limit only if you trust the site' },
  'bad-encoding': { phrase: 'corrupt compressed body', hint: 'the body does not match its Content-Encoding; the server is misconfigured' },
  'unsupported-encoding': { phrase: 'unsupported content encoding', hint: 'the server used a Content-Encoding Tidings does not decode (gzip, deflate and br are supported)' },
  'redirect-loop': { phrase: 'redirect loop', hint: 'the site redirects in a circle; check the URL in a browser' },
  'too-many-redirects': { phrase: 'too many redirects', hint: 'the site redirects more times than allowed; use the final URL directly' },
  'bad-redirect': { phrase: 'unusable redirect', hint: 'the redirect has no usable Location (missing, malformed or not http/https)' },
  'empty-body': { phrase: 'empty response body', hint: 'the server answered with nothing; check the URL' },
  unauthorized: STATUS_RULES[401]!,
  forbidden: STATUS_RULES[403]!,
  'not-found': STATUS_RULES[404]!,
  gone: STATUS_RULES[410]!,
  'rate-limited': STATUS_RULES[429]!,
  'client-error': CLIENT_ERROR,
  'server-error': SERVER_ERROR,
  'bad-gateway': STATUS_RULES[502]!,
  unavailable: STATUS_RULES[503]!,
  'gateway-timeout': STATUS_RULES[504]!,
  'unexpected-status': { phrase: 'unexpected status', hint: 'the server answered with a status a feed fetch does not expect' },
};

/** Error codes of Node, undici and zlib, mapped to ours. */
const NODE_CODES: Array<[RegExp, FetchErrorCode]> = [
  [/^UND_ERR_CONNECT_TIMEOUT$|^ETIMEDOUT$/, 'connect-timeout'],
  [/^UND_ERR_HEADERS_TIMEOUT$/, 'headers-timeout'],
  [/^UND_ERR_BODY_TIMEOUT$/, 'body-timeout'],
  [/^(ENOTFOUND|EAI_AGAIN|EAI_FAIL|EAI_NODATA|EAI_NONAME)$/, 'dns'],
  [/^ECONNREFUSED$/, 'connection-refused'],
  [/^(ECONNRESET|EPIPE|UND_ERR_SOCKET|ERR_STREAM_PREMATURE_CLOSE|UND_ERR_RES_CONTENT_LENGTH_MISMATCH|HPE_[A-Z_]+)$/, 'connection-reset'],
  [/^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|EPROTO$)/, 'tls'],
  [/^(Z_|ERR__ERROR_|ERR_BROTLI)/, 'bad-encoding'],
  [/^(UND_ERR_ABORTED|ABORT_ERR)$/, 'aborted'],
];

function errorChain(err: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = err, depth = 0; e != null && depth < 8; depth++) {
    chain.push(e);
    if (e instanceof AggregateError && e.errors.length > 0) chain.push(...e.errors);
    e = (e as { cause?: unknown }).cause;
  }
  return chain;
}

/** The code and detail for a thrown transport error; our own failures win over what wraps them. */
export function classifyError(err: unknown): { code: FetchErrorCode; detail: string } {
  const chain = errorChain(err);
  for (const e of chain) if (e instanceof FetchFailure) return { code: e.code, detail: e.detail };
  for (const e of chain) {
    if (e instanceof PrivateNetworkError) {
      const named = e.host && e.host !== e.address ? ` for ${e.host}` : '';
      return { code: 'private-network', detail: `${e.address || 'no address'}, ${e.range}${named}` };
    }
  }
  for (const e of chain) {
    const code = (e as { code?: unknown })?.code;
    if (typeof code !== 'string') continue;
    for (const [pattern, ours] of NODE_CODES) {
      if (pattern.test(code)) {
        const host = (e as { hostname?: string }).hostname;
        return { code: ours, detail: host ? `${code} ${host}` : code };
      }
    }
  }
  for (const e of chain) {
    const message = e instanceof Error ? e.message : String(e);
    // undici's ProxyAgent reports a refused tunnel or 407 only in its message.
    if (/proxy/i.test(message)) return { code: 'proxy', detail: message };
  }
  for (const e of chain) if (e instanceof Error && e.name === 'AbortError') return { code: 'aborted', detail: e.message };
  const first = chain[0];
  return { code: 'network', detail: first instanceof Error ? first.message : String(first) };
}

function makeError(code: FetchErrorCode, detail: string, url: string, rule: ErrorRule = ERROR_RULES[code]): FetchError {
  return { code, message: `fetch: ${rule.phrase} (${detail}) ${url}`, hint: rule.hint };
}

/** Classifies one fetch: a response (any status), or a failure before or while reading it, into one FetchResult. */
export function classifyResponse(outcome: FetchOutcome): FetchResult {
  const { response, url, now } = outcome;
  const headers = response?.headers ?? {};
  const status = response?.status ?? null;
  const permanentRedirect = leadingPermanentTarget(outcome.redirects);
  const base: FetchResult = {
    kind: 'failed',
    requestedUrl: outcome.requestedUrl,
    url,
    permanentRedirect,
    redirects: outcome.redirects,
    status,
    headers,
    body: null,
    contentType: headers['content-type'] ?? null,
    etag: headers['etag'] ?? null,
    lastModified: headers['last-modified'] ?? null,
    retryAfterSeconds: null,
    maxAgeSeconds: response ? parseCacheLifetime(headers, now) : null,
    error: null,
    disable: false,
    remoteAddress: outcome.remoteAddress,
    proxied: outcome.proxied,
  };

  if (outcome.error !== undefined && outcome.error !== null) {
    const { code, detail } = classifyError(outcome.error);
    return { ...base, error: makeError(code, detail, url) };
  }
  if (!response || status === null) return { ...base, error: makeError('network', 'no response', url) };

  // RFC 9110 §15.4.5: 304 answers a conditional request; the stored validators stay unless replaced.
  if (status === 304) {
    if (!outcome.conditional || (!outcome.conditional.etag && !outcome.conditional.lastModified)) {
      return { ...base, error: makeError('unexpected-status', '304 without a conditional request', url) };
    }
    return {
      ...base,
      kind: 'not-modified',
      etag: base.etag ?? outcome.conditional.etag,
      lastModified: base.lastModified ?? outcome.conditional.lastModified,
    };
  }

  if (status >= 200 && status < 300) {
    // §15.3.7: 206 answers a Range request, which we never send.
    if (status === 206) return { ...base, error: makeError('unexpected-status', '206 without a Range request', url) };
    // §15.3.5, §15.3.6: 204 and 205 carry no content; neither does a 200 with an empty body.
    if (status === 204 || status === 205 || !response.body || response.body.byteLength === 0) {
      return { ...base, error: makeError('empty-body', String(status), url) };
    }
    // 200, 203 and the other 2xx: the request succeeded (§15.3). HTML instead of a feed is the parser's concern.
    return { ...base, kind: 'ok', body: response.body };
  }

  if (status >= 300 && status < 400) {
    // Followable redirects reach here only when unusable: fetch.ts follows the rest.
    if (redirectKind(status) !== null) {
      return { ...base, error: makeError('bad-redirect', `${status}, ${headers['location'] ? 'Location not http(s)' : 'no Location'}`, url) };
    }
    return { ...base, error: makeError('unexpected-status', String(status), url) };
  }

  if (status >= 400 && status < 600) {
    const rule = STATUS_RULES[status] ?? (status < 500 ? CLIENT_ERROR : SERVER_ERROR);
    return {
      ...base,
      error: makeError(rule.code, String(status), url, rule),
      disable: rule.disable === true,
      retryAfterSeconds: rule.retryAfter ? parseRetryAfter(headers['retry-after'], now) : null,
    };
  }

  // 1xx as a final status, or outside 100–599 (§15: three digits, first 1–5).
  return { ...base, error: makeError('unexpected-status', String(status), url) };
}

/** Where the stored URL moves: the target of the last hop in the unbroken run of permanent redirects from the start. */
function leadingPermanentTarget(redirects: RedirectHop[]): string | null {
  let target: string | null = null;
  for (const hop of redirects) {
    if (redirectKind(hop.status) !== 'permanent') break;
    target = hop.to;
  }
  return target;
}

// The fetch stage's plain data: what goes in, what comes out.
import type { LookupFunction } from 'node:net';

/** Proxy settings, read from HTTP_PROXY / HTTPS_PROXY / NO_PROXY by the app layer and passed in. */
export interface ProxyOptions {
  /** Proxy for http:// URLs, e.g. http://127.0.0.1:3128 */
  http?: string | null;
  /** Proxy for https:// URLs (tunnelled with CONNECT). */
  https?: string | null;
  /** NO_PROXY syntax: comma- or space-separated hosts, .suffixes, host:port, IP literals, or '*'. */
  noProxy?: string | null;
}

/** How the fetch stage behaves; the app builds it from the config table. */
export interface FetchOptions {
  userAgent: string;
  timeouts: {
    /** TCP (and TLS) connect, per connection. */
    connectMs: number;
    /** From the request being sent to the response headers arriving (undici checks it to about 1 s). */
    headersMs: number;
    /** The whole body, from the headers to the last byte (not an idle timer). */
    bodyMs: number;
  };
  /** Bytes on the wire (still compressed); refused while streaming. 20 MB by default. */
  maxBodyBytes: number;
  /** Bytes after gzip/deflate/br decoding; defaults to maxBodyBytes. */
  maxDecompressedBytes?: number;
  /** Redirects followed before giving up (5). */
  maxRedirects: number;
  /** When false, loopback, private, link-local, CGNAT, unique-local and metadata addresses are refused. */
  allowPrivateNetworks: boolean;
  proxy?: ProxyOptions | null;
  /** Extra request headers (Accept, Authorization …); credentials are dropped on cross-origin redirects. */
  extraHeaders?: Record<string, string>;
  /** The clock, for Retry-After and Expires dates. */
  now: () => Date;
  /** The resolver (Node's dns.lookup signature); defaults to the system's. Tests inject one. */
  lookup?: LookupFunction;
  /** Concurrency limits, used by createFetcher: overall and per host name. */
  concurrency?: { overall: number; perHost: number };
}

/** Validators from the last successful fetch, sent as If-None-Match / If-Modified-Since. */
export interface ConditionalHeaders {
  etag: string | null;
  lastModified: string | null;
}

/** Every way a fetch can fail, one code each (response.ts decides which). */
export type FetchErrorCode =
  | 'invalid-url'
  | 'unsupported-scheme'
  | 'private-network'
  | 'dns'
  | 'connection-refused'
  | 'connection-reset'
  | 'connect-timeout'
  | 'headers-timeout'
  | 'body-timeout'
  | 'tls'
  | 'proxy'
  | 'network'
  | 'aborted'
  | 'too-large'
  | 'decompression-limit'
  | 'bad-encoding'
  | 'unsupported-encoding'
  | 'redirect-loop'
  | 'too-many-redirects'
  | 'bad-redirect'
  | 'empty-body'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'gone'
  | 'rate-limited'
  | 'client-error'
  | 'server-error'
  | 'bad-gateway'
  | 'unavailable'
  | 'gateway-timeout'
  | 'unexpected-status';

/** One failure, ready to store and show: message starts with 'fetch:', hint says what to do. */
export interface FetchError {
  code: FetchErrorCode;
  message: string;
  hint: string;
}

/** One redirect hop that was followed. */
export interface RedirectHop {
  from: string;
  to: string;
  status: number;
}

/** The classified outcome of one fetch (all redirect hops included). Never thrown: failures are data. */
export interface FetchResult {
  kind: 'ok' | 'not-modified' | 'failed';
  /** The URL asked for. */
  requestedUrl: string;
  /** The last URL requested (after redirects). */
  url: string;
  /** Where the stored URL should now point: the end of the leading run of 301/308 hops; null if none. */
  permanentRedirect: string | null;
  redirects: RedirectHop[];
  /** Final HTTP status; null when no response arrived. */
  status: number | null;
  /** Final response headers, lower-case names, repeated ones joined with ', '. */
  headers: Record<string, string>;
  /** Decoded body for 'ok'; null otherwise. */
  body: Uint8Array | null;
  contentType: string | null;
  /** Validators to store (for 304 the ones sent are kept when the server repeats none). */
  etag: string | null;
  lastModified: string | null;
  /** From Retry-After on 429/503, seconds from now (RFC 9110 §10.2.3, RFC 6585 §4). */
  retryAfterSeconds: number | null;
  /** Freshness lifetime left, from Cache-Control max-age less Age, else Expires less Date (RFC 9111 §4.2.1). */
  maxAgeSeconds: number | null;
  error: FetchError | null;
  /** True for 410 Gone: the source should be disabled (and say so in status). */
  disable: boolean;
  /** The address connected to for the final hop; null when none, or through a proxy. */
  remoteAddress: string | null;
  /** True when the final hop went through a proxy. */
  proxied: boolean;
}

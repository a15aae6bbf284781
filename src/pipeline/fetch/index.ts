// The fetch stage's public surface: the only network I/O in the pipeline.
//
//   fetchResource(url, conditional, options) → FetchResult     one GET, redirects followed, classified
//   createFetcher(options).fetch(url, conditional)            the same under concurrency limits (overall, per host)
//   classifyResponse(outcome) → FetchResult                   every HTTP/transport outcome, in one place
//   scheduleNextCheck({ now, result, failures, … })           backoff, Retry-After, max-age/ttl, adaptive, --every
//   createLimiter({ overall, perHost })                       the limiter createFetcher uses
//   classifyAddress(ip) / isPrivateAddress(ip)                the private-network guard's verdict
//   selectProxy(url, proxy)                                   HTTP(S)_PROXY / NO_PROXY choice (values passed in)
//
// No fs, no environment, no logging: the proxy settings, the clock (options.now) and the
// randomness (schedule's random) come in as arguments; failures come back as data.
export { createFetcher, fetchResource, DEFAULT_ACCEPT, type Fetcher, type FetchCallOptions } from './fetch.ts';
export { classifyResponse, classifyError, parseRetryAfter, parseCacheLifetime, parseHttpDate, redirectKind, type FetchOutcome } from './response.ts';
export { scheduleNextCheck, publishingInterval, formatDuration, type ScheduleOptions, type ScheduleResult } from './schedule.ts';
export { createLimiter, type Limiter, type LimiterOptions } from './limiter.ts';
export { classifyAddress, isPrivateAddress, type AddressVerdict } from './guard.ts';
export { selectProxy, bypassesProxy } from './proxy.ts';
export type {
  ConditionalHeaders,
  FetchError,
  FetchErrorCode,
  FetchOptions,
  FetchResult,
  ProxyOptions,
  RedirectHop,
} from './types.ts';

/** Defaults the config table may take over: 20 MB, 5 redirects, private networks refused. */
export const FETCH_DEFAULTS = Object.freeze({
  timeouts: Object.freeze({ connectMs: 10_000, headersMs: 30_000, bodyMs: 60_000 }),
  maxBodyBytes: 20 * 1024 * 1024,
  maxRedirects: 5,
  allowPrivateNetworks: false,
  concurrency: Object.freeze({ overall: 8, perHost: 2 }),
  minIntervalSeconds: 15 * 60,
  maxIntervalSeconds: 24 * 60 * 60,
});

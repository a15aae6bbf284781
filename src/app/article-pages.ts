import type { Config } from '../config/index.ts';
import { decodeBytes } from '../pipeline/encoding/index.ts';
import { BUILT_IN_SITE_RULES, extractArticle, type Article } from '../pipeline/extract/index.ts';
import { siteRuleFor, type SiteRule } from '../lib/site-rules.ts';
import type { Fetcher, FetchErrorCode } from '../pipeline/fetch/index.ts';
import { cleanHtml, type CleanOptions } from '../pipeline/html/index.ts';

/** An article page, fetched and extracted; or why not. Failures are data: the caller decides what they cost. */
export type FetchedArticle =
  | { kind: 'article'; url: string; article: Article; encoding: string; httpStatus: number | null }
  | { kind: 'failed'; url: string | null; reason: string; httpStatus: number | null; passing: boolean };

const HTML_TYPE = /^(?:text\/html|application\/xhtml\+xml)\b/iu;

/** Failures worth another try later: the server was busy or down, or the network in between. */
const isPassingStatus = (status: number): boolean => status === 408 || status === 425 || status === 429 || (status >= 500 && status <= 599);
const PASSING_ERRORS: ReadonlySet<FetchErrorCode> = new Set<FetchErrorCode>([
  'dns', 'connection-refused', 'connection-reset', 'connect-timeout', 'headers-timeout', 'body-timeout', 'network',
]);

/**
 * GETs an article page through the fetcher (so the private-network guard, size limits and
 * per-host politeness apply), decodes it in whatever encoding it declares, and extracts its
 * article. A body served as something other than HTML is refused by its Content-Type; a
 * missing Content-Type is sniffed as HTML by the decoder like a browser would.
 */
export async function fetchArticle(fetcher: Fetcher, url: string, siteRules: ReadonlyArray<SiteRule> = []): Promise<FetchedArticle> {
  // A site rule may name the User-Agent its pages need (some portals serve bots an empty shell).
  const userAgent = siteRuleFor(url, [...siteRules, ...BUILT_IN_SITE_RULES])?.userAgent;
  const result = await fetcher.fetch(url, null, userAgent ? { headers: { 'user-agent': userAgent } } : undefined);
  if (result.kind !== 'ok' || !result.body) {
    const passing = result.status === null ? PASSING_ERRORS.has(result.error?.code ?? 'network') : isPassingStatus(result.status);
    return { kind: 'failed', url: result.url, reason: result.error?.message ?? `fetch: HTTP ${result.status ?? 'error'}`, httpStatus: result.status, passing };
  }
  const mediaType = result.contentType?.split(';')[0]?.trim() ?? '';
  if (mediaType !== '' && !HTML_TYPE.test(mediaType)) {
    return { kind: 'failed', url: result.url, reason: `the page is ${mediaType}, not HTML`, httpStatus: result.status, passing: false };
  }
  const { text, encoding } = decodeBytes(result.body, { kind: 'html', contentType: result.contentType });
  try {
    return { kind: 'article', url: result.url, article: extractArticle(text, { url: result.url, siteRules }), encoding, httpStatus: result.status };
  } catch (error) {
    return { kind: 'failed', url: result.url, reason: `extract: ${(error as Error).message}`, httpStatus: result.status, passing: false };
  }
}

/** The clean stage's options for a source: the workspace's rules with the source's switches on top. */
export function cleanOptionsFor(config: Config, cleanRules: Record<string, boolean> | undefined): Omit<CleanOptions, 'baseUrl'> {
  return { rules: { ...config.clean.rules, ...cleanRules }, trackingParams: [...config.clean.trackingParams] };
}

/** An extracted article's content through the clean stage (tracking, redirects, pixels …), resolved against the page. */
export function cleanArticleContent(article: Article, pageUrl: string, clean: Omit<CleanOptions, 'baseUrl'>): string | null {
  return article.content === null ? null : cleanHtml(article.content, { ...clean, baseUrl: pageUrl });
}

// The validated configuration. Names follow tidings.yaml with snake_case keys turned into
// camelCase (fetch.per_host_concurrency → config.fetch.perHostConcurrency); map entries keep
// their names. Durations are seconds and sizes bytes. Each section is one stage's options:
// pass `config.fetch` to the fetcher, `config.posts` to the post writer, never the whole thing.
import type { SiteRule } from '../lib/site-rules.ts';

export interface SqliteOptions {
  /** Database file, relative to the workspace unless absolute. */
  readonly path: string;
}

export interface PostgresOptions {
  /** postgres:// connection URL; null unless store is postgres. */
  readonly url: string | null;
}

export interface RsshubOptions {
  /** Base URL, without a trailing slash. */
  readonly instance: string;
  /** RSSHub category id → label. */
  readonly categoryLabels: Readonly<Record<string, string>>;
}

export interface FetchOptions {
  readonly concurrency: number;
  readonly perHostConcurrency: number;
  /** Seconds. */
  readonly timeoutConnect: number;
  /** Seconds. */
  readonly timeoutHeaders: number;
  /** Seconds. */
  readonly timeoutBody: number;
  /** Bytes. */
  readonly maxBodySize: number;
  readonly maxRedirects: number;
  readonly userAgent: string;
  readonly allowPrivateNetworks: boolean;
  /** Seconds. */
  readonly minInterval: number;
  /** Seconds. */
  readonly maxInterval: number;
  /** HTTP(S) proxy URL; null = HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the environment. */
  readonly proxy: string | null;
}

export interface PostsOptions {
  /** Relative to the workspace unless absolute. */
  readonly dir: string;
  readonly profile: 'hexo' | 'repost' | 'hugo' | 'jekyll';
  /** Folder layout under dir, such as "{group}/{site}/{channel}"; "" for none. */
  readonly layout: string;
  /** IANA name or "+08:00". */
  readonly timeZone: string;
  readonly body: 'markdown' | 'html';
  readonly repostLabel: string;
}

/** Names of the HTML clean-up rules (clean.rules in tidings.yaml). */
export type CleanRule =
  | 'absoluteUrls' | 'lazyImages' | 'noReferrer' | 'stripTracking'
  | 'unwrapRedirects' | 'dropPixels' | 'collapseEmpty' | 'tidyWordPress';

export interface CleanOptions {
  /** Every rule is present: true = on. */
  readonly rules: Readonly<Record<CleanRule, boolean>>;
  /** Extra query-parameter names to strip from links. */
  readonly trackingParams: readonly string[];
}

export interface MediaOptions {
  readonly archive: boolean;
  /** Relative to the workspace unless absolute. */
  readonly dir: string;
  /** Bytes. */
  readonly maxSize: number;
}

export interface SiteOptions {
  /** Relative to the workspace unless absolute. */
  readonly dir: string;
}

export interface ServerOptions {
  readonly host: string;
  readonly port: number;
}

/** Every option, validated, defaults filled in, deeply frozen. */
export interface Config {
  readonly store: 'sqlite' | 'postgres';
  readonly sqlite: SqliteOptions;
  readonly postgres: PostgresOptions;
  readonly rsshub: RsshubOptions;
  readonly fetch: FetchOptions;
  readonly posts: PostsOptions;
  readonly clean: CleanOptions;
  /** `sites:` in tidings.yaml, one rule per key; the extract stage adds its built-in rules after these. */
  readonly sites: readonly SiteRule[];
  readonly media: MediaOptions;
  readonly site: SiteOptions;
  readonly server: ServerOptions;
}

/** "per_host_concurrency" → "perHostConcurrency". */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

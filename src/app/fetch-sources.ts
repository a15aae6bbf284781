import { TidingsError } from '../errors.ts';
import type { Config } from '../config/index.ts';
import type { Feed, FetchState, Source } from '../model/index.ts';
import { parseFeed } from '../pipeline/feed/index.ts';
import {
  createFetcher,
  scheduleNextCheck,
  type FetchOptions,
  type FetchResult,
  type Fetcher,
} from '../pipeline/fetch/index.ts';
import { compileRules, processItem, type ProcessedItem } from '../pipeline/process-item.ts';
import {
  categoriesFromFeedTitle,
  describeRoute,
  isRsshubUrl,
  namespaceCandidates,
  resolveRsshubUrl,
  rsshubRoute,
  type RsshubNamespaceData,
} from '../pipeline/rsshub/index.ts';
import type { ItemChange, WrittenPost } from '../store/index.ts';
import { hashPost, renderStoredItem, sweepTempFiles, writeFileAtomic } from './posts.ts';
import { archiveItemsMedia, catchUpMedia, postImageLinks } from './media.ts';
import { cleanOptionsFor } from './article-pages.ts';
import { fillFullText, type FullTextCounts } from './full-text.ts';
import type { Workspace } from './workspace.ts';

/** The outcome of one source in one run: never thrown, always reported. */
export interface SourceFetchOutcome {
  sourceId: number;
  url: string;
  status: 'ok' | 'not-modified' | 'failed';
  httpStatus: number | null;
  error: string | null;
  newItems: number;
  updatedItems: number;
  postsWritten: number;
  nextCheckAt: string | null;
  /** For --full-text sources: how many new or changed items got their page's article, and how many kept the feed's content. */
  fullText: FullTextCounts | null;
}

export interface FetchRunSummary {
  sources: number;
  ok: number;
  notModified: number;
  failed: number;
  newItems: number;
  updatedItems: number;
  postsWritten: number;
  outcomes: SourceFetchOutcome[];
}

export interface FetchSourcesOptions {
  /** Only this source, due or not. */
  sourceId?: number | null;
  /** Called after each source, for progress displays. */
  onSource?: (outcome: SourceFetchOutcome, done: number, total: number) => void;
  /** Environment for HTTP(S)_PROXY / NO_PROXY when fetch.proxy is not set. */
  env?: Record<string, string | undefined>;
  random?: () => number;
}

/** The fetch stage's options from the configuration (and the proxy environment). */
export function fetchOptionsFrom(config: Config, now: () => Date, env: Record<string, string | undefined>): FetchOptions {
  const fetch = config.fetch;
  const httpProxy = fetch.proxy ?? env['HTTP_PROXY'] ?? env['http_proxy'] ?? undefined;
  const httpsProxy = fetch.proxy ?? env['HTTPS_PROXY'] ?? env['https_proxy'] ?? undefined;
  const noProxy = env['NO_PROXY'] ?? env['no_proxy'] ?? undefined;
  return {
    userAgent: fetch.userAgent,
    timeouts: { connectMs: fetch.timeoutConnect * 1000, headersMs: fetch.timeoutHeaders * 1000, bodyMs: fetch.timeoutBody * 1000 },
    maxBodyBytes: fetch.maxBodySize,
    maxRedirects: fetch.maxRedirects,
    allowPrivateNetworks: fetch.allowPrivateNetworks,
    proxy: httpProxy || httpsProxy ? { http: httpProxy, https: httpsProxy, noProxy } : null,
    now,
    concurrency: { overall: fetch.concurrency, perHost: fetch.perHostConcurrency },
  };
}

/**
 * `tidings fetch`: polls every due source once (or one source), stores new and changed
 * items in one transaction per source, then writes their posts atomically. One failing
 * source never stops the others: its failure is recorded and shown by `status`.
 */
export async function fetchSources(workspace: Workspace, options: FetchSourcesOptions = {}): Promise<FetchRunSummary> {
  const { store, config } = workspace;
  const env = options.env ?? process.env;
  const postsRoot = workspace.path(config.posts.dir);
  sweepTempFiles(postsRoot);
  const fetcher = createFetcher(fetchOptionsFrom(config, workspace.now, env));
  // Failed images due again, and those of items a killed run left (media.archive): before the
  // recovery below, which then writes the posts that show them with their local copies.
  await catchUpMedia(workspace, fetcher);
  // Posts a killed run stored but never wrote are written now, whatever is due.
  const recovered = await writePendingPosts(workspace, null, postsRoot);
  let sources: Source[];
  if (options.sourceId !== undefined && options.sourceId !== null) {
    const source = await store.getSource(options.sourceId);
    if (!source) throw new TidingsError('fetch.source', `fetch: no source ${options.sourceId}`, { hint: 'see `tidings status` for the ids' });
    sources = [source];
  } else {
    sources = await store.dueSources(workspace.now().toISOString());
  }
  const random = options.random ?? Math.random;
  const summary: FetchRunSummary = { sources: sources.length, ok: 0, notModified: 0, failed: 0, newItems: 0, updatedItems: 0, postsWritten: recovered, outcomes: [] };
  let done = 0;
  // Sources run concurrently; the fetcher enforces the overall and per-host limits.
  await Promise.all(
    sources.map(async (source) => {
      const outcome = await refreshSource(workspace, fetcher, source, random, postsRoot);
      summary.outcomes.push(outcome);
      if (outcome.status === 'ok') summary.ok++;
      else if (outcome.status === 'not-modified') summary.notModified++;
      else summary.failed++;
      summary.newItems += outcome.newItems;
      summary.updatedItems += outcome.updatedItems;
      summary.postsWritten += outcome.postsWritten;
      options.onSource?.(outcome, ++done, sources.length);
    }),
  );
  summary.outcomes.sort((a, b) => a.sourceId - b.sourceId);
  return summary;
}

async function refreshSource(workspace: Workspace, fetcher: Fetcher, source: Source, random: () => number, postsRoot: string): Promise<SourceFetchOutcome> {
  const { store, config } = workspace;
  const now = workspace.now();
  const state = await store.getFetchState(source.id);
  let fetchUrl: string;
  try {
    fetchUrl = isRsshubUrl(source.fetchUrl) ? resolveRsshubUrl(source.fetchUrl, config.rsshub.instance) : source.fetchUrl;
  } catch (error) {
    return recordFailure(workspace, source, state, null, (error as Error).message, random);
  }

  const result = await fetcher.fetch(fetchUrl, state ? { etag: state.etag, lastModified: state.lastModified } : null);
  let feed: Feed | null = null;
  let parseError: string | null = null;
  if (result.kind === 'ok' && result.body) {
    try {
      feed = parseFeed(result.body, {
        contentType: result.contentType,
        url: result.url,
        contentLocation: result.headers['content-location'] ?? null,
        contentLanguage: result.headers['content-language'] ?? null,
        encodingOverride: source.encodingOverride,
        name: result.url,
      });
    } catch (error) {
      if (!(error instanceof TidingsError)) throw error;
      parseError = error.message;
    }
  }
  if (result.kind === 'failed' || parseError !== null) {
    return recordFailure(workspace, source, state, result, parseError ?? result.error?.message ?? 'fetch failed', random);
  }

  // Items: the source's keep/block rules, identity, clean, hash (pipeline/process-item.ts).
  let processed: ProcessedItem[] = [];
  let fullText: FullTextCounts | null = null;
  if (feed) {
    const rules = compileRules(source.keep, source.block);
    // The source's own switches win over the workspace's.
    const clean = cleanOptionsFor(config, source.settings.cleanRules);
    processed = feed.items.map((item) => processItem(item, { rules, clean })).filter((p): p is ProcessedItem => p !== null);
    await fillSourceIdentity(workspace, fetcher, source, feed);
    if (source.fullText) fullText = await fillFullText(workspace, fetcher, source, processed, clean);
  }
  const schedule = scheduleNextCheck({
    now,
    result,
    failures: 0,
    everySeconds: source.everySeconds,
    minIntervalSeconds: config.fetch.minInterval,
    maxIntervalSeconds: config.fetch.maxInterval,
    itemDates: feed ? feed.items.map((i) => i.published ?? i.updated) : [],
    ttlMinutes: feed?.ttl ?? null,
    random,
  });
  const fetchState: Omit<FetchState, 'sourceId'> = {
    lastAttemptAt: now.toISOString(),
    lastSuccessAt: now.toISOString(),
    httpStatus: result.status,
    error: null,
    etag: result.etag,
    lastModified: result.lastModified,
    failures: 0,
    nextCheckAt: schedule.nextCheckAt?.toISOString() ?? null,
    encoding: feed?.encoding ?? state?.encoding ?? null,
  };
  const changes = await store.applyRefresh({
    sourceId: source.id,
    fetch: fetchState,
    items: processed.map((p) => ({ key: p.key, contentHash: p.contentHash, item: p.item })),
    newFetchUrl: result.permanentRedirect && !isRsshubUrl(source.fetchUrl) ? result.permanentRedirect : null,
    now: now.toISOString(),
  });
  // The images of new and changed items, archived before their posts are written (media.archive).
  if (config.media.archive) await archiveItemsMedia(workspace, fetcher, await store.itemsNeedingPosts(source.id));
  const postsWritten = await writePendingPosts(workspace, source.id, postsRoot);
  return {
    sourceId: source.id,
    url: source.url,
    status: result.kind === 'not-modified' ? 'not-modified' : 'ok',
    httpStatus: result.status,
    error: null,
    newItems: count(changes, 'new'),
    updatedItems: count(changes, 'updated'),
    postsWritten,
    nextCheckAt: fetchState.nextCheckAt,
    fullText,
  };
}

/** A copy of a string that shares no memory with the text it was cut from. */
function flatString(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

function count(changes: ItemChange[], status: ItemChange['status']): number {
  return changes.filter((c) => c.status === status).length;
}

async function recordFailure(
  workspace: Workspace,
  source: Source,
  state: FetchState | null,
  result: FetchResult | null,
  message: string,
  random: () => number,
): Promise<SourceFetchOutcome> {
  const now = workspace.now();
  // A body that is not a feed fails the source even though HTTP said 200: schedule it as a failure.
  const failed: Pick<FetchResult, 'kind' | 'disable' | 'retryAfterSeconds' | 'maxAgeSeconds' | 'error'> =
    result?.kind === 'failed' ? result : { kind: 'failed', disable: false, retryAfterSeconds: null, maxAgeSeconds: null, error: null };
  const schedule = scheduleNextCheck({
    now,
    result: failed,
    failures: state?.failures ?? 0,
    everySeconds: source.everySeconds,
    minIntervalSeconds: workspace.config.fetch.minInterval,
    maxIntervalSeconds: workspace.config.fetch.maxInterval,
    random,
  });
  const nextCheckAt = schedule.nextCheckAt;
  await workspace.store.applyRefresh({
    sourceId: source.id,
    fetch: {
      lastAttemptAt: now.toISOString(),
      lastSuccessAt: state?.lastSuccessAt ?? null,
      httpStatus: result?.status ?? null,
      error: result?.disable ? `${message} — source disabled` : message,
      etag: state?.etag ?? null,
      lastModified: state?.lastModified ?? null,
      failures: schedule.failures,
      nextCheckAt: nextCheckAt?.toISOString() ?? null,
      encoding: state?.encoding ?? null,
    },
    items: [],
    disable: result?.disable ?? false,
    now: now.toISOString(),
  });
  return {
    sourceId: source.id,
    url: source.url,
    status: 'failed',
    httpStatus: result?.status ?? null,
    error: message,
    newItems: 0,
    updatedItems: 0,
    postsWritten: 0,
    nextCheckAt: nextCheckAt?.toISOString() ?? null,
    fullText: null,
  };
}

/**
 * A source added without a name or categories gets them on its first successful fetch:
 * RSSHub route metadata (category label / site / channel), else the feed title.
 */
async function fillSourceIdentity(workspace: Workspace, fetcher: Fetcher, source: Source, feed: Feed): Promise<void> {
  // Strings cut from a feed are V8 slices that keep the whole decoded document alive; the
  // Source outlives the feed (for the whole run), so it gets copies.
  const title = feed.title === null ? null : flatString(feed.title);
  const patch: Partial<Source> = {};
  if (source.name === null && title) patch.name = title;
  if (source.categories.length === 0) {
    let categories: string[] | null = null;
    if (isRsshubUrl(source.url)) categories = await rsshubCategories(workspace, fetcher, source.url);
    patch.categories = (categories ?? categoriesFromFeedTitle(title, null)).map(flatString);
  }
  if (Object.keys(patch).length > 0) {
    Object.assign(source, await workspace.store.updateSource(source.id, patch));
  }
}

/** Category label / site / channel of an RSSHub route from the instance's /api/namespace/<ns>; null when unknown. */
export async function rsshubCategories(workspace: Workspace, fetcher: Fetcher, url: string): Promise<string[] | null> {
  const route = rsshubRoute(url);
  const instance = workspace.config.rsshub.instance.replace(/\/+$/, '');
  for (const namespace of namespaceCandidates(route)) {
    const data = await fetchJson<RsshubNamespaceData>(fetcher, `${instance}/api/namespace/${namespace}`);
    if (!data || typeof data !== 'object' || !data.routes) continue;
    const description = describeRoute(route, namespace, data, workspace.config.rsshub.categoryLabels);
    const categories = [description.categoryLabel, description.site, description.channel].filter((c): c is string => !!c);
    if (categories.length > 0) return categories;
  }
  return null;
}

/** GET a JSON document through the fetcher; null when it fails or is not JSON (metadata is optional). */
export async function fetchJson<T>(fetcher: Fetcher, url: string): Promise<T | null> {
  const result = await fetcher.fetch(url, null);
  if (result.kind !== 'ok' || !result.body) return null;
  try {
    return JSON.parse(Buffer.from(result.body).toString('utf8')) as T;
  } catch {
    return null;
  }
}

/**
 * Writes the posts of items that have none yet (new, updated, or left unwritten by a crash)
 * and marks them in one store transaction. A crash between the files and the mark only
 * means the same files are written again next time.
 */
export async function writePendingPosts(workspace: Workspace, sourceId: number | null, postsRoot: string): Promise<number> {
  const pending = await workspace.store.itemsNeedingPosts(sourceId ?? undefined);
  if (pending.length === 0) return 0;
  const sources = new Map((await workspace.store.listSources()).map((s) => [s.id, s]));
  const images = await postImageLinks(workspace, pending, postsRoot);
  const written: WrittenPost[] = [];
  for (const stored of pending) {
    const source = sources.get(stored.sourceId);
    if (!source) continue;
    const post = renderStoredItem(stored, source, workspace.config, { images: images.get(stored.id), keepPath: true });
    // An updated item keeps the file it already has, even if its title (and so its name) changed.
    const path = stored.postPath ?? post.path;
    writeFileAtomic(postsRoot, path, post.content);
    written.push({ itemId: stored.id, postPath: path, postHash: hashPost(post.content) });
  }
  await workspace.store.markPostsWritten(written);
  return written.length;
}

import { TidingsError } from '../errors.ts';
import type { FeedItem, Source } from '../model/index.ts';
import { escapeHtml } from '../lib/text.ts';
import { normalizeLink } from '../lib/url.ts';
import { contentHash, itemKey } from '../pipeline/dedupe/index.ts';
import { createFetcher } from '../pipeline/fetch/index.ts';
import { cleanArticleContent, cleanOptionsFor, fetchArticle } from './article-pages.ts';
import { fetchOptionsFrom, writePendingPosts } from './fetch-sources.ts';
import { archiveItemsMedia } from './media.ts';
import { sweepTempFiles } from './posts.ts';
import type { Workspace } from './workspace.ts';

/** The source every repost is stored under. Not a feed: it is never polled (stored disabled). */
export const REPOSTS_SOURCE_URL = 'tidings:reposts';

export interface RepostOptions {
  /** The site credited in "转载自SITE"; default the page's site name, else its host. */
  via?: string | null;
  env?: Record<string, string | undefined>;
}

export interface RepostResult {
  itemId: number;
  /** new: first repost of this URL; updated: the page changed since; unchanged: nothing to do. */
  status: 'new' | 'updated' | 'unchanged';
  title: string | null;
  /** The post file, relative to posts.dir. */
  postPath: string | null;
}

/**
 * `tidings repost URL [--via NAME]`: one article page → an item of the reposts source → a
 * post in the repost profile (../shared/examples/gnews-repost.md). The item's key is the
 * URL as given (normalized), so reposting it again updates the same item and the same post
 * file, never a second one. A page that cannot be fetched or holds no article fails the
 * command and stores nothing.
 */
export async function repostUrl(workspace: Workspace, url: string, options: RepostOptions = {}): Promise<RepostResult> {
  const { store, config } = workspace;
  const fetcher = createFetcher(fetchOptionsFrom(config, workspace.now, options.env ?? process.env));
  const page = await fetchArticle(fetcher, url, config.sites);
  if (page.kind === 'failed') {
    throw new TidingsError('repost.fetch', `repost: cannot repost ${url}: ${page.reason}`, { hint: 'check the URL in a browser; nothing was stored' });
  }
  const source = await repostsSource(workspace);
  const content = cleanArticleContent(page.article, page.url, cleanOptionsFor(config, source.settings.cleanRules));
  if (content === null) {
    throw new TidingsError('repost.extract', `repost: no article found at ${url}`, { hint: 'the page may need a site rule (sites: in tidings.yaml); nothing was stored' });
  }
  const article = page.article;
  const item: FeedItem = {
    id: normalizeLink(url),
    title: article.title,
    link: page.url,
    published: article.published,
    updated: null,
    authors: article.byline ? [{ name: article.byline, email: null, url: null }] : [],
    summary: article.excerpt === null ? null : `<p>${escapeHtml(article.excerpt)}</p>`,
    content,
    categories: [],
    enclosures: [],
    comments: null,
    image: article.image,
    via: options.via ?? article.siteName ?? null,
  };
  const key = itemKey(item);
  const now = workspace.now().toISOString();
  const [change] = await store.applyRefresh({
    sourceId: source.id,
    fetch: {
      lastAttemptAt: now, lastSuccessAt: now, httpStatus: page.httpStatus, error: null, etag: null, lastModified: null,
      failures: 0, nextCheckAt: null, encoding: page.encoding,
    },
    // The credit is part of what the post shows, so a new --via rewrites it too.
    items: [{ key, contentHash: contentHash({ ...item, title: `${item.title ?? ''}\u0000${item.via ?? ''}` }), item }],
    now,
  });
  const postsRoot = workspace.path(config.posts.dir);
  sweepTempFiles(postsRoot);
  // Images first, so the post is written once, already pointing at the local copies.
  if (config.media.archive) await archiveItemsMedia(workspace, fetcher, await store.itemsNeedingPosts(source.id));
  await writePendingPosts(workspace, source.id, postsRoot);
  const stored = (await store.listItems({ sourceId: source.id })).find((i) => i.key === key);
  return { itemId: stored!.id, status: change!.status === 'deleted' ? 'unchanged' : change!.status, title: item.title, postPath: stored!.postPath };
}

/** The reposts source, made on first use: repost profile, its own folder, never due for polling. */
async function repostsSource(workspace: Workspace): Promise<Source> {
  const existing = await workspace.store.findSourceByUrl(REPOSTS_SOURCE_URL);
  if (existing) return existing;
  return workspace.store.addSource({
    url: REPOSTS_SOURCE_URL,
    name: 'Reposts',
    categories: ['Reposts'],
    profile: 'repost',
    enabled: false,
    settings: { post: { folderLayout: 'reposts/{year}/{month}' } },
  });
}

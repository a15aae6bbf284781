// Image archiving (media.archive): every image a post shows is downloaded once, checked, and
// kept under the workspace's media folder by content hash; posts then link the local copy.
//
//   archiveItemsMedia   the images of new and changed items, before their posts are written
//   catchUpMedia        at the start of a fetch run: failed images due again, and the images of
//                       items a killed run stored but never archived
//   postImageLinks      original URL → copy, relative to the posts root, for writing posts
//
// Downloads go through the fetch stage (private-network guard, timeouts, redirects and the
// concurrency limits of the run), with the Referer and User-Agent the image's site rule asks
// for and media.max_size as the body limit. What arrives is an image only if its magic bytes
// say so (pipeline/media/sniff.ts): a hotlink-protection page served as image/jpeg is refused.
//
// A failed image keeps its remote URL in the post and is tried again on later runs, after
// RETRY_DELAYS_MS; when it succeeds, the store sends the posts showing it back to be written.
// The store keeps each original URL; the item's HTML is never changed (posts are rendered
// from it with the links, so turning archiving off gives the original URLs back).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { imageRefererFor, siteRuleFor, type SiteRule } from '../lib/site-rules.ts';
import type { StoredItem } from '../model/index.ts';
import { BUILT_IN_SITE_RULES } from '../pipeline/extract/index.ts';
import type { FetchErrorCode, FetchResult, Fetcher } from '../pipeline/fetch/index.ts';
import { itemImageUrls, mediaPath, sniffImageType, urlPath } from '../pipeline/media/index.ts';
import type { MediaRecord } from '../store/index.ts';
import { writeFileAtomic } from './posts.ts';
import type { Workspace } from './workspace.ts';

/**
 * Waits before the 2nd, 3rd … attempt of a failed image. Six attempts over about eleven days
 * ride out an outage or a rate limit; an image still failing after that is gone or blocked
 * for good, and stays remote (and counted as failed by `status`).
 */
export const RETRY_DELAYS_MS: readonly number[] = [1, 6, 24, 72, 168].map((hours) => hours * 3_600_000);

/**
 * Failed images retried at the start of one run, at most: the run is for feeds first. Retries
 * of a host that is still down cost one attempt per run (the host probe below), so a backlog
 * drains quickly when hosts are dead and at this pace when they answer.
 */
const RETRIES_PER_RUN = 1000;

/** Sent with image requests: what browsers send for <img>, so servers answer with an image. */
const IMAGE_ACCEPT = 'image/avif,image/webp,image/apng,image/png,image/jpeg,image/gif,image/*;q=0.8,*/*;q=0.5';

export interface ArchiveMediaOptions {
  /**
   * The user's site rules for the Referer and User-Agent of image requests (default: `sites:`
   * of tidings.yaml); the built-in ones (BUILT_IN_SITE_RULES) come after them.
   */
  rules?: ReadonlyArray<SiteRule>;
}

export interface ArchiveMediaResult {
  /** Images downloaded and stored now. */
  archived: number;
  /** Images that failed now (kept remote, retried later). */
  failed: number;
  /** Written posts that now have to be written again, because an image they show was archived. */
  postsToRewrite: number;
}

const NOTHING: ArchiveMediaResult = Object.freeze({ archived: 0, failed: 0, postsToRewrite: 0 });

/** Downloads in flight in one run (one fetcher), so that two sources showing one image fetch it once. */
const inFlight = new WeakMap<Fetcher, Map<string, Promise<MediaRecord>>>();

/**
 * Per run, each image host's first download, which the host's other images wait for. When it
 * fails for the whole host (no DNS name, nothing listening, no answer, a refused address), the
 * others fail at once instead of each waiting out the same failure: a dead image CDN can be
 * behind hundreds of images.
 */
const hostProbes = new WeakMap<Fetcher, Map<string, Promise<string | null>>>();
const HOST_FAILURES: ReadonlySet<FetchErrorCode> = new Set(['dns', 'connection-refused', 'connect-timeout', 'private-network']);

/**
 * Archives the images these items show (content images and the lead image) that are not
 * archived yet, and records which item shows which. An image archived earlier is not fetched
 * again (unless its file has gone); a failed one only when its retry is due. Does nothing when
 * media.archive is off.
 */
export async function archiveItemsMedia(
  workspace: Workspace,
  fetcher: Fetcher,
  items: ReadonlyArray<StoredItem>,
  options: ArchiveMediaOptions = {},
): Promise<ArchiveMediaResult> {
  if (!workspace.config.media.archive || items.length === 0) return NOTHING;
  const links = items.map((stored) => ({ itemId: stored.id, urls: itemImageUrls(stored.item) }));
  // The first item showing an image is the page it is fetched for (its Referer).
  const pages = new Map<string, string | null>();
  items.forEach((stored, i) => {
    for (const url of links[i]!.urls) if (!pages.has(url)) pages.set(url, stored.item.link);
  });
  if (pages.size === 0) {
    // Links still replace the items' earlier lists: an updated item may have dropped its images.
    await workspace.store.recordMedia({ results: [], links });
    return NOTHING;
  }
  const known = await workspace.store.mediaByUrls([...pages.keys()]);
  const now = workspace.now().toISOString();
  const mediaRoot = mediaFolder(workspace);
  const wanted = [...pages].filter(([url]) => {
    const record = known.get(url);
    if (!record) return true;
    if (record.status === 'ok') return !existsSync(join(mediaRoot, record.path!));
    return record.nextRetryAt !== null && record.nextRetryAt <= now;
  });
  const results = await Promise.all(wanted.map(([url, page]) => downloadOnce(workspace, fetcher, url, page, known.get(url) ?? null, options)));
  const postsToRewrite = await workspace.store.recordMedia({ results, links });
  return tally(results, postsToRewrite);
}

/**
 * The start of a fetch run: tries again the failed images that are due (oldest first, at most
 * RETRIES_PER_RUN), and archives the images of items still waiting for their post (a killed
 * run stored them but never got to their images). Posts showing an image archived now are
 * left needing their post, so the run's recovery step writes them with the local copy.
 */
export async function catchUpMedia(workspace: Workspace, fetcher: Fetcher, options: ArchiveMediaOptions = {}): Promise<ArchiveMediaResult> {
  if (!workspace.config.media.archive) return NOTHING;
  const due = await workspace.store.dueMedia(workspace.now().toISOString(), RETRIES_PER_RUN);
  const results = await Promise.all(due.map(({ record, pageUrl }) => downloadOnce(workspace, fetcher, record.url, pageUrl, record, options)));
  const retried = tally(results, results.length > 0 ? await workspace.store.recordMedia({ results, links: [] }) : 0);
  const pending = await archiveItemsMedia(workspace, fetcher, await workspace.store.itemsNeedingPosts(), options);
  return {
    archived: retried.archived + pending.archived,
    failed: retried.failed + pending.failed,
    postsToRewrite: retried.postsToRewrite + pending.postsToRewrite,
  };
}

/**
 * Each item's archived images as post links want them: original URL → the copy's path relative
 * to the posts root, as a URL path (renderPost makes it relative to each post's own folder).
 * Only when media.archive is on, and only copies whose file is there.
 */
export async function postImageLinks(
  workspace: Workspace,
  items: ReadonlyArray<StoredItem>,
  postsRoot: string,
): Promise<Map<number, Map<string, string>>> {
  const out = new Map<number, Map<string, string>>();
  if (!workspace.config.media.archive || items.length === 0) return out;
  const mediaRoot = mediaFolder(workspace);
  const base = relative(postsRoot, mediaRoot).split(sep).join('/');
  for (const [itemId, records] of await workspace.store.itemMedia(items.map((i) => i.id))) {
    const links = new Map<string, string>();
    for (const record of records) {
      if (record.status !== 'ok' || !existsSync(join(mediaRoot, record.path!))) continue;
      links.set(record.url, urlPath(base === '' ? record.path! : `${base}/${record.path}`));
    }
    if (links.size > 0) out.set(itemId, links);
  }
  return out;
}

/** The absolute media folder (media.dir, relative to the workspace). */
export function mediaFolder(workspace: Workspace): string {
  return workspace.path(workspace.config.media.dir);
}

function tally(results: ReadonlyArray<MediaRecord>, postsToRewrite: number): ArchiveMediaResult {
  const archived = results.filter((r) => r.status === 'ok').length;
  return { archived, failed: results.length - archived, postsToRewrite };
}

/** One download per URL per run, shared by every caller that asks for it meanwhile. */
function downloadOnce(
  workspace: Workspace,
  fetcher: Fetcher,
  url: string,
  pageUrl: string | null,
  previous: MediaRecord | null,
  options: ArchiveMediaOptions,
): Promise<MediaRecord> {
  let running = inFlight.get(fetcher);
  if (!running) inFlight.set(fetcher, (running = new Map()));
  const existing = running.get(url);
  if (existing) return existing;
  const rules = [...(options.rules ?? workspace.config.sites), ...BUILT_IN_SITE_RULES];
  const download = downloadImage(workspace, fetcher, url, pageUrl, previous, rules);
  running.set(url, download);
  return download;
}

/** Fetches one image, checks it and writes it under its content hash; the outcome as a record, never thrown. */
async function downloadImage(
  workspace: Workspace,
  fetcher: Fetcher,
  url: string,
  pageUrl: string | null,
  previous: MediaRecord | null,
  rules: ReadonlyArray<SiteRule>,
): Promise<MediaRecord> {
  const attempts = (previous?.attempts ?? 0) + 1;
  const headers: Record<string, string> = { accept: IMAGE_ACCEPT };
  const referer = imageRefererFor(url, pageUrl, rules);
  if (referer) headers['referer'] = referer;
  const userAgent = siteRuleFor(url, rules)?.userAgent ?? (pageUrl ? siteRuleFor(pageUrl, rules)?.userAgent : undefined);
  if (userAgent) headers['user-agent'] = userAgent;

  const result = await fetchThroughHostProbe(fetcher, url, () => fetcher.fetch(url, null, { headers, maxBodyBytes: workspace.config.media.maxSize }));
  const at = workspace.now();
  const failed = (error: string): MediaRecord => ({
    url, status: 'failed', hash: null, path: null, type: null, bytes: null, error, attempts,
    lastAttemptAt: at.toISOString(),
    nextRetryAt: attempts > RETRY_DELAYS_MS.length ? null : new Date(at.getTime() + RETRY_DELAYS_MS[attempts - 1]!).toISOString(),
  });
  if (typeof result === 'string') return failed(result);
  if (result.kind !== 'ok' || !result.body) return failed(result.error?.message ?? `fetch: no body (${result.status ?? 'no response'}) ${url}`);
  const sniffed = sniffImageType(result.body);
  if (!sniffed.ok) return failed(`media: refused ${url}: ${sniffed.reason}${result.contentType ? ` (served as ${result.contentType})` : ''}`);

  const hash = createHash('sha256').update(result.body).digest('hex');
  const path = mediaPath(hash, sniffed.type);
  const mediaRoot = mediaFolder(workspace);
  // The same bytes under another URL are already there: one file for both.
  if (!existsSync(join(mediaRoot, path))) writeFileAtomic(mediaRoot, path, result.body);
  return {
    url, status: 'ok', hash, path, type: sniffed.type, bytes: result.body.length, error: null, attempts,
    lastAttemptAt: at.toISOString(), nextRetryAt: null,
  };
}

/** The fetch, after the host's first one; a string (the reason) when that one found the host unreachable. */
async function fetchThroughHostProbe(fetcher: Fetcher, url: string, fetch: () => Promise<FetchResult>): Promise<FetchResult | string> {
  let host = '';
  try {
    host = new URL(url).host.toLowerCase();
  } catch {
    return fetch(); // the fetch stage classifies an invalid URL
  }
  let probes = hostProbes.get(fetcher);
  if (!probes) hostProbes.set(fetcher, (probes = new Map()));
  const probe = probes.get(host);
  if (probe) {
    const down = await probe;
    return down === null ? fetch() : `media: not tried, ${host} was unreachable earlier in this run (${down})`;
  }
  let settle!: (down: string | null) => void;
  probes.set(host, new Promise((resolve) => (settle = resolve)));
  let down: string | null = null;
  try {
    const result = await fetch();
    if (result.error && HOST_FAILURES.has(result.error.code)) down = result.error.message;
    return result;
  } finally {
    settle(down);
  }
}

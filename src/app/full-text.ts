import type { Source } from '../model/index.ts';
import type { Fetcher } from '../pipeline/fetch/index.ts';
import { chooseFullText, type PageOutcome } from '../pipeline/full-text.ts';
import type { CleanOptions } from '../pipeline/html/index.ts';
import type { ProcessedItem } from '../pipeline/process-item.ts';
import { cleanArticleContent, fetchArticle } from './article-pages.ts';
import type { Workspace } from './workspace.ts';

export interface FullTextCounts {
  /** Items whose content is now their page's article. */
  extracted: number;
  /** Items that kept the feed's content (the page failed or gave less); each records why. */
  keptFeed: number;
}

/** Fetches of a page that may fail for a passing reason (a 503, a timeout) before the item keeps the feed's content for good. */
const FULL_TEXT_ATTEMPTS = 3;

/**
 * Marks the stored content hash of an item whose page failed for a passing reason, with the
 * count of such failures: `<hash>~page-retry-<n>`. The next poll then sees the item as changed
 * and fetches its page again; once the page is read, the hash is the feed item's own again.
 */
const RETRY_MARK = '~page-retry-';

/** Failed attempts recorded in a stored hash for this same feed item, or 0. */
function failedAttemptsIn(stored: string | undefined, contentHash: string): number {
  if (stored === undefined || !stored.startsWith(contentHash + RETRY_MARK)) return 0;
  return Number(stored.slice(contentHash.length + RETRY_MARK.length)) || 0;
}

/**
 * Full text for a --full-text source: each new or changed item's page is fetched, extracted
 * and cleaned, and replaces the feed's content when it gives more (pipeline/full-text.ts
 * decides and records why). Runs before the store, so the item is stored once, whole, in the
 * same transaction as the rest of the refresh. The content hash stays the one of the feed's
 * item: the next poll of an unchanged feed item is 'unchanged' and does not fetch the page
 * again, nor put the summary back. A page that failed for a passing reason is the exception:
 * it is fetched again at the next polls, FULL_TEXT_ATTEMPTS fetches in all (see RETRY_MARK).
 */
export async function fillFullText(
  workspace: Workspace,
  fetcher: Fetcher,
  source: Source,
  processed: ProcessedItem[],
  clean: Omit<CleanOptions, 'baseUrl'>,
): Promise<FullTextCounts> {
  const counts: FullTextCounts = { extracted: 0, keptFeed: 0 };
  if (processed.length === 0) return counts;
  const stored = await workspace.store.itemHashes(source.id, processed.map((p) => p.key));
  const candidates: Array<{ p: ProcessedItem; failedBefore: number }> = [];
  for (const p of processed) {
    const storedHash = stored.get(p.key);
    if (storedHash === p.contentHash || p.item.link === null || !/^https?:\/\//iu.test(p.item.link)) continue;
    const failedBefore = failedAttemptsIn(storedHash, p.contentHash);
    if (failedBefore >= FULL_TEXT_ATTEMPTS) {
      // Given up on: the stored item, with its note, stays as it is.
      p.contentHash = storedHash!;
      continue;
    }
    candidates.push({ p, failedBefore });
  }
  // Concurrently: the fetcher's overall and per-host limits keep it polite.
  await Promise.all(
    candidates.map(async ({ p, failedBefore }) => {
      const page = await fetchArticle(fetcher, p.item.link!, workspace.config.sites);
      let outcome: PageOutcome;
      if (page.kind === 'article') {
        outcome = { kind: 'article', url: page.url, content: cleanArticleContent(page.article, page.url, clean) };
      } else if (page.passing) {
        outcome = { kind: 'failed', url: page.url, reason: page.reason, failedAttempts: failedBefore + 1 };
        p.contentHash += RETRY_MARK + (failedBefore + 1);
      } else {
        outcome = { kind: 'failed', url: page.url, reason: page.reason };
      }
      p.item = chooseFullText(p.item, outcome);
      if (p.item.fullText?.from === 'page') counts.extracted++;
      else counts.keptFeed++;
    }),
  );
  return counts;
}

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

/**
 * Full text for a --full-text source: each new or changed item's page is fetched, extracted
 * and cleaned, and replaces the feed's content when it gives more (pipeline/full-text.ts
 * decides and records why). Runs before the store, so the item is stored once, whole, in the
 * same transaction as the rest of the refresh. The content hash stays the one of the feed's
 * item: the next poll of an unchanged feed item is 'unchanged' and does not fetch the page
 * again, nor put the summary back.
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
  const candidates = processed.filter((p) => stored.get(p.key) !== p.contentHash && p.item.link !== null && /^https?:\/\//iu.test(p.item.link));
  // Concurrently: the fetcher's overall and per-host limits keep it polite.
  await Promise.all(
    candidates.map(async (p) => {
      const page = await fetchArticle(fetcher, p.item.link!, workspace.config.sites);
      const outcome: PageOutcome =
        page.kind === 'failed'
          ? { kind: 'failed', url: page.url, reason: page.reason }
          : { kind: 'article', url: page.url, content: cleanArticleContent(page.article, page.url, clean) };
      p.item = chooseFullText(p.item, outcome);
      if (p.item.fullText?.from === 'page') counts.extracted++;
      else counts.keptFeed++;
    }),
  );
  return counts;
}

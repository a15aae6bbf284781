// The news corpus (../shared/corpus/news): its feeds parsed into items, for render invariants
// and throughput. Tests skip with the reason from newsCorpusMissingReason() when it is absent.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FeedItem } from '../../src/model/index.ts';
import { parseFeed } from '../../src/pipeline/feed/index.ts';
import type { RenderItem } from '../../src/pipeline/render/index.ts';

export const NEWS_FEEDS_DIR = resolve(process.cwd(), '../shared/corpus/news/feeds');

/** Why the news corpus cannot be used, or false when it can. */
export function newsCorpusMissingReason(): string | false {
  return existsSync(NEWS_FEEDS_DIR) ? false : `../shared/corpus/news/feeds not found beside the repository (looked in ${NEWS_FEEDS_DIR})`;
}

/** Every item of every corpus feed, with a source named after the feed (its title; categories group / site / channel). */
export function loadNewsItems(): RenderItem[] {
  const items: RenderItem[] = [];
  for (const file of readdirSync(NEWS_FEEDS_DIR).filter((f) => f.endsWith('.xml')).sort()) {
    const feed = parseFeed(readFileSync(join(NEWS_FEEDS_DIR, file)), { name: file });
    const site = feed.title ?? file;
    for (const item of feed.items as FeedItem[]) {
      items.push({ ...item, source: { name: site, categories: ['新媒体', site, file.replace(/\.xml$/, '')] } });
    }
  }
  return items;
}

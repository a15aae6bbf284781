import { createHash } from 'node:crypto';
import type { FeedItem } from '../../model/index.ts';
import { normalizeLink } from '../../lib/url.ts';

/** Ids the parser derived itself (the item had no guid); see deriveItemId in pipeline/feed. */
const DERIVED_ID = /^tidings:/;

/**
 * The key that identifies an item within its source: its guid, else its normalized
 * link, else a key from its content (the parser's derived id). Prefixed so that a guid
 * can never collide with a link key.
 */
export function itemKey(item: Pick<FeedItem, 'id' | 'link'>): string {
  if (!DERIVED_ID.test(item.id)) return `guid:${item.id}`;
  if (item.link) return `link:${normalizeLink(item.link)}`;
  return `content:${item.id.slice('tidings:'.length)}`;
}

/** A hash of what a reader sees change: title and body. Dates and ids do not count. */
export function contentHash(item: Pick<FeedItem, 'title' | 'content' | 'summary'>): string {
  return createHash('sha256')
    .update(item.title ?? '')
    .update('\u0000')
    .update(item.content ?? item.summary ?? '')
    .digest('hex');
}

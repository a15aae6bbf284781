import type { FeedItem } from '../model/index.ts';
import { InputError } from '../errors.ts';
import { cleanHtml, type CleanOptions } from './html/index.ts';
import { contentHash, itemKey } from './dedupe/index.ts';

export interface ItemRules {
  /** Keep only items matching at least one of these (when any are given). */
  keep: RegExp[];
  /** Drop items matching any of these. Block wins over keep. */
  block: RegExp[];
}

export interface ProcessItemOptions {
  rules: ItemRules;
  clean: Omit<CleanOptions, 'baseUrl'>;
}

export interface ProcessedItem {
  key: string;
  contentHash: string;
  item: FeedItem;
}

/** The text keep/block patterns are matched against: title, content, authors, categories. */
function matchText(item: FeedItem): string {
  return [
    item.title ?? '',
    item.content ?? item.summary ?? '',
    ...item.authors.map((a) => `${a.name ?? ''} ${a.email ?? ''}`),
    ...item.categories,
  ].join('\n');
}

/** Whether an item passes a source's keep/block rules. */
export function passesRules(item: FeedItem, rules: ItemRules): boolean {
  if (rules.keep.length === 0 && rules.block.length === 0) return true;
  const text = matchText(item);
  if (rules.block.some((pattern) => pattern.test(text))) return false;
  return rules.keep.length === 0 || rules.keep.some((pattern) => pattern.test(text));
}

/**
 * The fixed order of stages for one parsed item, each for a reason:
 * 1. rules first, on what the feed said, so a blocked item costs nothing more;
 * 2. identity from the feed's own id and link, before any rewriting can change the link;
 * 3. clean (rewrite rules, then sanitize last) on summary and content, resolved against the item's link;
 * 4. the content hash last, over what will be stored, so a changed rule set rewrites posts.
 * Returns null for an item the rules drop.
 */
export function processItem(item: FeedItem, options: ProcessItemOptions): ProcessedItem | null {
  if (!passesRules(item, options.rules)) return null;
  const key = itemKey(item);
  const baseUrl = item.link;
  const cleaned: FeedItem = {
    ...item,
    summary: item.summary === null ? null : cleanHtml(item.summary, { ...options.clean, baseUrl }),
    content: item.content === null ? null : cleanHtml(item.content, { ...options.clean, baseUrl }),
  };
  return { key, contentHash: contentHash(cleaned), item: cleaned };
}

/** Compiles a source's keep/block pattern strings (case-insensitive); a bad pattern is reported, not ignored. */
export function compileRules(keep: string[], block: string[]): ItemRules {
  const compile = (pattern: string) => {
    try {
      return new RegExp(pattern, 'iu');
    } catch (error) {
      throw new InputError('rules.pattern', `rules: '${pattern}' is not a valid pattern (${(error as Error).message})`, {
        hint: 'keep/block rules are JavaScript regular expressions, matched case-insensitively',
      });
    }
  };
  return { keep: keep.map(compile), block: block.map(compile) };
}

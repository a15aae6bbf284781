// What every profile needs to know about an item, worked out once.
import type { FeedItem } from '../../model/index.ts';
import { leadImageOf } from '../media/index.ts';
import { formatZonedDate, type ZonedDate } from './dates.ts';
import { fallbackTitle, plainTitle } from './title.ts';
import { wellFormed } from './front-matter.ts';

/** Where an item came from, as a source names it (group / site / channel). */
export interface RenderSource {
  name: string | null;
  categories: string[];
}

/** A normalized item, plus the source it was read from when known. */
export type RenderItem = FeedItem & { source?: RenderSource | null };

/** The facts of one post, as the profiles use them. */
export interface PostFacts {
  id: string;
  /** Plain text, never empty. */
  title: string;
  /** The first of published, updated, `now`, in the render zone; null when none is known. */
  date: ZonedDate | null;
  /** The item's updated date when it differs from `date`. */
  updated: ZonedDate | null;
  /** The original article, tracking parameters removed. */
  link: string | null;
  /** Author names, in feed order, de-duplicated. */
  authors: string[];
  sourceName: string | null;
  /** The source's categories (group / site / channel). */
  categories: string[];
  /** The item's own categories, used as tags. */
  tags: string[];
  /** The lead image: the first content image, else an image enclosure, else the item's media image. */
  leadImage: string | null;
  /** content, else summary, else "" (sanitized HTML). */
  html: string;
}

/** Options that shape the facts. */
export interface PostFactsOptions {
  timeZone: string;
  now: Date | string | null;
}

/** Works out the facts of an item once, for any profile. */
export function collectPostFacts(item: RenderItem, options: PostFactsOptions): PostFacts {
  const html = item.content ?? item.summary ?? '';
  const link = item.link === null ? null : removeTrackingParameters(item.link);
  const title = plainTitle(item.title) ?? fallbackTitle(html === '' ? null : html, link, item.id);
  const dateSource = [item.published, item.updated, options.now].find((d) => d !== null && d !== undefined && formatZonedDate(d, 'UTC') !== null);
  const date = dateSource === undefined || dateSource === null ? null : formatZonedDate(dateSource, options.timeZone);
  const updatedDate = item.updated === null ? null : formatZonedDate(item.updated, options.timeZone);
  return {
    id: item.id,
    title: wellFormed(title),
    date,
    updated: updatedDate !== null && updatedDate.iso !== date?.iso ? updatedDate : null,
    link,
    authors: unique((item.authors ?? []).map((a) => a.name?.replace(/\s+/g, ' ').trim() ?? '')),
    sourceName: item.source?.name?.trim() || null,
    categories: unique(item.source?.categories ?? []),
    tags: unique(item.categories ?? []),
    leadImage: leadImageOf(item, html),
    html,
  };
}

function unique(values: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const value of values) {
    const v = value.trim();
    if (v !== '') seen.add(v);
  }
  return [...seen];
}

/** Query parameters that only track the reader (utm_*, click ids): the same page without them. */
const TRACKING_PARAM_RE = /^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|yclid|igshid|_hsenc|_hsmi)$/i;

/** The link without tracking parameters; unchanged (byte for byte) when it has none or cannot be parsed. */
export function removeTrackingParameters(link: string): string {
  if (!link.includes('?')) return link;
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return link;
  }
  const names = [...url.searchParams.keys()].filter((name) => TRACKING_PARAM_RE.test(name));
  if (names.length === 0) return link;
  for (const name of names) url.searchParams.delete(name);
  return url.toString();
}

import type { Feed, FeedFormat, FeedItem, Person } from '../../model/index.ts';
import { MapContext, addEnclosure, addPerson, deriveItemId, emptyItem, parseLength } from './context.ts';

/**
 * JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1).
 *
 * Wire shape: { version, title, home_page_url, feed_url, description, icon, favicon,
 *   language (1.1), author (1.0) | authors (1.1), items: [{ id, url, external_url, title,
 *   content_html, content_text, summary, image, banner_image, date_published,
 *   date_modified, author | authors, tags, attachments: [{url, mime_type, size_in_bytes}] }] }
 * Fields of the wrong JSON type are ignored rather than trusted.
 */
export function readJsonFeed(data: Record<string, unknown>, format: FeedFormat, context: MapContext, documentUrl: string | null): Omit<Feed, 'encoding' | 'warnings'> {
  context.feedLink = context.url(str(data['home_page_url']), documentUrl);
  const base = context.feedLink ?? documentUrl;
  const authors = readAuthors(data, context, base);
  const items: FeedItem[] = [];
  const rawItems = Array.isArray(data['items']) ? data['items'] : [];
  if (!Array.isArray(data['items'])) context.warn('feed: JSON Feed without an items array');
  for (const raw of rawItems) {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      context.warn('feed: JSON Feed item that is not an object skipped');
      continue;
    }
    items.push(readJsonItem(raw as Record<string, unknown>, context, base, items.length));
  }
  const icon = str(data['icon']) ?? str(data['favicon']);
  return {
    format,
    title: str(data['title']),
    link: context.feedLink,
    description: str(data['description']),
    language: str(data['language']),
    updated: null,
    image: icon ? { url: context.url(icon, base), title: null, link: null } : null,
    authors,
    items,
    ttl: null,
  };
}

function readJsonItem(raw: Record<string, unknown>, context: MapContext, base: string | null, index: number): FeedItem {
  const item = emptyItem();
  const where = `item ${index + 1}`;
  item.title = str(raw['title']);
  item.link = context.url(str(raw['url']) ?? str(raw['external_url']), base);
  item.published = context.date(str(raw['date_published']), where);
  item.updated = context.date(str(raw['date_modified']), where);
  item.authors = readAuthors(raw, context, base);
  item.summary = context.textAsHtml(str(raw['summary']));
  item.content = context.html(str(raw['content_html']), base) ?? context.textAsHtml(str(raw['content_text']));
  if (Array.isArray(raw['tags'])) {
    for (const tag of raw['tags']) if (typeof tag === 'string' && tag.trim() && !item.categories.includes(tag.trim())) item.categories.push(tag.trim());
  }
  if (Array.isArray(raw['attachments'])) {
    for (const attachment of raw['attachments'] as Array<Record<string, unknown>>) {
      if (!attachment || typeof attachment !== 'object') continue;
      const url = context.url(str(attachment['url']), base);
      const size = attachment['size_in_bytes'];
      if (url) {
        addEnclosure(item.enclosures, {
          url,
          type: str(attachment['mime_type']),
          length: typeof size === 'number' && size >= 0 ? Math.floor(size) : parseLength(str(size)),
        });
      }
    }
  }
  item.image = context.url(str(raw['image']) ?? str(raw['banner_image']), base);
  const id = raw['id'];
  const idText = typeof id === 'string' ? id.trim() || null : typeof id === 'number' ? String(id) : null;
  return { id: idText ?? deriveItemId(item), ...item };
}

/** 1.1's `authors` array, else 1.0's single `author`. */
function readAuthors(data: Record<string, unknown>, context: MapContext, base: string | null): Person[] {
  const people: Person[] = [];
  const list = Array.isArray(data['authors']) ? data['authors'] : data['author'] ? [data['author']] : [];
  for (const raw of list as Array<Record<string, unknown>>) {
    if (!raw || typeof raw !== 'object') continue;
    addPerson(people, { name: str(raw['name']), email: null, url: context.url(str(raw['url']), base) });
  }
  return people;
}

function str(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

import type { Feed, FeedItem } from '../../model/index.ts';
import { MapContext, deriveItemId, emptyItem } from './context.ts';
import { childElement, childElements, textOrNull, type XmlElement } from './xml-tree.ts';

/**
 * Microsoft's Channel Definition Format (1997), still met in old archives:
 * <CHANNEL HREF LASTMOD><TITLE/><ABSTRACT/><ITEM HREF LASTMOD>…</ITEM></CHANNEL>.
 * The model has no format name for it, so it reports 'unknown'.
 */
export function readCdf(root: XmlElement, context: MapContext): Omit<Feed, 'encoding' | 'warnings'> {
  context.feedLink = context.url(root.attrs['href'] ?? null, root.base);
  const items: FeedItem[] = childElements(root, '', 'item').map((el, index) => {
    const item = emptyItem();
    item.title = textOrNull(childElement(el, '', 'title'));
    item.link = context.url(el.attrs['href'] ?? null, el.base);
    item.summary = context.html(textOrNull(childElement(el, '', 'abstract')), el.base);
    item.updated = context.date(el.attrs['lastmod'] ?? null, `item ${index + 1}`);
    return { id: deriveItemId(item), ...item };
  });
  return {
    format: 'unknown',
    title: textOrNull(childElement(root, '', 'title')),
    link: context.feedLink,
    description: textOrNull(childElement(root, '', 'abstract')),
    language: root.lang,
    updated: context.date(root.attrs['lastmod'] ?? null, 'the channel'),
    image: null,
    authors: [],
    items,
    ttl: null,
  };
}

import { childElement, childElements, type XmlElement } from './xml-tree.ts';

// Media RSS (http://www.rssboard.org/media-rss) reads the same in RSS and Atom entries.

/** media:description, directly or inside a media:group. */
export function mediaDescription(el: XmlElement): XmlElement | undefined {
  return childElement(el, 'media', 'description') ?? childElements(el, 'media', 'group').map((g) => childElement(g, 'media', 'description')).find(Boolean);
}

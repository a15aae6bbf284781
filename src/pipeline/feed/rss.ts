import type { Feed, FeedFormat, FeedItem, Person } from '../../model/index.ts';
import {
  MapContext,
  addEnclosure,
  addPerson,
  deriveItemId,
  emptyItem,
  looksLikeHtml,
  parseLength,
  parsePerson,
} from './context.ts';
import { mediaDescription } from './media-rss.ts';
import { childElement, childElements, firstText, hasChildElements, innerHtml, textOf, textOrNull, type XmlElement } from './xml-tree.ts';

/**
 * RSS 0.90–0.94, 2.0 and RSS 1.0 (RDF). The RSS family shares one vocabulary, so one
 * adapter reads them all: in RDF the channel, image and items are siblings under
 * rdf:RDF, in RSS 0.9x/2.0 they are children of <channel>. Namespaced extensions
 * (dc, content, media, itunes, atom) are read wherever they appear.
 *
 * Wire shapes (RSS 2.0 spec, RSS 1.0 spec, Dublin Core, content module):
 *   channel: title, link, description, language | dc:language, lastBuildDate | pubDate | dc:date,
 *            image{url,title,link}, managingEditor | dc:creator | itunes:author
 *   item:    title, link, guid[isPermaLink], description, content:encoded, pubDate | dc:date,
 *            author | dc:creator, category | dc:subject, enclosure{url,type,length}, comments,
 *            media:thumbnail | media:content | itunes:image
 */
export function readRss(root: XmlElement, format: FeedFormat, context: MapContext): Omit<Feed, 'encoding' | 'warnings'> {
  const channel = childElement(root, 'rss', 'channel') ?? childElement(root, '', 'channel') ?? root;
  // RSS 1.0 and 0.90 put items and image beside the channel; 0.9x/2.0 inside it.
  const itemParents = channel === root ? [root] : [channel, root];

  const link = firstText(channel, [['', 'link'], ['rss', 'link']]);
  const atomAlternate = childElements(channel, 'atom', 'link').find((l) => (l.attrs['rel'] ?? 'alternate') === 'alternate');
  context.feedLink = context.url(link ?? atomAlternate?.attrs['href'] ?? null, channel.base);

  const authors: Person[] = [];
  for (const [ns, local] of PERSON_ELEMENTS_CHANNEL) {
    for (const el of childElements(channel, ns, local)) {
      const text = textOf(el).trim();
      if (text) addPerson(authors, parsePerson(text));
    }
  }

  const imageElement = itemParents.map((p) => rssChild(p, 'image')).find((el) => el !== undefined);
  const image = imageElement && hasChildElements(imageElement)
    ? {
        url: context.url(textOrNull(rssChild(imageElement, 'url')), imageElement.base),
        title: textOrNull(rssChild(imageElement, 'title')),
        link: context.url(textOrNull(rssChild(imageElement, 'link')), imageElement.base),
      }
    : null;
  const itunesImageElement = childElement(channel, 'itunes', 'image');
  const itunesImage = itunesImageElement?.attrs['href'] ?? itunesImageElement?.attrs['url'] ??
    childElements(channel, 'itunes', 'link').find((l) => l.attrs['rel'] === 'image')?.attrs['href'];

  const items: FeedItem[] = [];
  let truncatedItems = 0;
  for (const parent of itemParents) {
    for (const child of parent.children) {
      if (typeof child === 'string' || child.local !== 'item' || (child.ns !== '' && child.ns !== 'rss')) continue;
      if (child.truncated) {
        truncatedItems++;
        continue;
      }
      items.push(readRssItem(child, context, items.length));
    }
  }
  if (truncatedItems > 0) context.warn(`feed: ${truncatedItems} incomplete item(s) at the end of a truncated document dropped`);

  return {
    format,
    title: titleText(rssChild(channel, 'title') ?? childElement(channel, 'dc', 'title'), context),
    link: context.feedLink,
    description: htmlOf(
      rssChild(channel, 'description') ??
        childElement(channel, 'dc', 'description') ??
        childElement(channel, 'itunes', 'subtitle') ??
        childElement(channel, 'itunes', 'summary'),
      context,
    ),
    language:
      firstText(channel, [['', 'language'], ['rss', 'language'], ['dc', 'language']]) ?? channel.lang ?? root.lang ?? null,
    updated: context.date(
      firstText(channel, [['', 'lastbuilddate'], ['', 'pubdate'], ['dc', 'date'], ['dcterms', 'modified'], ['atom', 'updated']]),
      'the channel',
    ),
    image: image ?? (itunesImage ? { url: context.url(itunesImage, channel.base), title: null, link: null } : null),
    authors,
    items,
    ttl: parseTtl(firstText(channel, [['', 'ttl'], ['rss', 'ttl']])),
  };
}

/** RSS 2.0 <ttl>: whole minutes; anything else is ignored. */
function parseTtl(text: string | null): number | null {
  if (text === null || !/^\d{1,6}$/.test(text)) return null;
  return Number(text);
}

const PERSON_ELEMENTS_CHANNEL: Array<[string, string]> = [
  ['', 'managingeditor'],
  ['', 'author'],
  ['rss', 'author'],
  ['dc', 'creator'],
  ['dc', 'author'],
  ['itunes', 'author'],
];

const PERSON_ELEMENTS_ITEM: Array<[string, string]> = [
  ['', 'author'],
  ['rss', 'author'],
  ['dc', 'creator'],
  ['dc', 'author'],
  ['itunes', 'author'],
];

function readRssItem(el: XmlElement, context: MapContext, index: number): FeedItem {
  const item = emptyItem();
  const where = `item ${index + 1}`;
  item.title = titleText(rssChild(el, 'title') ?? childElement(el, 'dc', 'title') ?? childElement(el, 'media', 'title'), context);

  const guidElement = rssChild(el, 'guid');
  const guid = guidElement ? textOf(guidElement).trim() || null : null;
  const origLink = textOrNull(childElement(el, 'feedburner', 'origlink'));
  const atomLink = childElements(el, 'atom', 'link').find((l) => (l.attrs['rel'] ?? 'alternate') === 'alternate');
  let link = origLink ?? textOrNull(rssChild(el, 'link')) ?? atomLink?.attrs['href'] ?? null;
  // RSS 2.0: a guid is a permalink unless isPermaLink="false"; it then doubles as the link.
  if (!link && guid && guidElement!.attrs['ispermalink']?.trim().toLowerCase() !== 'false' && /^https?:\/\//i.test(guid)) {
    link = guid;
  }
  item.link = context.url(link, el.base);

  // The first <description> or <summary> is the summary; a second one is the fuller content
  // (feedparser's reading), unless content:encoded or an XHTML body carries it.
  const summaries = el.children.filter(
    (c): c is XmlElement => typeof c !== 'string' && (c.local === 'description' || c.local === 'summary') && (c.ns === '' || c.ns === 'rss' || c.ns === 'dc'),
  );
  item.summary = htmlOf(summaries[0] ?? childElement(el, 'itunes', 'summary') ?? mediaDescription(el), context);
  const encoded = childElement(el, 'content', 'encoded') ?? childElement(el, 'xhtml', 'body') ?? rssChild(el, 'body') ?? rssChild(el, 'fullitem');
  if (encoded) item.content = encoded.local === 'body' ? context.html(innerHtml(encoded), encoded.base) : htmlOf(encoded, context);
  else if (summaries.length > 1) item.content = htmlOf(summaries[1], context);

  item.published = context.date(
    firstText(el, [['', 'pubdate'], ['rss', 'pubdate'], ['dcterms', 'issued'], ['dcterms', 'created'], ['atom', 'published'], ['dc', 'date']]),
    where,
  );
  item.updated = context.date(
    firstText(el, [['dcterms', 'modified'], ['atom', 'updated'], ['dc', 'date'], ['', 'lastbuilddate']]),
    where,
  );

  for (const [ns, local] of PERSON_ELEMENTS_ITEM) {
    for (const author of childElements(el, ns, local)) {
      const text = textOf(author).trim();
      if (text) addPerson(item.authors, parsePerson(text));
    }
  }

  for (const child of el.children) {
    if (typeof child === 'string') continue;
    const { ns, local } = child;
    const rssNs = ns === '' || ns === 'rss';
    if ((local === 'category' && rssNs) || (local === 'subject' && ns === 'dc')) {
      const term = textOf(child).trim() || child.attrs['term']?.trim();
      if (term && !item.categories.includes(term)) item.categories.push(term);
    } else if (local === 'category' && (ns === 'itunes' || ns === 'media')) {
      addNestedCategories(child, item.categories);
    } else if ((local === 'tags' && ns === '') || (local === 'keywords' && ns === 'itunes')) {
      for (const term of textOf(child).split(',')) {
        const trimmed = term.trim();
        if (trimmed && !item.categories.includes(trimmed)) item.categories.push(trimmed);
      }
    } else if (local === 'enclosure' && rssNs) {
      const url = context.url(child.attrs['url'] ?? child.attrs['href'], child.base);
      if (url) addEnclosure(item.enclosures, { url, type: child.attrs['type']?.trim() || null, length: parseLength(child.attrs['length']) });
    } else if (local === 'link' && ns === 'atom' && child.attrs['rel'] === 'enclosure') {
      const url = context.url(child.attrs['href'], child.base);
      if (url) addEnclosure(item.enclosures, { url, type: child.attrs['type']?.trim() || null, length: parseLength(child.attrs['length']) });
    }
  }

  item.comments = context.url(textOrNull(rssChild(el, 'comments')), el.base);
  item.image = context.url(itemImage(el), el.base);
  // RDF items name themselves with rdf:about.
  const id = guid ?? el.attrs['rdf:about']?.trim() ?? null;
  return { id: id || deriveItemId(item), ...item };
}

/** itunes:category nests and names itself in `text`; media:category carries its term as text. */
function addNestedCategories(el: XmlElement, categories: string[]): void {
  const term = (el.attrs['text'] ?? (hasChildElements(el) ? '' : textOf(el))).trim();
  if (term && !categories.includes(term)) categories.push(term);
  for (const child of childElements(el, el.ns, 'category')) addNestedCategories(child, categories);
}


/** The item's own picture: media thumbnail, then an image media:content, then itunes:image, then an image enclosure. */
function itemImage(el: XmlElement): string | null {
  const thumbnail = childElement(el, 'media', 'thumbnail') ?? findDeep(el, 'media', 'thumbnail');
  if (thumbnail?.attrs['url']) return thumbnail.attrs['url'];
  for (const media of [...childElements(el, 'media', 'content'), ...findAllInGroups(el)]) {
    const type = media.attrs['type'] ?? '';
    if (media.attrs['url'] && (media.attrs['medium'] === 'image' || type.startsWith('image/'))) return media.attrs['url'];
  }
  const itunes = childElement(el, 'itunes', 'image');
  if (itunes?.attrs['href'] || itunes?.attrs['url']) return (itunes.attrs['href'] ?? itunes.attrs['url'])!;
  const itunesLink = childElements(el, 'itunes', 'link').find((l) => l.attrs['rel'] === 'image');
  if (itunesLink?.attrs['href']) return itunesLink.attrs['href'];
  for (const enclosure of rssChildren(el, 'enclosure')) {
    if ((enclosure.attrs['type'] ?? '').startsWith('image/') && enclosure.attrs['url']) return enclosure.attrs['url'];
  }
  return null;
}

function findAllInGroups(el: XmlElement): XmlElement[] {
  return childElements(el, 'media', 'group').flatMap((group) => childElements(group, 'media', 'content'));
}

function findDeep(el: XmlElement, ns: string, local: string): XmlElement | undefined {
  for (const group of childElements(el, 'media', 'group')) {
    const found = childElement(group, ns, local);
    if (found) return found;
  }
  return undefined;
}

/** A child in the RSS vocabulary: no namespace (0.9x/2.0), else the RSS 1.0/0.90 namespace. */
function rssChild(el: XmlElement, local: string): XmlElement | undefined {
  let inRssNamespace: XmlElement | undefined;
  for (const child of el.children) {
    if (typeof child === 'string' || child.local !== local) continue;
    if (child.ns === '') return child;
    if (child.ns === 'rss' && inRssNamespace === undefined) inRssNamespace = child;
  }
  return inRssNamespace;
}

function rssChildren(el: XmlElement, local: string): XmlElement[] {
  return [...childElements(el, '', local), ...childElements(el, 'rss', local)];
}


/**
 * An RSS title is plain text, but authors put HTML in it; like feedparser, a title
 * that looks like markup is treated as HTML and sanitized.
 */
function titleText(el: XmlElement | undefined, context: MapContext): string | null {
  if (!el) return null;
  if (hasChildElements(el)) return context.html(innerHtml(el), el.base);
  const text = textOf(el).trim();
  if (text === '') return null;
  return looksLikeHtml(text) ? context.html(text, el.base) : text;
}

/** RSS descriptions are HTML (escaped, CDATA, or — wrongly but often — inline markup). */
function htmlOf(el: XmlElement | undefined, context: MapContext): string | null {
  if (!el) return null;
  return context.html(hasChildElements(el) ? innerHtml(el) : textOf(el), el.base);
}

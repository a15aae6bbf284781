import type { Feed, FeedFormat, FeedItem, Person } from '../../model/index.ts';
import { MapContext, addEnclosure, addPerson, deriveItemId, emptyItem, parseLength } from './context.ts';
import { mediaDescription } from './media-rss.ts';
import { childElement, childElements, firstText, hasChildElements, innerHtml, textOf, textOrNull, type XmlElement } from './xml-tree.ts';

/**
 * Atom 1.0 (RFC 4287) and Atom 0.3 (the 2003 draft). Both share element names; the
 * namespace key tells them apart ('atom' vs 'atom03'), and 0.3's differences are
 * handled where they bite: `mode="escaped|base64|xml"` on text constructs,
 * `tagline`/`modified`/`issued` names, and the XHTML `<div>` wrapper kept.
 *
 * Wire shapes:
 *   feed:  title, subtitle | tagline, link[rel=alternate], updated | modified, logo | icon,
 *          author{name,email,uri|url}, xml:lang
 *   entry: id, title, link[rel=alternate|enclosure|replies], published | issued | created,
 *          updated | modified, author, summary, content[type,src], category[term,label]
 */
export function readAtom(root: XmlElement, format: FeedFormat, context: MapContext): Omit<Feed, 'encoding' | 'warnings'> {
  const ns = root.ns === 'atom03' ? 'atom03' : root.ns;
  const is03 = format === 'atom03';
  const get = (el: XmlElement, local: string) => childElement(el, ns, local);

  context.feedLink = alternateLink(root, ns, context);

  const authors: Person[] = [];
  for (const author of childElements(root, ns, 'author')) addPerson(authors, readPerson(author, ns, context));

  const logo = get(root, 'logo') ?? get(root, 'icon');
  const items: FeedItem[] = [];
  let truncatedItems = 0;
  for (const entry of childElements(root, ns, 'entry')) {
    if (entry.truncated) {
      truncatedItems++;
      continue;
    }
    items.push(readEntry(entry, ns, is03, context, items.length));
  }
  if (truncatedItems > 0) context.warn(`feed: ${truncatedItems} incomplete entry(ies) at the end of a truncated document dropped`);

  const subtitle = get(root, 'subtitle') ?? get(root, 'tagline');
  return {
    format,
    title: textConstruct(get(root, 'title'), is03, context, 'title'),
    link: context.feedLink,
    description: textConstruct(subtitle, is03, context, 'title'),
    language: root.lang ?? firstText(root, [['dc', 'language']]),
    updated: context.date(textOrNull(get(root, 'updated') ?? get(root, 'modified')), 'the feed'),
    image: logo ? { url: context.url(textOf(logo), logo.base), title: null, link: null } : null,
    authors,
    items,
    ttl: null,
  };
}

function readEntry(entry: XmlElement, ns: string, is03: boolean, context: MapContext, index: number): FeedItem {
  const item = emptyItem();
  const get = (local: string) => childElement(entry, ns, local);
  const where = `entry ${index + 1}`;
  item.title = textConstruct(get('title'), is03, context, 'title');
  item.link = alternateLink(entry, ns, context);
  item.published = context.date(textOrNull(get('published') ?? get('issued') ?? get('created')), where);
  item.updated = context.date(textOrNull(get('updated') ?? get('modified')), where);
  for (const author of childElements(entry, ns, 'author')) addPerson(item.authors, readPerson(author, ns, context));
  for (const creator of childElements(entry, 'dc', 'creator')) {
    const name = textOf(creator).trim();
    if (name) addPerson(item.authors, { name, email: null, url: null });
  }
  item.summary = textConstruct(get('summary'), is03, context, 'html') ?? context.html(textOrNull(mediaDescription(entry)), entry.base);
  const contentElement = get('content');
  item.content = textConstruct(contentElement, is03, context, 'html');

  for (const category of childElements(entry, ns, 'category')) {
    const term = category.attrs['term']?.trim() || category.attrs['label']?.trim() || textOf(category).trim();
    if (term && !item.categories.includes(term)) item.categories.push(term);
  }
  for (const subject of childElements(entry, 'dc', 'subject')) {
    const term = textOf(subject).trim();
    if (term && !item.categories.includes(term)) item.categories.push(term);
  }

  for (const link of childElements(entry, ns, 'link')) {
    const rel = link.attrs['rel']?.trim() ?? 'alternate';
    const href = context.url(linkHref(link), link.base);
    if (!href) continue;
    if (rel === 'enclosure') {
      addEnclosure(item.enclosures, { url: href, type: link.attrs['type']?.trim() || null, length: parseLength(link.attrs['length']) });
    } else if (rel === 'replies' && item.comments === null && (link.attrs['type'] ?? 'text/html').includes('html')) {
      item.comments = href;
    }
  }

  const thumbnail = childElement(entry, 'media', 'thumbnail');
  const imageEnclosure = item.enclosures.find((e) => e.type?.startsWith('image/'));
  item.image = context.url(thumbnail?.attrs['url'] ?? null, entry.base) ?? imageEnclosure?.url ?? null;

  // A relative id (a path) is resolved like any other URI reference in the entry.
  const rawId = textOrNull(get('id'));
  const id = rawId !== null && rawId.startsWith('/') ? context.url(rawId, entry.base) : rawId;
  return { id: id ?? deriveItemId(item), ...item };
}

/** rel="alternate" (the default rel), preferring an HTML type when there are several. */
function alternateLink(el: XmlElement, ns: string, context: MapContext): string | null {
  let best: XmlElement | undefined;
  for (const link of childElements(el, ns, 'link')) {
    const rel = link.attrs['rel']?.trim() ?? 'alternate';
    if (rel !== 'alternate' || !linkHref(link)) continue;
    const type = link.attrs['type'] ?? 'text/html';
    if (!best || (type.includes('html') && !(best.attrs['type'] ?? 'text/html').includes('html'))) best = link;
  }
  return best ? context.url(linkHref(best), best.base) : null;
}

/** The link's target: `href`, or — in some Atom 0.3 feeds — the element's text. */
function linkHref(link: XmlElement): string | null {
  return link.attrs['href'] ?? textOrNull(link);
}

function readPerson(el: XmlElement, ns: string, context: MapContext): Person {
  const name = textOrNull(childElement(el, ns, 'name'));
  const email = textOrNull(childElement(el, ns, 'email'));
  const uri = textOrNull(childElement(el, ns, 'uri') ?? childElement(el, ns, 'url') ?? childElement(el, ns, 'homepage'));
  // Some feeds put the name straight into <author>.
  const bare = name === null && email === null && uri === null && !hasChildElements(el) ? textOrNull(el) : null;
  return { name: name ?? bare, email, url: context.url(uri, el.base) };
}

type TextKind = 'title' | 'html';

/**
 * An Atom text construct. `type` is text (default), html or xhtml in 1.0, a MIME type
 * in 0.3, where `mode` says whether the value is escaped, inline XML or base64.
 * Titles stay plain text when typed as text; summary and content are always HTML
 * (plain text is escaped), because the model promises HTML there.
 */
function textConstruct(el: XmlElement | undefined, is03: boolean, context: MapContext, kind: TextKind): string | null {
  if (!el) return null;
  if (el.attrs['src'] !== undefined && textOf(el).trim() === '' && !hasChildElements(el)) return null;
  const type = (el.attrs['type'] ?? '').trim().toLowerCase();
  const mode = (el.attrs['mode'] ?? '').trim().toLowerCase();
  const isXhtml = type === 'xhtml' || type === 'application/xhtml+xml';
  const isHtml = type === 'html' || type === 'text/html';

  if (mode === 'base64') {
    const decoded = Buffer.from(textOf(el).replace(/\s+/g, ''), 'base64').toString('utf8');
    return isHtml || isXhtml || kind === 'html' ? context.html(decoded, el.base) : decoded.trim() || null;
  }
  if (isXhtml || (is03 && hasChildElements(el))) {
    // Atom 1.0 wraps XHTML in a <div> that is not part of the content; 0.3 had no such rule.
    const div = !is03 ? childElement(el, 'xhtml', 'div') : undefined;
    const onlyDiv = div && el.children.every((c) => c === div || (typeof c === 'string' && c.trim() === ''));
    return context.html(innerHtml(onlyDiv ? div : el), el.base);
  }
  if (isHtml || (mode === 'escaped' && type !== 'text' && type !== 'text/plain')) {
    return context.html(hasChildElements(el) ? innerHtml(el) : textOf(el), el.base);
  }
  if (type !== '' && type !== 'text' && !type.startsWith('text/')) {
    // RFC 4287 §4.1.3.3: any other MIME type is Base64-encoded.
    const decoded = Buffer.from(textOf(el).replace(/\s+/g, ''), 'base64').toString('utf8');
    return context.html(decoded, el.base);
  }
  const text = hasChildElements(el) ? innerHtml(el) : textOf(el);
  return kind === 'title' ? text.trim() || null : context.textAsHtml(text);
}

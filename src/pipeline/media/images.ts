// Which images an item shows, and the same HTML pointing at other copies of them.
//
// "Shows" means what a post of the item displays: every <img src> and <video poster> of its
// content (else its summary), and its lead image (headimg / thumbnail / images / image in front
// matter), which may be an image enclosure or the item's own image when the content has none.
// srcset candidates and <picture> sources are not collected: a post keeps one copy of each
// picture, the one its src names.
import { decodeHTML } from 'entities';
import { Parser } from 'htmlparser2';
import type { FeedItem } from '../../model/index.ts';

const HTTP_URL = /^https?:\/\//i;

/** Elements whose attribute names an image a post shows. */
const IMAGE_ATTRIBUTE: Readonly<Record<string, string>> = { img: 'src', video: 'poster' };
const HAS_IMAGE_ELEMENT = /<(?:img|video)\b/i;

/** The http(s) URLs of every <img src> and <video poster> in the HTML, in document order, each once (data: and relative ones are skipped). */
export function imageUrlsOf(html: string): string[] {
  const urls = new Set<string>();
  if (!HAS_IMAGE_ELEMENT.test(html)) return [];
  const parser = new Parser({
    onopentag(name, attribs) {
      const attribute = IMAGE_ATTRIBUTE[name];
      if (attribute === undefined) return;
      const url = attribs[attribute]?.trim();
      if (url && HTTP_URL.test(url)) urls.add(url);
    },
  });
  parser.end(html);
  return [...urls];
}

/** An item's HTML as posts show it: content, else summary, else "". */
export function itemHtml(item: Pick<FeedItem, 'content' | 'summary'>): string {
  return item.content ?? item.summary ?? '';
}

/** A fast look at the first <img src> (posts are rendered far more often than they are archived). */
const IMG_SRC_RE = /<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;

/** The lead image: the first http(s) content image, else an image enclosure, else the item's media image; null when none. */
export function leadImageOf(item: Pick<FeedItem, 'enclosures' | 'image'>, html: string): string | null {
  for (const match of html.matchAll(IMG_SRC_RE)) {
    const src = decodeHTML(match[1] ?? match[2] ?? match[3] ?? '').trim();
    // Lazy-loading placeholders (data: URIs) are not the picture.
    if (HTTP_URL.test(src)) return src;
  }
  const enclosure = (item.enclosures ?? []).find((e) => e.type?.toLowerCase().startsWith('image/') && HTTP_URL.test(e.url));
  if (enclosure) return enclosure.url;
  return typeof item.image === 'string' && HTTP_URL.test(item.image) ? item.image : null;
}

/** Every image a post of the item shows: its content images, then its lead image if that is not one of them. */
export function itemImageUrls(item: Pick<FeedItem, 'content' | 'summary' | 'enclosures' | 'image'>): string[] {
  const html = itemHtml(item);
  const urls = imageUrlsOf(html);
  const lead = leadImageOf(item, html);
  if (lead !== null && !urls.includes(lead)) urls.push(lead);
  return urls;
}

/**
 * The HTML with the src of every <img> (and the poster of every <video>) whose URL is in
 * `links` replaced by its link. Only those tags are rewritten (every other byte stays as it
 * was); such an <img> also loses its srcset and sizes, and the <source> tags of its <picture>,
 * which browsers would otherwise prefer over the local copy. Found with a real HTML tokenizer, so a src inside a comment, an
 * attribute value or text is never touched.
 */
export function rewriteImageUrls(html: string, links: ReadonlyMap<string, string>): string {
  if (links.size === 0 || !HAS_IMAGE_ELEMENT.test(html)) return html;
  const edits: Array<{ start: number; end: number; text: string }> = [];
  /** Open <picture> elements: the spans of their <source> tags, and whether their <img> now shows a local copy. */
  const pictures: Array<{ sources: Array<{ start: number; end: number }>; archived: boolean }> = [];
  const parser = new Parser({
    onopentag(name, attribs) {
      const start = parser.startIndex;
      const end = parser.endIndex + 1;
      if (name === 'picture') pictures.push({ sources: [], archived: false });
      if (name === 'source' && pictures.length > 0) pictures[pictures.length - 1]!.sources.push({ start, end });
      const attribute = IMAGE_ATTRIBUTE[name];
      if (attribute === undefined) return;
      const link = links.get(attribs[attribute]?.trim() ?? '');
      if (link === undefined) return;
      if (name === 'img' && pictures.length > 0) pictures[pictures.length - 1]!.archived = true;
      const selfClosing = html.slice(start, end).endsWith('/>');
      let text = `<${name}`;
      for (const [attr, value] of Object.entries(attribs)) {
        if (name === 'img' && (attr === 'srcset' || attr === 'sizes')) continue;
        text += value === '' && name === 'video' ? ` ${attr}` : ` ${attr}="${escapeAttribute(attr === attribute ? link : value)}"`;
      }
      edits.push({ start, end, text: text + (selfClosing ? ' />' : '>') });
    },
    onclosetag(name) {
      if (name !== 'picture') return;
      // A browser takes a matching <source> over the <img> and does not fall back to the <img>
      // when that source fails, so a picture whose image is archived loses its remote sources:
      // otherwise the post would still show the remote copy, and nothing once its host is gone.
      const picture = pictures.pop();
      if (picture?.archived) for (const source of picture.sources) edits.push({ ...source, text: '' });
    },
  });
  parser.end(html);
  if (edits.length === 0) return html;
  edits.sort((a, b) => a.start - b.start);
  let out = '';
  let last = 0;
  for (const edit of edits) {
    out += html.slice(last, edit.start) + edit.text;
    last = edit.end;
  }
  return out + html.slice(last);
}

/** A double-quoted attribute value as sanitize-html writes it. */
function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

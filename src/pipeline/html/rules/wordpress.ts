// Rule tidyWordPress: WordPress markup made plain, captions kept.
//
// Two halves, because sanitizing drops the class attribute WordPress marks things with:
// - while sanitizing (told by class): `[caption]` markup, `<div class="wp-caption">` with
//   `<p class="wp-caption-text">`, becomes `<figure>` with `<figcaption>` (sanitizeHtml does this
//   by default, so feed items keep their captions as such); share and related-post boxes
//   (isWordPressCruft) are dropped with their content;
// - after sanitizing (told by structure and text): caption text left loose in a `<figure>` after
//   its image is wrapped in `<figcaption>`; "The post … appeared first on …" footers (Yoast SEO and
//   others) are removed; a ` […]` excerpt stub at the end of a block becomes `…`; WordPress emoji
//   images become their emoji.
import { createElement, getAttribute, isBlankText, isElement, textOf, type HtmlElement, type HtmlNode } from '../tree.ts';

const WP_CAPTION = /(?:^|\s)wp-caption(?:\s|$)/;
const WP_CAPTION_TEXT = /(?:^|\s)wp-caption-text(?:\s|$)/;

/**
 * The element a WordPress caption part becomes, told by its class: a `div`/`figure` of class
 * wp-caption → `figure`; a `p`/`div` of class wp-caption-text inside a figure → `figcaption`.
 */
export function wordPressCaptionTag(tagName: string, className: string, insideFigure: boolean): string {
  if ((tagName === 'div' || tagName === 'figure') && WP_CAPTION.test(className)) return 'figure';
  if ((tagName === 'p' || tagName === 'div') && insideFigure && WP_CAPTION_TEXT.test(className)) return 'figcaption';
  return tagName;
}

/** Boxes dropped with their content, by class or id, each with where it comes from. */
const CRUFT: ReadonlyArray<readonly [token: string, origin: string]> = [
  ['sharedaddy', 'Jetpack sharing buttons ("Share this:")'],
  ['jp-relatedposts', 'Jetpack related posts'],
  ['jp-post-flair', 'Jetpack likes and sharing wrapper'],
  ['addtoany_share_save_container', 'AddToAny share buttons'],
  ['yarpp-related', 'Yet Another Related Posts Plugin'],
  ['wpcnt', 'WordAds "Advertisements" box'],
];
const CRUFT_TOKEN = new RegExp(`(?:^|\\s)(?:${CRUFT.map(([token]) => token).join('|')})(?:\\s|$)`);

/** True for a WordPress share/related-posts/ads box, told by its class or id. */
export function isWordPressCruft(attribs: Readonly<Record<string, string>>): boolean {
  const { class: className, id } = attribs;
  return (className !== undefined && CRUFT_TOKEN.test(className)) || (id !== undefined && CRUFT_TOKEN.test(id));
}

/** Media that a figure shows; a link holding only media counts as media. */
function isMedia(node: HtmlNode): boolean {
  if (typeof node === 'string') return false;
  if (node.name === 'img' || node.name === 'picture' || node.name === 'video' || node.name === 'audio') return true;
  if (node.name !== 'a' || node.children === null) return false;
  let media = false;
  for (const child of node.children) {
    if (isBlankText(child)) continue;
    if (!isMedia(child)) return false;
    media = true;
  }
  return media;
}

const PHRASING = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'br', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'i', 'ins', 'kbd', 'mark', 'q', 's',
  'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr', 'strike', 'big', 'tt',
]);

function isCaptionEdge(node: HtmlNode): boolean {
  return isBlankText(node) || isElement(node, 'br');
}

/**
 * Wraps the text a `<figure>` holds after its last image, when it has no `<figcaption>` and that
 * text is phrasing only (the `[caption]` shortcode's HTML5 output, after sanitizing), in a
 * `<figcaption>`; true when it did.
 */
export function wrapLooseCaption(figure: HtmlElement): boolean {
  const children = figure.children;
  if (figure.name !== 'figure' || children === null) return false;
  let lastMedia = -1;
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    if (isElement(child, 'figcaption')) return false;
    if (isMedia(child)) lastMedia = i;
  }
  if (lastMedia === -1) return false;
  let first = lastMedia + 1;
  let last = children.length - 1;
  while (first <= last && isCaptionEdge(children[first])) first++;
  while (last >= first && isCaptionEdge(children[last])) last--;
  if (first > last) return false;
  for (let i = first; i <= last; i++) {
    const child = children[i];
    if (typeof child !== 'string' && !PHRASING.has(child.name)) return false;
  }
  children.splice(first, last - first + 1, createElement('figcaption', children.slice(first, last + 1)));
  return true;
}

// "The post <a>Title</a> appeared first on <a>Site</a>." (Yoast SEO's default RSS footer, and its
// Chinese translations "文章…首先出现于…" / "文章…最先出現於…").
const APPEARED_FIRST_ON = /^\s*(?:The post\s[\s\S]+\sappeared first on\s[\s\S]+|(?:這篇)?文章[\s\S]+(?:首先|最先|最早)出[现現](?:于|於|在)[\s\S]+)$/;

/** True for a "The post … appeared first on …" footer paragraph (one that links somewhere). */
export function isAppearedFirstOn(node: HtmlNode): boolean {
  if (!isElement(node, 'p') || !node.children?.some((child) => isElement(child, 'a'))) return false;
  return APPEARED_FIRST_ON.test(textOf(node));
}

// Sanitized text holds `[&#8230;]` and `[&hellip;]` decoded, as `[…]`.
const READ_MORE_STUB = /\s*\[(?:…|\.\.\.)\]\s*$/;

/** Ends a block's last text ` […]` (WordPress's excerpt stub) with `…`; true when it did. */
export function tidyReadMoreStub(block: HtmlElement): boolean {
  const children = block.children;
  if (children === null) return false;
  let i = children.length - 1;
  while (i >= 0 && isBlankText(children[i])) i--;
  const last = children[i];
  // The cheap test first: the pattern's leading \s* makes a failing match scan the whole text.
  if (typeof last !== 'string' || !last.trimEnd().endsWith(']') || !READ_MORE_STUB.test(last)) return false;
  children[i] = last.replace(READ_MORE_STUB, '…');
  return true;
}

const EMOJI_IMAGE = /^https?:\/\/s\.w\.org\/images\/core\/emoji\//;

/** A WordPress emoji image (s.w.org/images/core/emoji/…) → its alt text, the emoji itself; else null. */
export function emojiText(node: HtmlNode): string | null {
  if (!isElement(node, 'img')) return null;
  const src = getAttribute(node, 'src');
  const alt = getAttribute(node, 'alt');
  return src !== null && alt !== null && alt !== '' && EMOJI_IMAGE.test(src) ? alt.replace(/&quot;/g, '"') : null;
}

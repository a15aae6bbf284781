// Rule lazyImages: images that a page's script would load made real.
//
// Lazy loaders ship `<img src="placeholder" data-src="real.jpg">` and swap the attributes in the
// browser. The mirror runs no script, and sanitizing drops data-* attributes, so this runs inside
// the sanitizing pass itself (sanitizeHtml does it by default), before URLs are resolved:
// - an <img> whose src is missing or a placeholder takes the first lazy source
//   (data-src, data-original, data-lazy-src, data-actualsrc, data-echo, data-url);
// - an <img>/<source> whose srcset is missing or a data: placeholder takes data-srcset/data-lazy-srcset;
// - an <img> still on a placeholder but given a real srcset that way takes its largest candidate
//   as src (Markdown and feed readers use src only).
// Placeholders: data: URIs (blank GIFs, blurred previews, empty SVGs), about:blank, javascript:,
// and files named like lazy.gif, placeholder.png, blank.gif, grey.gif, loading.gif, spacer.gif, 1x1.trans.gif.
// A real src is never replaced: a page that sets both means its src to show.
//
// After sanitizing, dropDuplicateImages removes the copy a <noscript> fallback leaves behind
// (`<img data-src=a.jpg><noscript><img src=a.jpg></noscript>` shows a.jpg twice once both are real).
import { getAttribute, isBlankText, isElement, type HtmlNode } from '../tree.ts';

const LAZY_SOURCES = ['data-src', 'data-original', 'data-lazy-src', 'data-actualsrc', 'data-echo', 'data-url'];
const LAZY_SRCSETS = ['data-srcset', 'data-lazy-srcset'];
// eslint-disable-next-line no-control-regex
const IGNORED_IN_URL = /[\x00-\x20]+/g;
const PLACEHOLDER_SCHEME = /^(?:data|about|javascript):/i;
const PLACEHOLDER_FILE = /(?:^|[^a-z])(?:lazy|lazyload|placeholder|blank|grey|gray|loading|spacer|transparent|pixel|1x1|empty)(?:[^a-z][^/]*)?\.(?:gif|png|svg|jpe?g|webp)$/i;
const SINGLE_TOKEN = /^\S+$/;

/** True when an image source is missing or only stands in for the real one. */
export function isPlaceholderSource(src: string | undefined): boolean {
  if (src === undefined) return true;
  const cleaned = src.replace(IGNORED_IN_URL, '');
  if (cleaned === '' || PLACEHOLDER_SCHEME.test(cleaned)) return true;
  const path = cleaned.replace(/[?#].*$/, '');
  return PLACEHOLDER_FILE.test(path.slice(path.lastIndexOf('/') + 1));
}

function isPlaceholderSrcset(srcset: string | undefined): boolean {
  return srcset === undefined || srcset.trim() === '' || /^\s*data:/i.test(srcset);
}

/** The first lazy attribute holding something URL-shaped (one token: not `true`-with-spaces, not JSON). */
function firstLazy(attribs: Record<string, string>, names: readonly string[], single: boolean): string | undefined {
  for (const name of names) {
    const value = attribs[name]?.trim();
    if (value && (!single || SINGLE_TOKEN.test(value)) && value[0] !== '{' && value[0] !== '[') return value;
  }
  return undefined;
}

/**
 * The URL of the srcset candidate with the largest width or density descriptor (the first on a
 * tie), split as HTML does: a URL is a run of non-spaces (trailing commas end the candidate),
 * descriptors run to the next comma.
 */
export function largestCandidate(srcset: string): string | undefined {
  let best: string | undefined;
  let bestSize = -1;
  const n = srcset.length;
  let i = 0;
  while (i < n) {
    while (i < n && (/\s/.test(srcset[i]) || srcset[i] === ',')) i++;
    const start = i;
    while (i < n && !/\s/.test(srcset[i])) i++;
    let url = srcset.slice(start, i);
    let descriptor = '';
    if (url.endsWith(',')) {
      url = url.replace(/,+$/, '');
    } else {
      const comma = srcset.indexOf(',', i);
      const end = comma === -1 ? n : comma;
      descriptor = srcset.slice(i, end).trim();
      i = end + 1;
    }
    if (url === '' || /^data:/i.test(url)) continue;
    const size = Number.parseFloat(descriptor) || 1;
    if (size > bestSize) {
      best = url;
      bestSize = size;
    }
  }
  return best;
}

/** Makes an <img>'s or <source>'s lazy sources real, in place (see the top of this file). */
export function applyLazySources(tagName: string, attribs: Record<string, string>): void {
  const lazySrcset = firstLazy(attribs, LAZY_SRCSETS, false);
  if (lazySrcset !== undefined && isPlaceholderSrcset(attribs.srcset)) attribs.srcset = lazySrcset;
  if (tagName !== 'img' || !isPlaceholderSource(attribs.src)) return;
  const lazySrc = firstLazy(attribs, LAZY_SOURCES, true);
  if (lazySrc !== undefined) {
    attribs.src = lazySrc;
  } else if (lazySrcset !== undefined && attribs.srcset === lazySrcset) {
    const largest = largestCandidate(lazySrcset);
    if (largest !== undefined) attribs.src = largest;
  }
}

/**
 * Drops an image that repeats the image just before it (same src, nothing but whitespace in
 * between), in place; true when something was dropped.
 */
export function dropDuplicateImages(children: HtmlNode[]): boolean {
  let previousSrc: string | null = null;
  let changed = false;
  for (let i = 0; i < children.length; i++) {
    const node = children[i];
    if (isBlankText(node)) continue;
    if (isElement(node, 'img')) {
      const src = getAttribute(node, 'src');
      if (src !== null && src === previousSrc) {
        children.splice(i--, 1);
        changed = true;
        continue;
      }
      previousSrc = src;
      continue;
    }
    previousSrc = null;
  }
  return changed;
}

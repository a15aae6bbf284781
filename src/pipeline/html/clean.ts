// The clean stage: named rewrite rules a source can switch on or off, then sanitizing last.
//
// How the rules run, in two steps, both ending in sanitizeHtml's allow-list:
// 1. Rules that look at one element at a time (URLs, images, WordPress boxes told by class) run
//    inside the sanitizing pass itself (sanitizeWithPass), where the class and data-* attributes
//    they need are still there and which costs nothing extra.
// 2. Rules that look at structure (blank paragraphs, runs of <br>, figure captions) run on a tree
//    of that sanitized output (tree.ts). Only when they change something is the result
//    serialized and sanitized again, with the same pass, so the output is always sanitizeHtml's.
// Each rule is idempotent and the structural ones reach their fixed point in one bottom-up walk,
// so cleanHtml(cleanHtml(x)) === cleanHtml(x).
import type sanitizeLib from 'sanitize-html';
import { sanitizeWithPass, type SanitizePass } from './sanitize.ts';
import { parseSanitized, serializeTree, type HtmlElement } from './tree.ts';
import { collapseBreakRuns, removeBlankChildren, trimBreaks, Visibility } from './rules/collapse-empty.ts';
import { dropDuplicateImages } from './rules/lazy-images.ts';
import { setNoReferrer } from './rules/no-referrer.ts';
import { isTrackingPixel } from './rules/pixels.ts';
import { unwrapRedirect } from './rules/redirects.ts';
import { createTrackingMatcher, stripTrackingParams } from './rules/tracking.ts';
import { emojiText, isAppearedFirstOn, isWordPressCruft, tidyReadMoreStub, wrapLooseCaption } from './rules/wordpress.ts';

export type RewriteRuleName =
  | 'absoluteUrls'
  | 'lazyImages'
  | 'noReferrer'
  | 'stripTracking'
  | 'unwrapRedirects'
  | 'dropPixels'
  | 'collapseEmpty'
  | 'tidyWordPress';

export interface CleanOptions {
  /** Absolute URL that relative links and images are resolved against (the item's link, usually). */
  baseUrl?: string | null;
  /** Rules switched on (true) or off (false); unspecified = default on. */
  rules?: Partial<Record<RewriteRuleName, boolean>>;
  /** Extra tracking parameter names, or prefixes when ending in `_` or `*` (e.g. 'share_', 'mpshare'). */
  trackingParams?: string[];
}

/** Every rewrite rule: its name (the key in CleanOptions.rules), what it does, whether it is on by default. */
export const REWRITE_RULES: ReadonlyArray<{ name: RewriteRuleName; doc: string; defaultOn: boolean }> = Object.freeze([
  {
    name: 'absoluteUrls',
    doc: 'Relative href/src/srcset/poster/cite resolved against baseUrl. Off: kept as written.',
    defaultOn: true,
  },
  {
    name: 'lazyImages',
    doc: 'Images whose src is missing or a placeholder take data-src/data-original/data-lazy-src/data-actualsrc/data-echo/data-url, data-srcset becomes srcset; the copy a <noscript> fallback leaves next to it is dropped. sanitizeHtml does the first part at parse time too.',
    defaultOn: true,
  },
  {
    name: 'noReferrer',
    doc: 'referrerpolicy="no-referrer" on every <img>: image hosts (Chinese CDNs above all) refuse hotlinks by Referer.',
    defaultOn: true,
  },
  {
    name: 'stripTracking',
    doc: 'Tracking parameters (utm_*, spm, from, fbclid, gclid, vd_source, sharer_* … plus trackingParams) removed from http(s) links and image URLs; the rest of the URL kept byte-identical.',
    defaultOn: true,
  },
  {
    name: 'unwrapRedirects',
    doc: 'Links through a redirector that carries the target in its query (track.php?…&t=https://…, l.facebook.com/l.php?u=…, link.zhihu.com/?target=…) replaced by the target.',
    defaultOn: true,
  },
  {
    name: 'dropPixels',
    doc: 'Tracking pixels dropped: images with width and height at most 1, inline 1×1 GIF/PNG, known counters (feedsportal, FeedBurner ~r/…/~4/, stats.wordpress.com, pixel.wp.com, /pixel).',
    defaultOn: true,
  },
  {
    name: 'collapseEmpty',
    doc: 'Blank <p>/<div> (whitespace, &nbsp;, <br> only) removed, blank links unwrapped, runs of <br> cut to two, <br> at the start or end of a block removed.',
    defaultOn: true,
  },
  {
    name: 'tidyWordPress',
    doc: 'wp-caption markup becomes <figure>/<figcaption> (loose caption text in a figure too), share/related-post boxes (sharedaddy, jp-relatedposts …) and "The post … appeared first on …" footers removed, " […]" stubs become "…", emoji images become emoji.',
    defaultOn: true,
  },
]);

type RuleSwitches = Record<RewriteRuleName, boolean>;

function switchesOf(rules: CleanOptions['rules']): RuleSwitches {
  const on = {} as RuleSwitches;
  for (const rule of REWRITE_RULES) on[rule.name] = rules?.[rule.name] ?? rule.defaultOn;
  return on;
}

function dropWordPressCruft(_tagName: string, attribs: sanitizeLib.Attributes): boolean {
  return isWordPressCruft(attribs);
}

/** The sanitizing pass that carries the per-element rules switched on. */
function passOf(on: RuleSwitches, trackingParams: string[] | undefined): SanitizePass {
  const tracking = on.stripTracking ? createTrackingMatcher(trackingParams) : null;
  const unwrap = on.unwrapRedirects;
  const rewriteUrl =
    tracking === null && !unwrap
      ? null
      : (url: string, isLink: boolean): string => {
          const target = unwrap && isLink ? unwrapRedirect(url) : url;
          return tracking === null ? target : stripTrackingParams(target, tracking);
        };
  const keepImage =
    !on.noReferrer && !on.dropPixels
      ? null
      : (attribs: sanitizeLib.Attributes): boolean => {
          if (on.dropPixels && isTrackingPixel(attribs)) return false;
          if (on.noReferrer) setNoReferrer(attribs);
          return true;
        };
  return {
    lazyImages: on.lazyImages,
    wordPressCaptions: on.tidyWordPress,
    dropElement: on.tidyWordPress ? dropWordPressCruft : null,
    rewriteUrl,
    keepImage,
  };
}

/** Blocks whose last text loses a WordPress ` […]` stub. */
const STUB_BLOCKS = new Set(['', 'p', 'div', 'li', 'blockquote', 'section', 'article']);

/**
 * The structural rules on one element, after its children (bottom-up); true when anything changed.
 * The order matters: removals first, so that blank blocks and <br> runs are judged on what stays.
 */
function tidyElement(element: HtmlElement, on: RuleSwitches, visibility: Visibility): boolean {
  const children = element.children;
  if (children === null) return false;
  let changed = false;
  for (const child of children) if (typeof child !== 'string') changed = tidyElement(child, on, visibility) || changed;
  if (on.tidyWordPress) {
    for (let i = 0; i < children.length; i++) {
      if (isAppearedFirstOn(children[i])) {
        children.splice(i--, 1);
        changed = true;
        continue;
      }
      const emoji = emojiText(children[i]);
      if (emoji !== null) {
        children[i] = emoji;
        changed = true;
      }
    }
  }
  if (on.collapseEmpty && removeBlankChildren(element, visibility)) changed = true;
  if (on.lazyImages && dropDuplicateImages(children)) changed = true;
  if (on.collapseEmpty) {
    if (collapseBreakRuns(element)) changed = true;
    if (trimBreaks(element)) changed = true;
  }
  if (on.tidyWordPress) {
    if (wrapLooseCaption(element)) changed = true;
    if (STUB_BLOCKS.has(element.name) && tidyReadMoreStub(element)) changed = true;
  }
  return changed;
}

/** The clean stage: rewrite rules, then sanitize last. Idempotent. */
export function cleanHtml(html: string, options: CleanOptions = {}): string {
  const on = switchesOf(options.rules);
  const sanitizeOptions = { baseUrl: on.absoluteUrls ? options.baseUrl ?? null : null };
  const pass = passOf(on, options.trackingParams);
  const sanitized = sanitizeWithPass(html, sanitizeOptions, pass);
  if (!on.collapseEmpty && !on.tidyWordPress && !on.lazyImages) return sanitized;
  const tree = parseSanitized(sanitized);
  if (tree === null || !tidyElement(tree, on, new Visibility())) return sanitized;
  return sanitizeWithPass(serializeTree(tree), sanitizeOptions, pass);
}

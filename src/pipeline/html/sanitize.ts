// Allow-list sanitizing of untrusted feed and article HTML.
//
// The allow-list work is done by sanitize-html (a well-kept library over htmlparser2); this
// module holds our policy and the one thing the library does not do: resolving relative URLs
// against the item's base. For the plain markup most feeds carry, a fast path here (sanitizeFast)
// writes byte for byte what sanitize-html would, several times faster, and hands everything else
// to the library. The output only ever contains allowed elements and attributes with
// escaped text, and no raw-text element (script, style, textarea, title, xmp, iframe, noembed …),
// so a browser re-parses it the way htmlparser2 did. That is also what makes it idempotent.
//
// Cases handled, in order of how often feeds need them:
// - plain text (no `<`, no `&`): returned with `>` escaped, without running the parser;
// - text with character references but no tags: decoded and re-escaped, still without the parser;
// - script, style, iframe, svg, math, form controls …: dropped with their content;
// - unknown or layout wrappers (html, body, font, center, form, noscript, object …): the tag goes,
//   its visible text stays;
// - class, id, style and every on* attribute: dropped (style carries url()/expression() attacks,
//   and a safe CSS subset is not worth its cost on every item);
// - href/src/srcset/poster/cite: `javascript:`, `vbscript:`, `data:` and any other non-web scheme
//   removed, whatever entity or whitespace obfuscation hides it (`jav&#x09;ascript:`); only
//   `<img src>` may carry `data:image/*`; relative URLs are resolved against `baseUrl`, and kept
//   as written when they cannot be resolved;
// - `<img>`/`<source>` left without any source, and `<a>` left without href, are unwrapped;
// - lazy images (`data-src`, `data-original` … on an image whose src is missing or a placeholder)
//   made real first, since their data-* attributes do not survive (rules/lazy-images.ts);
// - WordPress captions, told by the class attribute that is about to go, kept as figure/figcaption
//   (rules/wordpress.ts);
// - `referrerpolicy` kept on images with the one value the mirror wants, `no-referrer`.
//
// The clean stage (clean.ts) runs its per-element rules inside this same pass, through
// sanitizeWithPass; sanitizeHtml runs the default pass, which has no such rules.
import sanitizeLib from 'sanitize-html';
import { decodeHTML, decodeHTMLAttribute } from 'entities';
import { applyLazySources } from './rules/lazy-images.ts';
import { wordPressCaptionTag } from './rules/wordpress.ts';
import {
  BANG, GREATER, QUESTION, SLASH, asciiAt, endsTagSection, isMarkupSpace, lowerMarkupName, scanStartTagRest, scannedStartTag,
} from '../../lib/text.ts';

export interface SanitizeOptions {
  /** Absolute URL relative links/images are resolved against (xml:base / document URL / feed link, chosen by the caller). */
  baseUrl?: string | null;
}

/** Elements kept, the ordinary vocabulary of articles. Nothing here is a raw-text element. */
const ALLOWED_TAGS = [
  // sections and blocks
  'article', 'section', 'header', 'footer', 'aside', 'main', 'nav', 'address', 'hgroup',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'div', 'br', 'hr', 'blockquote', 'pre',
  'figure', 'figcaption', 'details', 'summary',
  // lists
  'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'menu',
  // inline text
  'a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'i', 'ins', 'kbd',
  'mark', 'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr',
  'ruby', 'rb', 'rp', 'rt', 'rtc', 'strike', 'big', 'tt',
  // media
  'img', 'picture', 'source', 'video', 'audio', 'track',
  // tables
  'table', 'caption', 'colgroup', 'col', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
];

/** Attributes kept per element; `*` applies to all. No class, id, style, on*, target. */
const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  '*': ['title', 'lang', 'dir'],
  a: ['href'],
  img: ['src', 'srcset', 'sizes', 'alt', 'width', 'height', 'referrerpolicy'],
  source: ['src', 'srcset', 'sizes', 'type', 'media'],
  video: ['src', 'poster', 'controls', 'width', 'height'],
  audio: ['src', 'controls'],
  track: ['src', 'kind', 'srclang', 'label'],
  blockquote: ['cite'],
  q: ['cite'],
  del: ['cite', 'datetime'],
  ins: ['cite', 'datetime'],
  time: ['datetime'],
  data: ['value'],
  ol: ['start', 'reversed', 'type'],
  li: ['value'],
  th: ['colspan', 'rowspan', 'scope'],
  td: ['colspan', 'rowspan'],
  col: ['span'],
  colgroup: ['span'],
  details: ['open'],
};

/**
 * Disallowed elements dropped together with their content: code, styling, embedded documents,
 * form controls, foreign (svg/math) markup, and elements a browser never renders the content of.
 * Every other disallowed element is unwrapped. `object` and `applet` are unwrapped on purpose:
 * their content is the fallback a browser shows when the plugin is missing (always, today);
 * `noscript` too: the mirror runs none of the page's scripts, so its fallback is what should show.
 * `head` is not listed: htmlparser2 does not close an unclosed head at the first body element as
 * a browser does, so dropping it could swallow the article; its children are all listed or harmless.
 */
const DROPPED_WITH_CONTENT = [
  'script', 'style', 'template', 'iframe', 'frame', 'frameset', 'noframes', 'noembed',
  'textarea', 'select', 'option', 'optgroup', 'datalist', 'button', 'xmp', 'title', 'svg', 'math',
];

/** Schemes an href/src may use; anything else (javascript, vbscript, data, file …) is removed. */
const SAFE_SCHEMES = new Set(['http', 'https', 'mailto', 'ftp', 'tel']);
const URL_ATTRIBUTES = new Set(['href', 'src', 'poster', 'cite']);
const ALLOWED_TAG_SET = new Set(ALLOWED_TAGS);
const DROPPED_SET = new Set(DROPPED_WITH_CONTENT);
const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;
// Browsers skip these inside a URL, so `jav\tascript:` is `javascript:`; sanitize-html strips the same.
// eslint-disable-next-line no-control-regex
const IGNORED_IN_URL = /[\x00-\x20]+/g;
const DATA_IMAGE = /^data:image\/[a-z0-9.+-]+[;,]/i;
const NON_ASCII = /[^\x00-\x7f]/;
// HTML strips only ASCII whitespace around a URL attribute (String.prototype.trim strips more).
const ASCII_WHITESPACE_AROUND = /^[\t\n\f\r ]+|[\t\n\f\r ]+$/g;
const ESCAPED_NON_ASCII_RUN = /(?:%[89a-fA-F][0-9a-fA-F])+/g;

/**
 * htmlparser2's implied end tags, restricted to allowed elements (its Parser's `openImpliesClose`):
 * opening the key closes the current element when that element is in the set (`<li>` closes `<li>`).
 */
const PARAGRAPH = new Set(['p']);
const OPEN_IMPLIES_CLOSE = new Map<string, Set<string>>([
  ['tr', new Set(['tr', 'th', 'td'])], ['th', new Set(['th'])], ['td', new Set(['thead', 'th', 'td'])],
  ['li', new Set(['li'])], ['dd', new Set(['dd', 'dt'])], ['dt', new Set(['dd', 'dt'])],
  ['rt', new Set(['rt', 'rp'])], ['rp', new Set(['rt', 'rp'])],
  ['tbody', new Set(['thead', 'tbody'])], ['tfoot', new Set(['thead', 'tbody'])],
  ...['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl',
    'figcaption', 'figure', 'footer', 'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section', 'table', 'ul',
  ].map((tag): [string, Set<string>] => [tag, PARAGRAPH]),
]);

/**
 * The parts of the sanitizing pass a caller inside this stage switches. sanitizeHtml runs
 * DEFAULT_PASS; cleanHtml builds one from its rules.
 */
export interface SanitizePass {
  /** Lazy images made real (rules/lazy-images.ts). */
  lazyImages: boolean;
  /** WordPress caption markup, told by class, kept as figure/figcaption (rules/wordpress.ts). */
  wordPressCaptions: boolean;
  /** Elements dropped with their content, judged on the attributes as written (class and id still there). */
  dropElement: ((tagName: string, attribs: sanitizeLib.Attributes) => boolean) | null;
  /** Rewrites an absolute http(s) URL of a link (`a href`) or an image (img src, img/source srcset, video poster). */
  rewriteUrl: ((url: string, isLink: boolean) => string) | null;
  /** Last look at an image's attributes, after its URLs: false drops it; may set attributes. */
  keepImage: ((attribs: sanitizeLib.Attributes) => boolean) | null;
}

const DEFAULT_PASS: SanitizePass = Object.freeze({
  lazyImages: true,
  wordPressCaptions: true,
  dropElement: null,
  rewriteUrl: null,
  keepImage: null,
});

/**
 * Per-call state. sanitize-html takes its options (and our hooks) once, at module load; the hooks
 * read the call's base and keep the element stack here. Safe because sanitizing is synchronous:
 * nothing else runs between setting and clearing it.
 */
let currentBase: URL | null = null;
let currentPass: SanitizePass = DEFAULT_PASS;
/** Open elements, innermost last: their names, and whether each one is written to the output. */
const openTags: string[] = [];
const openEmitted: boolean[] = [];
/** How many open elements are dropped with their content (DROPPED_WITH_CONTENT). */
let droppedDepth = 0;
const openDropped: boolean[] = [];

/**
 * One URL attribute value → the value to keep, or null to remove the attribute.
 * Absolute URLs with a safe scheme are kept exactly as written (so a second pass changes nothing);
 * relative ones are resolved against the base, or kept as written when there is none.
 */
function resolveUrl(value: string, allowDataImage: boolean): string | null {
  // Most URLs: absolute http(s), written plainly. Nothing to trim or resolve, and the scheme is safe.
  if (isHttpUrl(value) && !isAsciiWhitespace(value.charCodeAt(value.length - 1))) return value;
  const trimmed = value.replace(ASCII_WHITESPACE_AROUND, '');
  if (trimmed === '') return null;
  const cleaned = trimmed.replace(IGNORED_IN_URL, '');
  const scheme = SCHEME.exec(cleaned);
  if (scheme) {
    const name = scheme[1].toLowerCase();
    if (name === 'data') return allowDataImage && DATA_IMAGE.test(cleaned) ? trimmed : null;
    return SAFE_SCHEMES.has(name) ? trimmed : null;
  }
  if (currentBase === null) return trimmed;
  let resolved: URL;
  try {
    resolved = new URL(trimmed, currentBase);
  } catch {
    return trimmed;
  }
  // The base is http(s) (see sanitizeHtml), so the result is too; checked anyway.
  if (resolved.protocol !== 'http:' && resolved.protocol !== 'https:') return trimmed;
  // WHATWG URL percent-encodes non-ASCII; an author who wrote an IRI (`href="À"`, Chinese paths)
  // gets it back readable. Equivalent for every browser; only runs of UTF-8 bytes are decoded.
  return NON_ASCII.test(trimmed) ? decodeNonAsciiEscapes(resolved.href) : resolved.href;
}

/** HTML's ASCII white space, which is what is trimmed around a URL. */
function isAsciiWhitespace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 12 || c === 13;
}

function decodeNonAsciiEscapes(href: string): string {
  return href.replace(ESCAPED_NON_ASCII_RUN, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run; // not valid UTF-8: leave the bytes escaped
    }
  });
}

/** Starts with `http://` or `https://`, in any case (the pattern /^https?:\/\//i, without a regex on every URL). */
function isHttpUrl(value: string): boolean {
  if ((value.charCodeAt(0) | 0x20) !== 104 || (value.charCodeAt(1) | 0x20) !== 116 || (value.charCodeAt(2) | 0x20) !== 116 ||
    (value.charCodeAt(3) | 0x20) !== 112) return false;
  let i = 4;
  if ((value.charCodeAt(4) | 0x20) === 115) i = 5;
  return value.charCodeAt(i) === 58 && value.charCodeAt(i + 1) === 47 && value.charCodeAt(i + 2) === 47;
}
const REWRITTEN_ATTRIBUTES = new Set(['href', 'src', 'poster']);

/** An attribute value with the pass's URL rewrite applied, when it is an http(s) link or image URL. */
function rewriteUrlAttribute(tagName: string, name: string, value: string): string {
  const rewrite = currentPass.rewriteUrl;
  if (rewrite === null || !REWRITTEN_ATTRIBUTES.has(name) || !isHttpUrl(value)) return value;
  if (tagName === 'a') return name === 'href' ? rewrite(value, true) : value;
  // Not <source src> or <video src>: media URLs are often signed, and tracking is rare there.
  if (tagName === 'img' || (tagName === 'video' && name === 'poster')) return rewrite(value, false);
  return value;
}

const NON_NEGATIVE_INTEGER = /^\d+$/;
const FLOATING_POINT = /^-?(?:[0-9]+|[0-9]*\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const SRCSET_SPACES = /[ \t\n\r\f]+/;

/**
 * The descriptors of one srcset candidate (`100w`, `2x`, `100w 50h`), checked by the rules of
 * parse-srcset, which sanitize-html runs after us and which logs every candidate it rejects.
 * Stricter than it only where it is lax (a second density after `0x`).
 */
function validDescriptors(descriptors: string): boolean {
  if (descriptors === '') return true;
  let width = false;
  let density = false;
  let height = false;
  for (const descriptor of descriptors.split(SRCSET_SPACES)) {
    const value = descriptor.slice(0, -1);
    const unit = descriptor.slice(-1);
    if (unit === 'w' && NON_NEGATIVE_INTEGER.test(value)) {
      if (width || density || Number.parseInt(value, 10) === 0) return false;
      width = true;
    } else if (unit === 'x' && FLOATING_POINT.test(value)) {
      if (width || density || height || Number.parseFloat(value) < 0) return false;
      density = true;
    } else if (unit === 'h' && NON_NEGATIVE_INTEGER.test(value)) {
      if (height || density || Number.parseInt(value, 10) === 0) return false;
      height = true;
    } else {
      return false;
    }
  }
  return true;
}

function isSrcsetSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';
}

/**
 * Resolves every candidate URL of a srcset, following the HTML "parse a srcset attribute"
 * algorithm as parse-srcset implements it: a URL is a run of non-space characters (trailing
 * commas end the candidate), descriptors run to the next comma outside parentheses. Unsafe or
 * invalid candidates are dropped. sanitize-html parses and checks the result again after us.
 */
function resolveSrcset(value: string): string | null {
  const n = value.length;
  let out = '';
  let i = 0;
  while (i < n) {
    while (i < n && (isSrcsetSpace(value[i]) || value[i] === ',')) i++;
    if (i >= n) break;
    let start = i;
    while (i < n && !isSrcsetSpace(value[i])) i++;
    let url = value.slice(start, i);
    let descriptors = '';
    if (url.endsWith(',')) {
      url = url.replace(/,+$/, '');
    } else {
      start = i;
      let inParens = false;
      for (; i < n; i++) {
        const c = value[i];
        if (c === '(') inParens = true;
        else if (c === ')') inParens = false;
        else if (c === ',' && !inParens) break;
      }
      descriptors = value.slice(start, i).trim();
      i++; // past the comma
    }
    if (!validDescriptors(descriptors)) continue;
    let resolved = resolveUrl(url, false);
    if (resolved === null) continue;
    if (currentPass.rewriteUrl !== null && isHttpUrl(resolved)) {
      const rewritten = currentPass.rewriteUrl(resolved, false);
      // A URL ending in a comma would end the candidate early when parsed again.
      if (!rewritten.endsWith(',')) resolved = rewritten;
    }
    out += (out === '' ? '' : ', ') + resolved + (descriptors === '' ? '' : ' ' + descriptors);
  }
  return out === '' ? null : out;
}

function trackOpen(tagName: string): void {
  const dropped = droppedDepth > 0 || DROPPED_SET.has(tagName);
  if (dropped) droppedDepth++;
  openDropped.push(dropped);
  openTags.push(tagName);
  openEmitted.push(false); // set by keepOrUnwrap, which sanitize-html calls only outside dropped content
}

function trackClose(): void {
  openTags.pop();
  openEmitted.pop();
  if (openDropped.pop()) droppedDepth--;
}

/**
 * The name that unwraps an element: renamed to a tag it does not allow, sanitize-html discards the
 * tag and keeps its content. The empty name, not a made-up one: sanitize-html remembers a renamed
 * tag by depth and does not forget it for discarded tags, and a non-empty stale name would close
 * the next element there.
 */
const UNWRAP = '';

/** Attribute objects of elements the pass drops with their content (checked again in excludeEmpty). */
const droppedElements = new WeakSet<sanitizeLib.Attributes>();

/**
 * Drops an element with its content. Not by renaming it to a dropped-with-content tag: sanitize-html
 * would remember that name by depth and close the next element there with it. Instead the element
 * is kept (as a div when its own tag is not allowed) and exclusiveFilter removes it, content and
 * all, when it closes.
 */
function dropWithContent(tagName: string, attribs: sanitizeLib.Attributes): string {
  droppedElements.add(attribs);
  openEmitted[openEmitted.length - 1] = true;
  return ALLOWED_TAG_SET.has(tagName) ? tagName : 'div';
}

/** The nearest open element written to the output, or '' at the top. */
function nearestEmittedTag(): string {
  for (let i = openEmitted.length - 2; i >= 0; i--) if (openEmitted[i]) return openTags[i];
  return '';
}

/**
 * Runs on every opening tag outside dropped content, before sanitize-html filters attributes:
 * resolves and vets URLs (in `attribs`, in place), and unwraps what would not survive a second
 * pass unchanged. Returns the tag name to write (UNWRAP to write none).
 */
function keepOrUnwrap(tagName: string, attribs: sanitizeLib.Attributes): string {
  const pass = currentPass;
  if (pass.dropElement !== null && pass.dropElement(tagName, attribs)) return dropWithContent(tagName, attribs);
  if (pass.wordPressCaptions && attribs.class !== undefined && (tagName === 'div' || tagName === 'p' || tagName === 'figure')) {
    const renamed = wordPressCaptionTag(tagName, attribs.class, nearestEmittedTag() === 'figure');
    if (renamed !== tagName) {
      tagName = renamed;
      openTags[openTags.length - 1] = renamed;
    }
  }
  if (!ALLOWED_TAG_SET.has(tagName)) return tagName;
  const image = tagName === 'img';
  // applyLazySources takes its sources from data-* attributes only: without one it changes nothing.
  if (pass.lazyImages && (image || tagName === 'source') && hasDataAttribute(attribs)) applyLazySources(tagName, attribs);
  for (const name in attribs) {
    let value: string | null;
    if (URL_ATTRIBUTES.has(name)) value = resolveUrl(attribs[name], image && name === 'src');
    else if (name === 'srcset') value = resolveSrcset(attribs[name]);
    else continue;
    if (value === null) delete attribs[name];
    else attribs[name] = rewriteUrlAttribute(tagName, name, value);
  }
  if (image) {
    const policy = attribs.referrerpolicy;
    if (policy !== undefined) {
      if (policy.trim().toLowerCase() === 'no-referrer') attribs.referrerpolicy = 'no-referrer';
      else delete attribs.referrerpolicy;
    }
    if (pass.keepImage !== null && (attribs.src !== undefined || attribs.srcset !== undefined) && !pass.keepImage(attribs)) {
      return UNWRAP;
    }
  }
  // A link without a target is just its text.
  if (tagName === 'a' && attribs.href === undefined) return UNWRAP;
  // Idempotence: htmlparser2 closes an open <li> when a new <li> opens, but not when an element
  // we unwrap sits between them (<li><font><li>). Written out without the <font>, the two <li>
  // would nest, and a second pass would close the first. Unwrap the inner one instead.
  const closes = OPEN_IMPLIES_CLOSE.get(tagName);
  if (closes !== undefined) {
    for (let i = openEmitted.length - 2; i >= 0; i--) {
      if (!openEmitted[i]) continue;
      if (closes.has(openTags[i])) return UNWRAP;
      break;
    }
  }
  openEmitted[openEmitted.length - 1] = true;
  return tagName;
}

function hasDataAttribute(attribs: sanitizeLib.Attributes): boolean {
  for (const name in attribs) if (name.startsWith('data-')) return true;
  return false;
}

/** Images left without any source (a srcset sanitize-html could not parse) mean nothing; dropped elements go. */
function excludeEmpty(frame: sanitizeLib.IFrame): boolean | 'excludeTag' {
  if (droppedElements.has(frame.attribs)) return true;
  switch (frame.tag) {
    case 'img':
    case 'source':
      return frame.attribs.src === undefined && frame.attribs.srcset === undefined;
    default:
      return false;
  }
}

/** Built once: sanitize-html merges it with its defaults on each call, but nothing of ours is rebuilt. */
const LIBRARY_OPTIONS: sanitizeLib.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: ALLOWED_ATTRIBUTES,
  allowedSchemes: [...SAFE_SCHEMES],
  // data: is allowed for <img src> only, and keepOrUnwrap narrows it to data:image/*.
  allowedSchemesByTag: { img: [...SAFE_SCHEMES, 'data'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite', 'poster'],
  allowProtocolRelative: true,
  disallowedTagsMode: 'discard',
  nonTextTags: DROPPED_WITH_CONTENT,
  selfClosing: ['img', 'br', 'hr', 'wbr', 'source', 'track', 'col'],
  transformTags: { '*': (tagName, attribs) => ({ tagName: keepOrUnwrap(tagName, attribs), attribs }) },
  onOpenTag: trackOpen,
  onCloseTag: trackClose,
  exclusiveFilter: excludeEmpty,
  parseStyleAttributes: false,
};

const GT = />/g;
const AMP = /&/g;
const LT = /</g;

/** Escapes decoded text exactly as sanitize-html escapes text nodes (`&`, `<`, `>`). */
function escapeText(text: string): string {
  return text.replace(AMP, '&amp;').replace(LT, '&lt;').replace(GT, '&gt;');
}

// ---------------------------------------------------------------------------------------------
// The fast path. Feeds mostly carry plain article markup: <p>, <a href>, <img src alt>, lists,
// headings, comments. For that, one scan here writes exactly what sanitize-html writes, running
// the same policy hooks (trackOpen, keepOrUnwrap, trackClose) in the same order, with
// htmlparser2's tokenizing and tree rules restated for the subset it accepts. At the first thing
// outside that subset (an element not on the allow-list, a declaration, a srcset, markup cut off,
// a closing tag htmlparser2 would repair) it gives up and sanitize-html does the whole fragment.
// sanitize.test.ts holds it to byte-identical output against sanitize-html over both corpora.

/** htmlparser2's void elements (its Parser's `voidElements`): closed as soon as they open. */
const PARSER_VOID = new Set([
  'area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'image', 'img', 'input', 'isindex',
  'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr',
]);
/** Closing tags htmlparser2 gives a meaning beyond closing: foreign-content switches. */
const PARSER_FOREIGN = new Set(['math', 'svg', 'mi', 'mo', 'mn', 'ms', 'mtext', 'annotation-xml', 'foreignobject', 'desc', 'title']);
/** sanitize-html's defaults we do not override: attributes dropped when empty, unless allowed empty. */
const NON_BOOLEAN = new Set(sanitizeLib.defaults.nonBooleanAttributes);
const ALLOWED_EMPTY = new Set((sanitizeLib.defaults as { allowedEmptyAttributes?: string[] }).allowedEmptyAttributes ?? []);
const SELF_CLOSING = new Set(LIBRARY_OPTIONS.selfClosing);
const SCHEME_CHECKED = new Set(LIBRARY_OPTIONS.allowedSchemesAppliedToAttributes);
const LAUNDER_SCHEME = /^([a-zA-Z][a-zA-Z0-9.\-+]*):/;
const ATTRIBUTE_SPECIALS = /[&<>"]/;
const QUOT = /"/g;

/**
 * launder's naughtyHref as sanitize-html calls it with LIBRARY_OPTIONS: after dropping what
 * browsers ignore (controls, spaces, embedded comments), a scheme other than the allowed ones
 * (`data` too on <img>) is naughty; relative and protocol-relative URLs are not.
 */
function isNaughtyUrl(tagName: string, href: string): boolean {
  if (isHttpUrl(href)) return false; // "http:" and "https:" hold nothing launder strips
  let cleaned = href.replace(IGNORED_IN_URL, '');
  for (;;) {
    const first = cleaned.indexOf('<!--');
    if (first === -1) break;
    const last = cleaned.indexOf('-->', first + 4);
    if (last === -1) break;
    cleaned = cleaned.slice(0, first) + cleaned.slice(last + 3);
  }
  const scheme = LAUNDER_SCHEME.exec(cleaned);
  if (scheme === null) return false;
  const name = scheme[1].toLowerCase();
  return !SAFE_SCHEMES.has(name) && !(tagName === 'img' && name === 'data');
}

/** sanitize-html's escaping of attribute values (`&`, `<`, `>`, `"`). */
function escapeAttribute(value: string): string {
  return ATTRIBUTE_SPECIALS.test(value) ? escapeText(value).replace(QUOT, '&quot;') : value;
}

/** A reference other than the few that decodeAndEscape handles without the decoder. */
const UNCOMMON_REFERENCE = /&(?!(?:amp|lt|gt|quot|apos|nbsp);)/;

/**
 * Text as sanitize-html writes it: references decoded (htmlparser2's legacy rules, which
 * decodeHTML follows), then `&`, `<`, `>` escaped. With only &amp; &lt; &gt; &quot; &apos; &nbsp;
 * in it, the round trip leaves the first three as they are and the rest become their characters.
 */
function decodeAndEscape(text: string): string {
  if (UNCOMMON_REFERENCE.test(text)) return escapeText(decodeHTML(text));
  let out = text;
  if (out.indexOf('<') !== -1) out = out.replace(LT, '&lt;');
  if (out.indexOf('>') !== -1) out = out.replace(GT, '&gt;');
  if (out.indexOf('&quot;') !== -1) out = out.replaceAll('&quot;', '"');
  if (out.indexOf('&apos;') !== -1) out = out.replaceAll('&apos;', "'");
  if (out.indexOf('&nbsp;') !== -1) out = out.replaceAll('&nbsp;', '\u00a0');
  return out;
}

/** An attribute value decoded as htmlparser2 decodes it; `&amp;` alone (URLs with queries) without the decoder. */
function decodeAttribute(value: string): string {
  return OTHER_THAN_AMP.test(value) ? decodeHTMLAttribute(value) : value.replaceAll('&amp;', '&');
}
const OTHER_THAN_AMP = /&(?!amp;)/;

/** What the fast path needs to know of an allowed element, worked out once. */
interface FastElement {
  name: string;
  /** htmlparser2 closes it as soon as it opens. */
  isVoid: boolean;
  /** Open elements its start tag closes first (htmlparser2's openImpliesClose). */
  closes: Set<string> | undefined;
  /** Its start tag without attributes as sanitize-html writes it: `<p>`, `<br />`. */
  bareStart: string;
  /** Its end tag: `</p>`. */
  end: string;
  /** The attributes sanitize-html keeps on it (its own list and `*`). */
  kept: Set<string>;
}

const FAST_ELEMENTS = new Map<string, FastElement>(
  ALLOWED_TAGS.map((tag) => [tag, {
    name: tag,
    isVoid: PARSER_VOID.has(tag),
    closes: OPEN_IMPLIES_CLOSE.get(tag),
    bareStart: SELF_CLOSING.has(tag) ? `<${tag} />` : `<${tag}>`,
    end: `</${tag}>`,
    kept: new Set([...ALLOWED_ATTRIBUTES['*']!, ...(ALLOWED_ATTRIBUTES[tag] ?? [])]),
  }]),
);

/**
 * Tag names as numbers, so that a tag is looked up without cutting its name out of the input:
 * letters (either case) 1–26 and digits 27–36 in base 37. Ten characters fit in a double exactly,
 * and every allowed name has ten or fewer.
 */
const NAME_KEY_MAX_LENGTH = 10;
function nameKey(name: string): number {
  let key = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    key = key * 37 + (c >= 97 ? c - 96 : c - 48 + 27);
  }
  return key;
}
const FAST_ELEMENTS_BY_KEY = new Map<number, FastElement>([...FAST_ELEMENTS.values()].map((element) => [nameKey(element.name), element]));

/** The key of the tag name scanned last by scanTagName. */
let scannedKey = 0;

/**
 * Scans a tag name of ASCII letters and digits from `start` (a letter), computing its key; returns
 * where it ends, or -1 when it is longer than any key holds.
 */
function scanTagName(html: string, start: number): number {
  let key = 0;
  let upper = false;
  let j = start;
  for (const n = html.length; j < n; j++) {
    const c = html.charCodeAt(j);
    const lower = c | 0x20;
    if (lower >= 97 && lower <= 122) {
      key = key * 37 + lower - 96;
      if (c !== lower) upper = true;
    } else if (c >= 48 && c <= 57) {
      key = key * 37 + c - 48 + 27;
    } else {
      break;
    }
  }
  if (j - start > NAME_KEY_MAX_LENGTH) return -1;
  scannedKey = key;
  scannedUpper = upper;
  return j;
}

/** Whether the tag name scanned last had upper-case letters (which the output writes in lower case). */
let scannedUpper = false;

/** Set by startTagHtml: the start tag comes out exactly as the input wrote it (from `from` to `to`). */
let startTagAsWritten = false;

/**
 * The start tag sanitize-html writes for an element after keepOrUnwrap: '' when it discards the
 * tag (keeping its content) or drops an empty image; null when the fast path cannot tell (srcset,
 * whose parse-srcset round trip only sanitize-html does). The output is compared with the input
 * tag (`html` from `from` to `to`) piece by piece and only built from the first difference on; when
 * there is none, startTagAsWritten is set and the string returned is not to be used.
 */
function startTagHtml(tagName: string, attribs: sanitizeLib.Attributes, html: string, from: number, to: number): string | null {
  startTagAsWritten = false;
  const element = FAST_ELEMENTS.get(tagName);
  if (element === undefined) return '';
  const kept = element.kept;
  // While `out` is null the output so far is the input from `from` to `at`.
  let out: string | null = null;
  let at = from + 1 + tagName.length;
  if (html.charCodeAt(from) !== 60 || !asciiAt(html, from + 1, tagName)) out = '<' + tagName;
  for (const name in attribs) {
    const value = attribs[name];
    if ((value === '' && !ALLOWED_EMPTY.has(name) && NON_BOOLEAN.has(name)) || !kept.has(name) ||
      (SCHEME_CHECKED.has(name) && isNaughtyUrl(tagName, value))) {
      delete attribs[name];
      continue;
    }
    if (name === 'srcset') return null;
    const escaped = value === '' ? '' : escapeAttribute(value);
    if (out === null) {
      // ` name="value"`, ` name=""` (alt) or ` name` (other empty values), as written?
      let end = at + 1 + name.length;
      if (html.charCodeAt(at) === 32 && asciiAt(html, at + 1, name)) {
        if (value !== '') {
          // (Cut out and compared: String#startsWith with a position is several times slower in V8.)
          const valueEnd = end + 2 + escaped.length;
          if (html.charCodeAt(end) === 61 && html.charCodeAt(end + 1) === 34 && html.charCodeAt(valueEnd) === 34 &&
            html.slice(end + 2, valueEnd) === escaped) end = valueEnd + 1;
          else end = -1;
        } else if (ALLOWED_EMPTY.has(name)) {
          end = html.charCodeAt(end) === 61 && html.charCodeAt(end + 1) === 34 && html.charCodeAt(end + 2) === 34 ? end + 3 : -1;
        }
      } else {
        end = -1;
      }
      if (end !== -1) {
        at = end;
        continue;
      }
      out = html.slice(from, at);
    }
    out += ' ' + name;
    if (value !== '') out += '="' + escaped + '"';
    else if (ALLOWED_EMPTY.has(name)) out += '=""';
  }
  // excludeEmpty, which sanitize-html applies when the (void) element closes.
  if ((tagName === 'img' || tagName === 'source') && attribs.src === undefined && attribs.srcset === undefined) return '';
  const close = SELF_CLOSING.has(tagName) ? ' />' : '>';
  if (out === null) {
    if (at + close.length === to && asciiAt(html, at, close)) {
      startTagAsWritten = true;
      return '';
    }
    out = html.slice(from, at);
  }
  return out + close;
}

function isAsciiAlpha(c: number): boolean {
  const lower = c | 0x20;
  return lower >= 97 && lower <= 122;
}

/** Elements open in the fast path, innermost last: htmlparser2's names, and the end tag written ('' when none). */
const fastOpen: string[] = [];
const fastEnds: string[] = [];

/** Closes the innermost open element as htmlparser2 and sanitize-html would; returns the end tag written. */
function closeInnermost(): string {
  fastOpen.pop();
  trackClose();
  return fastEnds.pop()!;
}

/**
 * The output so far. Most of a clean fragment comes out as it went in, so the output is the input
 * with changes spliced in: `fastOut` holds everything before `fastCopied`, and input from there on
 * is output too until the next change.
 */
let fastOut = '';
let fastCopied = 0;
/** The next `&` at or after the text being looked at (the input's length when none): one search per fragment. */
let fastNextAmp = 0;

/** Writes `replacement` in place of the input from `from` to `to`. */
function change(html: string, from: number, to: number, replacement: string): void {
  if (from > fastCopied) fastOut += html.slice(fastCopied, from);
  fastOut += replacement;
  fastCopied = to;
}

/** True when the input from `from` to `to` is `written`. */
function unchanged(html: string, from: number, to: number, written: string): boolean {
  return written.length === to - from && asciiAt(html, from, written);
}

/**
 * Text from `start` to `end`, as sanitize-html writes it: references decoded and `&<>` escaped.
 * Unchanged, without a copy, when it holds no `&`, no `>` and (`strayLt` false) no `<`.
 */
function writeText(html: string, start: number, end: number, strayLt: boolean): void {
  if (fastNextAmp < start) {
    fastNextAmp = html.indexOf('&', start);
    if (fastNextAmp === -1) fastNextAmp = html.length;
  }
  const hasAmp = fastNextAmp < end;
  if (!hasAmp && !strayLt) {
    const gt = html.indexOf('>', start);
    if (gt === -1 || gt >= end) return;
  }
  const text = html.slice(start, end);
  const out = hasAmp ? decodeAndEscape(text) : text.replace(LT, '&lt;').replace(GT, '&gt;');
  if (out !== text) change(html, start, end, out);
}

/** sanitize-html's output for `html`, or null when the fast path does not handle it (see above). */
function sanitizeFast(html: string): string | null {
  const n = html.length;
  fastOut = '';
  fastCopied = 0;
  fastNextAmp = 0;
  let textStart = 0;
  let strayLt = false;
  let at = 0;
  for (;;) {
    const lt = html.indexOf('<', at);
    if (lt === -1) break;
    if (lt + 1 >= n) return null;
    const c = html.charCodeAt(lt + 1);
    let next: number;
    if (isAsciiAlpha(c)) {
      // Tag and attribute names of ASCII letters and digits only; values decoded as htmlparser2 decodes them.
      const nameEnd = scanTagName(html, lt + 1);
      if (nameEnd === -1 || nameEnd >= n || !endsTagSection(html.charCodeAt(nameEnd))) return null;
      const element = FAST_ELEMENTS_BY_KEY.get(scannedKey);
      if (element === undefined) return null;
      const name = element.name;
      next = scanStartTagRest(html, nameEnd, true);
      if (next === -1 || (scannedStartTag.selfClosing && !element.isVoid)) return null;
      // A fresh object per element: keepOrUnwrap may change it, and dropWithContent remembers it.
      const attribs = scannedStartTag.count === 0 ? {} : scannedStartTag.attrs;
      if (scannedStartTag.references) {
        for (const key in attribs) if (attribs[key].indexOf('&') !== -1) attribs[key] = decodeAttribute(attribs[key]);
      }
      if (lt > textStart) writeText(html, textStart, lt, strayLt);
      if (element.closes !== undefined) {
        let ends = '';
        while (fastOpen.length > 0 && element.closes.has(fastOpen[fastOpen.length - 1])) ends += closeInnermost();
        if (ends !== '') change(html, lt, lt, ends);
      }
      trackOpen(name);
      const written = keepOrUnwrap(name, attribs);
      if (currentPass.dropElement !== null && droppedElements.has(attribs)) return null;
      // Only images and sources gain attributes in keepOrUnwrap; other elements without any stay bare.
      let writesTag: boolean;
      if (written === name && scannedStartTag.count === 0 && name !== 'img' && name !== 'source') {
        // `<p>` (or `<br />`) exactly as written is left as it is.
        const asWritten = !scannedUpper && (element.bareStart.length === 2 + name.length
          ? next === nameEnd + 1
          : next === nameEnd + 3 && html.charCodeAt(nameEnd) === 32 && html.charCodeAt(nameEnd + 1) === SLASH);
        if (!asWritten) change(html, lt, next, element.bareStart);
        writesTag = true;
      } else {
        const start = startTagHtml(written, attribs, html, lt, next);
        if (start === null) return null;
        if (startTagAsWritten) {
          writesTag = true;
        } else {
          change(html, lt, next, start);
          writesTag = start !== '';
        }
      }
      if (element.isVoid) {
        trackClose();
      } else {
        fastOpen.push(name);
        fastEnds.push(writesTag ? FAST_ELEMENTS.get(written)!.end : '');
      }
    } else if (c === SLASH) {
      if (lt + 2 >= n || !isAsciiAlpha(html.charCodeAt(lt + 2))) return null;
      let j = scanTagName(html, lt + 2);
      if (j === -1 || j >= n) return null;
      const closedAt = j;
      const element = FAST_ELEMENTS_BY_KEY.get(scannedKey);
      if (element === undefined) {
        const other = lowerMarkupName(html.slice(lt + 2, j));
        if (PARSER_VOID.has(other) || PARSER_FOREIGN.has(other)) return null;
      } else if (element.isVoid) {
        return null;
      }
      const after = html.charCodeAt(j);
      if (after !== GREATER) {
        if (!isMarkupSpace(after)) return null;
        j = html.indexOf('>', j);
        if (j === -1) return null;
      }
      next = j + 1;
      let depth = fastOpen.length - 1;
      if (element === undefined) depth = -1; // not allowed, so not open
      else while (depth >= 0 && fastOpen[depth] !== element.name) depth--;
      // htmlparser2 ignores a stray end tag, except </p>, for which it makes an empty paragraph.
      if (depth === -1 && element?.name === 'p') return null;
      if (lt > textStart) writeText(html, textStart, lt, strayLt);
      let ends = '';
      while (fastOpen.length > depth && depth !== -1) ends += closeInnermost();
      // `</p>` closing just its own element, exactly as written, is left as it is.
      const asWritten = ends === element?.end && !scannedUpper && next === j + 1 && closedAt === j;
      if (!asWritten && !unchanged(html, lt, next, ends)) change(html, lt, next, ends);
    } else if (c === BANG) {
      // Comments are dropped. sanitize-html's htmlparser2 (10) ends one at the first "-->", counting
      // the dashes of "<!--" ("<!-->" is a whole comment).
      if (!asciiAt(html, lt, '<!--')) return null;
      const close = html.indexOf('-->', lt + 2);
      if (close === -1) return null;
      if (lt > textStart) writeText(html, textStart, lt, strayLt);
      next = close + 3;
      change(html, lt, next, '');
    } else if (c === QUESTION) {
      return null;
    } else {
      at = lt + 1; // a "<" that starts no tag is text
      strayLt = true;
      continue;
    }
    at = textStart = next;
    strayLt = false;
  }
  if (n > textStart) writeText(html, textStart, n, strayLt);
  let ends = '';
  while (fastOpen.length > 0) ends += closeInnermost();
  if (fastCopied === 0 && fastOut === '' && ends === '') return html;
  change(html, n, n, ends);
  const out = fastOut;
  fastOut = '';
  return out;
}

/** The last base parsed, by its text: items of one feed share it, and parsing a URL costs more than the fast path's work on a short fragment. */
let lastBaseText = '';
let lastBase: URL | null = null;

function parseBase(baseUrl: string | null | undefined): URL | null {
  if (!baseUrl) return null;
  if (baseUrl === lastBaseText) return lastBase;
  lastBaseText = baseUrl;
  lastBase = parseBaseUncached(baseUrl);
  return lastBase;
}

function parseBaseUncached(baseUrl: string): URL | null {
  try {
    const url = new URL(baseUrl);
    // A javascript:/data: "base" would turn every relative link into one of those.
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** Allow-list sanitizing of untrusted feed/article HTML; relative URLs made absolute, lazy images made real. Idempotent. */
export function sanitizeHtml(html: string, options: SanitizeOptions = {}): string {
  return sanitizeWithPass(html, options, DEFAULT_PASS);
}

/** sanitizeHtml with the given pass (the clean stage's per-element rules). Internal to the html stage. */
export function sanitizeWithPass(html: string, options: SanitizeOptions, pass: SanitizePass): string {
  // Fast paths, byte-identical to what the parser would produce: with no `<` there is no tag,
  // comment or CDATA, so the whole input is one text node.
  if (html.indexOf('<') === -1) {
    if (html.indexOf('&') === -1) return html.indexOf('>') === -1 ? html : html.replace(GT, '&gt;');
    // htmlparser2 decodes text with entities' legacy HTML rules, the same as decodeHTML.
    return escapeText(decodeHTML(html));
  }
  currentBase = parseBase(options.baseUrl);
  currentPass = pass;
  try {
    const fast = sanitizeFast(html);
    if (fast !== null) return fast;
    resetElementStacks();
    return sanitizeLib(html, LIBRARY_OPTIONS);
  } finally {
    currentBase = null;
    currentPass = DEFAULT_PASS;
    resetElementStacks();
  }
}

function resetElementStacks(): void {
  openEmitted.length = 0;
  openDropped.length = 0;
  openTags.length = 0;
  droppedDepth = 0;
  fastOpen.length = 0;
  fastEnds.length = 0;
  fastOut = '';
}

/** sanitize-html alone, without the fast path: what the fast path must equal. For tests. */
export function sanitizeWithLibrary(html: string, options: SanitizeOptions = {}, pass: SanitizePass = DEFAULT_PASS): string {
  currentBase = parseBase(options.baseUrl);
  currentPass = pass;
  try {
    return sanitizeLib(html, LIBRARY_OPTIONS);
  } finally {
    currentBase = null;
    currentPass = DEFAULT_PASS;
    resetElementStacks();
  }
}

/** The fast path alone: its output, or null where it defers to sanitize-html. For tests. */
export function sanitizeFastOnly(html: string, options: SanitizeOptions = {}, pass: SanitizePass = DEFAULT_PASS): string | null {
  currentBase = parseBase(options.baseUrl);
  currentPass = pass;
  try {
    return sanitizeFast(html);
  } finally {
    currentBase = null;
    currentPass = DEFAULT_PASS;
    resetElementStacks();
  }
}

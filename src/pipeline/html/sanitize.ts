// Allow-list sanitizing of untrusted feed and article HTML.
//
// The allow-list work is done by sanitize-html (a well-kept library over htmlparser2); this
// module holds our policy and the one thing the library does not do: resolving relative URLs
// against the item's base. For the plain markup most feeds carry, a fast path here (sanitizeFast)
// writes byte for byte what sanitize-html would, several times faster, and hands everything else
// to the library. Its tokenizing is htmlparser2's as well: it takes the tokens of htmlparser2's
// Tokenizer and runs the same policy hooks on them. The output only ever contains allowed
// elements and attributes with escaped text, and no raw-text element (script, style, textarea,
// title, xmp, iframe, noembed …), so a browser re-parses it the way htmlparser2 did. That is also
// what makes it idempotent.
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
//   removed, whatever entity, whitespace or comment obfuscation hides it (`jav&#x09;ascript:`,
//   `java<!-- -->script:`); only `<img src>` may carry `data:image/*`; relative URLs are resolved
//   against `baseUrl`, and kept as written when they cannot be resolved;
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
import { QuoteType, Tokenizer, type TokenizerCallbacks } from 'htmlparser2';
import { applyLazySources } from './rules/lazy-images.ts';
import { wordPressCaptionTag } from './rules/wordpress.ts';

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
  // sanitize-html also looks for a scheme with `<!-- -->` runs dropped (`y<!-- -->:w`), and removes
  // the URL then, after keepOrUnwrap has kept its element: removed here first, so that a link
  // left without its href is unwrapped as any other.
  if (cleaned.includes('<!--')) {
    const hidden = SCHEME.exec(withoutUrlComments(cleaned));
    if (hidden !== null && !SAFE_SCHEMES.has(hidden[1].toLowerCase())) return null;
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

/** A URL without the `<!-- … -->` runs launder drops from it (after IGNORED_IN_URL) before it looks for a scheme. */
function withoutUrlComments(url: string): string {
  for (;;) {
    const first = url.indexOf('<!--');
    if (first === -1) return url;
    const last = url.indexOf('-->', first + 4);
    if (last === -1) return url;
    url = url.slice(0, first) + url.slice(last + 3);
  }
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
// headings, comments. For that, the fast path writes exactly what sanitize-html writes, running
// the same policy hooks (trackOpen, keepOrUnwrap, trackClose) in the same order. The tokenizing
// is htmlparser2's: its Tokenizer (12, our own dependency) reports every tag, attribute, comment
// and text by position. What htmlparser2's Parser builds from those tokens (implied end tags, void
// elements, stray end tags) is restated here for allowed elements only, as the htmlparser2 inside
// sanitize-html (10) does it. At the first thing outside that subset (an element not on the
// allow-list, a declaration, a srcset, markup cut off, an end tag htmlparser2 would repair, a
// token the two versions read differently) it gives up and sanitize-html does the whole fragment.
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
  const scheme = LAUNDER_SCHEME.exec(withoutUrlComments(href.replace(IGNORED_IN_URL, '')));
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
 * Names the fast path meets most (allowed elements and attributes, and attributes often dropped)
 * by a number computed from their characters: letters of either case 1–26, digits 27–36, `-` 37,
 * in base 38 (ten characters fit a double exactly). A known name is taken from here rather than
 * cut out of the input and lower-cased: the same string each time, which V8 then need not look up
 * in its string table to use as a property key or to find an element.
 */
const NAME_KEY_MAX_LENGTH = 10;
const KNOWN_NAMES = new Map<number, { name: string; element: FastElement | undefined }>();
/** Set by nameKey: the name had upper-case letters. */
let nameKeyUpper = false;

/** The key of the name from `start` to `end` of `text`, or -1 when it has other characters or is too long. */
function nameKey(text: string, start: number, end: number): number {
  if (end - start > NAME_KEY_MAX_LENGTH) return -1;
  let key = 0;
  nameKeyUpper = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    let digit: number;
    if (c >= 97 && c <= 122) {
      digit = c - 96;
    } else if (c >= 65 && c <= 90) {
      digit = c - 64;
      nameKeyUpper = true;
    } else if (c >= 48 && c <= 57) {
      digit = c - 48 + 27;
    } else if (c === 45) {
      digit = 37;
    } else {
      return -1;
    }
    key = key * 38 + digit;
  }
  return key;
}

for (const name of [
  ...ALLOWED_TAGS, ...Object.values(ALLOWED_ATTRIBUTES).flat(),
  'class', 'id', 'style', 'target', 'rel', 'name', 'loading', 'decoding', 'border', 'align', 'data-src',
]) {
  const key = nameKey(name, 0, name.length);
  if (key !== -1) KNOWN_NAMES.set(key, { name, element: FAST_ELEMENTS.get(name) });
}

/** Set by readName: whether the name was written in lower case, and the allowed element of that name. */
let nameAsWritten = false;
let nameElement: FastElement | undefined;

/** A tag or attribute name the tokenizer found from `start` to `end`, lower-cased as htmlparser2 does it. */
function readName(start: number, end: number): string {
  const known = KNOWN_NAMES.get(nameKey(fastInput, start, end));
  if (known !== undefined) {
    nameAsWritten = !nameKeyUpper;
    nameElement = known.element;
    return known.name;
  }
  const written = fastInput.slice(start, end);
  const name = written.toLowerCase();
  nameAsWritten = name === written;
  nameElement = FAST_ELEMENTS.get(name);
  return name;
}

/** Thrown from the tokenizer's callbacks to leave the fast path: sanitize-html does the fragment. */
const DEFER = new Error('sanitize: the fast path defers to sanitize-html');

/** Character codes the fast path compares with the input where the tokenizer reported a token. */
const LESS_THAN = 60;
const GREATER_THAN = 62;
const SLASH = 47;
const SPACE = 32;

/** The fragment the fast path is reading. */
let fastInput = '';
/** Where the tokens reported so far end: every character before it was read as part of one. */
let fastAt = 0;
/**
 * An end tag with something between its name and its `>` (`</p >`): the tokenizer does not say
 * where it ends, so it is written when the next token starts (right after that `>`). Its start,
 * or -1 when there is none, and the end tags it writes.
 */
let pendingEndFrom = -1;
let pendingEnds = '';

/** The start tag being read: its `<`, where its name ends, the element, whether the name was written in lower case. */
let tagFrom = 0;
let tagNameEnd = 0;
let tagElement: FastElement | null = null;
let tagNameAsWritten = false;
/** Its attributes as htmlparser2 gives them: lower-cased names, decoded values, the first of a name wins. */
let tagAttribs: sanitizeLib.Attributes = {};

/** The attribute being read: its name, where the name starts and ends, and where its value is. */
let attributeName = '';
let attributeNameStart = 0;
let attributeNameEnd = 0;
let attributeNameAsWritten = false;
let attributeValueStart = -1;
let attributeValueEnd = 0;

/**
 * The start tag's attributes as written, in order: each one's lower-cased name, where it starts
 * and ends, its value as written, and its form. An unchanged tag is left as it is in the output,
 * and these tell whether it is.
 */
const ATTRIBUTE_QUOTED = 0; // name="value", the name in lower case
const ATTRIBUTE_BARE = 1; // name, in lower case, without a value
const ATTRIBUTE_OTHER = 2; // any other form: upper case, single quotes, no quotes, spaces around `=`
const writtenNames: string[] = [];
const writtenStarts: number[] = [];
const writtenEnds: number[] = [];
const writtenValues: string[] = [];
const writtenForms: number[] = [];
let writtenCount = 0;

/** Set by startTagHtml: the start tag comes out exactly as the input wrote it. */
let startTagAsWritten = false;

/**
 * The start tag sanitize-html writes for an element after keepOrUnwrap: '' when it discards the
 * tag (keeping its content) or drops an empty image; null when the fast path cannot tell (srcset,
 * whose parse-srcset round trip only sanitize-html does). The output is compared with the tag as
 * written (from tagFrom to its `>` at `tagEnd`) attribute by attribute, and only built from the
 * first difference on; when there is none, startTagAsWritten is set and the string returned is
 * not to be used.
 */
function startTagHtml(tagName: string, attribs: sanitizeLib.Attributes, tagEnd: number, selfClosing: boolean): string | null {
  startTagAsWritten = false;
  const element = FAST_ELEMENTS.get(tagName);
  if (element === undefined) return '';
  const kept = element.kept;
  const html = fastInput;
  // While `out` is null the output so far is the input from tagFrom to `at`.
  let out: string | null = tagName === tagElement!.name && tagNameAsWritten ? null : '<' + tagName;
  let at = tagNameEnd;
  let written = 0;
  for (const name in attribs) {
    const value = attribs[name];
    if ((value === '' && !ALLOWED_EMPTY.has(name) && NON_BOOLEAN.has(name)) || !kept.has(name) ||
      (SCHEME_CHECKED.has(name) && isNaughtyUrl(tagName, value))) {
      delete attribs[name];
      continue;
    }
    if (name === 'srcset') return null;
    const escaped = value === '' ? '' : escapeAttribute(value);
    const bare = value === '' && !ALLOWED_EMPTY.has(name);
    if (out === null) {
      // The next attribute as written, one space after the last: ` name="value"`, ` name=""` (alt) or ` name` (other empty values)?
      if (written < writtenCount && writtenStarts[written] === at + 1 && html.charCodeAt(at) === SPACE &&
        writtenNames[written] === name && writtenForms[written] === (bare ? ATTRIBUTE_BARE : ATTRIBUTE_QUOTED) &&
        writtenValues[written] === escaped) {
        at = writtenEnds[written++];
        continue;
      }
      out = html.slice(tagFrom, at);
    }
    out += bare ? ' ' + name : ' ' + name + '="' + escaped + '"';
  }
  // excludeEmpty, which sanitize-html applies when the (void) element closes.
  if ((tagName === 'img' || tagName === 'source') && attribs.src === undefined && attribs.srcset === undefined) return '';
  const selfClose = SELF_CLOSING.has(tagName);
  if (out === null) {
    // Then `>`, or ` />` for the elements sanitize-html writes self-closed?
    const closedAsWritten = selfClose
      ? selfClosing && tagEnd === at + 2 && html.charCodeAt(at) === SPACE && html.charCodeAt(at + 1) === SLASH
      : !selfClosing && tagEnd === at;
    if (closedAsWritten) {
      startTagAsWritten = true;
      return '';
    }
    out = html.slice(tagFrom, at);
  }
  return out + (selfClose ? ' />' : '>');
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
function change(from: number, to: number, replacement: string): void {
  if (from > fastCopied) fastOut += fastInput.slice(fastCopied, from);
  fastOut += replacement;
  fastCopied = to;
}

/**
 * Text from `start` to `end`, as sanitize-html writes it: references decoded and `&<>` escaped.
 * Unchanged, without a copy, when it holds no `&`, no `>` and (`strayLt` false) no `<`.
 */
function writeText(start: number, end: number, strayLt: boolean): void {
  const html = fastInput;
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
  if (out !== text) change(start, end, out);
}

/**
 * Accounts for the input up to `start`, where the next token begins. Anything between the last
 * token and this one would be input the tokenizer passed over without a report (htmlparser2 12
 * drops `</>`, which 10 keeps as text), so the fast path defers.
 */
function reach(start: number): void {
  if (pendingEndFrom !== -1) {
    if (start <= fastAt) throw DEFER;
    change(pendingEndFrom, start, pendingEnds);
    pendingEndFrom = -1;
  } else if (start !== fastAt) {
    throw DEFER;
  }
  fastAt = start;
}

/** A start tag read to its `>` (at `tagEnd`): implied end tags, the policy hooks, then the tag as sanitize-html writes it. */
function openElement(tagEnd: number, selfClosing: boolean): void {
  // (`/>` closes nothing in HTML: htmlparser2 opens `<p/>` as `<p>`. It only decides whether a tag is as written.)
  const element = tagElement!;
  const name = element.name;
  const attribs = tagAttribs;
  const next = tagEnd + 1;
  if (element.closes !== undefined) {
    let ends = '';
    while (fastOpen.length > 0 && element.closes.has(fastOpen[fastOpen.length - 1])) ends += closeInnermost();
    if (ends !== '') change(tagFrom, tagFrom, ends);
  }
  trackOpen(name);
  const written = keepOrUnwrap(name, attribs);
  if (currentPass.dropElement !== null && droppedElements.has(attribs)) throw DEFER;
  // Only images and sources gain attributes in keepOrUnwrap; other elements without any stay bare.
  let writesTag: boolean;
  if (written === name && writtenCount === 0 && name !== 'img' && name !== 'source') {
    // `<p>` (or `<br />`) exactly as written is left as it is.
    const asWritten = tagNameAsWritten && (element.bareStart.length === 2 + name.length
      ? tagEnd === tagNameEnd
      : selfClosing && tagEnd === tagNameEnd + 2 && fastInput.charCodeAt(tagNameEnd) === SPACE && fastInput.charCodeAt(tagNameEnd + 1) === SLASH);
    if (!asWritten) change(tagFrom, next, element.bareStart);
    writesTag = true;
  } else {
    const start = startTagHtml(written, attribs, tagEnd, selfClosing);
    if (start === null) throw DEFER;
    if (startTagAsWritten) {
      writesTag = true;
    } else {
      change(tagFrom, next, start);
      writesTag = start !== '';
    }
  }
  if (element.isVoid) {
    trackClose();
  } else {
    fastOpen.push(name);
    fastEnds.push(!writesTag ? '' : written === name ? element.end : FAST_ELEMENTS.get(written)!.end);
  }
  tagElement = null;
  fastAt = next;
}

/** An end tag whose name runs from `start` to `end`: the open elements it closes, as htmlparser2 closes them. */
function closeElement(start: number, end: number): void {
  const html = fastInput;
  const from = start - 2;
  reach(from);
  const after = html.charCodeAt(end);
  // htmlparser2 10 ends an end tag's name only at white space or `>` (`</p/>` closes `p/`), 12 at `/` too.
  if (after === SLASH) throw DEFER;
  const name = readName(start, end);
  const element = nameElement;
  const asWritten = nameAsWritten;
  if (element === undefined) {
    if (PARSER_VOID.has(name) || PARSER_FOREIGN.has(name)) throw DEFER;
  } else if (element.isVoid) {
    throw DEFER;
  }
  let depth = fastOpen.length - 1;
  if (element === undefined) depth = -1; // not allowed, so not open
  else while (depth >= 0 && fastOpen[depth] !== element.name) depth--;
  // htmlparser2 ignores a stray end tag, except </p>, for which it makes an empty paragraph.
  if (depth === -1 && element?.name === 'p') throw DEFER;
  let ends = '';
  while (fastOpen.length > depth && depth !== -1) ends += closeInnermost();
  if (after === GREATER_THAN) {
    // `</p>` closing just its own element, exactly as written, is left as it is.
    if (ends !== element?.end || !asWritten) change(from, end + 1, ends);
    fastAt = end + 1;
  } else {
    // Both versions skip to the next `>`; a `</>` after it, which 12 passes over without a
    // report, would hide where that is.
    if (html.indexOf('</>', end) !== -1) throw DEFER;
    pendingEndFrom = from;
    pendingEnds = ends;
    fastAt = end;
  }
}

/**
 * A comment (its text from `start` to `end`, `offset` characters of its closing sequence before
 * `end`): dropped, as sanitize-html drops it. Only `<!--` comments that both htmlparser2 versions
 * end at the same place: 12 also reads `<!x>`, `<?x>` and `</ x>` as comments, and ends one at
 * `--!>`, where 10 does neither.
 */
function dropComment(start: number, end: number, offset: number): void {
  const from = start - 4;
  reach(from);
  if (!fastInput.startsWith('<!--', from) || offset === 3) throw DEFER;
  // Unclosed, it runs to the end of the input in both versions.
  const to = end < fastInput.length ? end + 1 : end;
  change(from, to, '');
  fastAt = to;
}

function defer(): never {
  throw DEFER;
}

/**
 * The tokenizer's reports. References are left in place (decodeEntities off) and decoded after,
 * by text or value, with the same decoder (entities) htmlparser2 uses: the tokenizer then skips
 * through text to the next `<` and through quoted values to the closing quote, and the tokens are
 * the same.
 */
const fastTokens: TokenizerCallbacks = {
  ontext(start, end) {
    reach(start);
    // A `<` that starts no tag ends the text before it, so it can only come first in a text.
    writeText(start, end, fastInput.charCodeAt(start) === LESS_THAN);
    fastAt = end;
  },
  onopentagname(start, end) {
    reach(start - 1);
    readName(start, end);
    const element = nameElement;
    if (element === undefined) throw DEFER;
    tagElement = element;
    tagFrom = start - 1;
    tagNameEnd = end;
    tagNameAsWritten = nameAsWritten;
    // A fresh object per element: keepOrUnwrap may change it, and dropWithContent remembers it.
    tagAttribs = {};
    writtenCount = 0;
  },
  onattribname(start, end) {
    attributeName = readName(start, end);
    if (attributeName === '__proto__') throw DEFER;
    attributeNameStart = start;
    attributeNameEnd = end;
    attributeNameAsWritten = nameAsWritten;
    attributeValueStart = -1;
  },
  onattribdata(start, end) {
    // One report per value, as references are not decoded; a second only when the input ends inside it.
    if (attributeValueStart !== -1) throw DEFER;
    attributeValueStart = start;
    attributeValueEnd = end;
  },
  onattribend(quote, end) {
    const written = attributeValueStart === -1 ? '' : fastInput.slice(attributeValueStart, attributeValueEnd);
    const value = written.indexOf('&') === -1 ? written : decodeAttribute(written);
    if (!Object.hasOwn(tagAttribs, attributeName)) tagAttribs[attributeName] = value;
    let form = ATTRIBUTE_OTHER;
    if (attributeNameAsWritten) {
      if (quote === QuoteType.NoValue) form = ATTRIBUTE_BARE;
      else if (quote === QuoteType.Double && attributeValueStart === attributeNameEnd + 2) form = ATTRIBUTE_QUOTED;
    }
    writtenNames[writtenCount] = attributeName;
    writtenStarts[writtenCount] = attributeNameStart;
    writtenEnds[writtenCount] = end;
    writtenValues[writtenCount] = written;
    writtenForms[writtenCount] = form;
    writtenCount++;
  },
  onopentagend(end) {
    openElement(end, false);
  },
  onselfclosingtag(end) {
    openElement(end, true);
  },
  onclosetag: closeElement,
  oncomment: dropComment,
  // Doctypes and CDATA sections, rare in item HTML, are left to sanitize-html; processing
  // instructions are reported in XML mode only.
  ondeclaration: defer,
  oncdata: defer,
  onprocessinginstruction: defer,
  // Not reported with decodeEntities off.
  ontextentity: defer,
  onattribentity: defer,
  onend() {},
};

const fastTokenizer = new Tokenizer({ decodeEntities: false }, fastTokens);

/** sanitize-html's output for `html`, or null when the fast path does not handle it (see above). */
function sanitizeFast(html: string): string | null {
  const n = html.length;
  fastInput = html;
  fastOut = '';
  fastCopied = 0;
  fastNextAmp = 0;
  fastAt = 0;
  pendingEndFrom = -1;
  tagElement = null;
  fastTokenizer.reset();
  try {
    fastTokenizer.write(html);
    fastTokenizer.end();
    if (pendingEndFrom !== -1) {
      // An end tag like `</p >` last: it ends at the last `>`, or the input ends inside it.
      if (html.charCodeAt(n - 1) !== GREATER_THAN) return null;
      change(pendingEndFrom, n, pendingEnds);
      pendingEndFrom = -1;
      fastAt = n;
    }
    // The input ends inside a tag, which the tokenizer then leaves unreported.
    if (fastAt !== n) return null;
  } catch (error) {
    if (error === DEFER) return null;
    throw error;
  }
  let ends = '';
  while (fastOpen.length > 0) ends += closeInnermost();
  if (fastCopied === 0 && fastOut === '' && ends === '') return html;
  change(n, n, ends);
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
  fastInput = '';
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

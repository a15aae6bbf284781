import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';
import { decodeHTML, decodeHTMLAttribute } from 'entities';

/**
 * A forgiving XML reader for feeds: a small element tree with namespaces resolved to short
 * canonical keys, built from the events of htmlparser2's tokenizer in XML mode (see readXml).
 *
 * Handles, on purpose:
 * - unescaped `&` and HTML named entities (`&nbsp;`, `&eacute;`) in text: decoded with
 *   the HTML entity table, because real feeds are written by HTML tools;
 * - entity declarations in a DOCTYPE are never expanded (no billion-laughs), and
 *   external entities are never read: an undeclared `&foo;` stays as literal text;
 * - undefined namespace prefixes (`dc:creator` without xmlns:dc): the prefix is
 *   taken at face value, and well-known prefixes map to their usual namespace;
 * - junk before the root element (whitespace, a BOM, stray text) is skipped;
 * - mismatched and unclosed tags: closed where the tokenizer implies, and elements
 *   cut off by the end of the document are marked `truncated`.
 * Everything recovered from is reported in `warnings`.
 */

export interface XmlElement {
  /** Canonical namespace key ('' for none, 'atom', 'dc', … or the URI when unknown). */
  ns: string;
  /** Local name, lower case. */
  local: string;
  /** Attributes by lower-case qualified name, values entity-decoded. */
  attrs: Record<string, string>;
  children: XmlNode[];
  /** The in-scope xml:base, resolved to an absolute URL when possible. */
  base: string | null;
  /** The in-scope xml:lang. */
  lang: string | null;
  /** True when the document ended before this element was closed. */
  truncated: boolean;
  /**
   * The namespaces of the child elements, as bits (namespaceBit): childElement and childElements
   * answer at once for a namespace no child has (most items have no media:, atom:, itunes: … child).
   */
  childNs: number;
}

export type XmlNode = XmlElement | string;

export interface XmlDocument {
  root: XmlElement | null;
  /** The first non-blank characters of the document, for error messages. */
  head: string;
  warnings: string[];
}

/** Namespace URIs feeds use, mapped to the keys the adapters match on. */
const NAMESPACE_KEYS: Record<string, string> = {
  'http://www.w3.org/2005/atom': 'atom',
  'http://purl.org/atom/ns#': 'atom03',
  'http://purl.org/rss/1.0/': 'rss',
  'http://my.netscape.com/rdf/simple/0.9/': 'rss',
  'http://blogs.law.harvard.edu/tech/rss': 'rss',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://search.yahoo.com/mrss/': 'media',
  'http://search.yahoo.com/mrss': 'media',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'http://www.itunes.com/dtd/podcast-1.0.dtd': 'itunes',
  'http://www.w3.org/1999/xhtml': 'xhtml',
  'http://wellformedweb.org/commentapi/': 'wfw',
  'http://purl.org/rss/1.0/modules/slash/': 'slash',
  'http://rssnamespace.org/feedburner/ext/1.0': 'feedburner',
  'http://www.w3.org/xml/1998/namespace': 'xml',
  'http://purl.org/rss/1.0/modules/syndication/': 'sy',
  'http://webns.net/mvcb/': 'admin',
  'http://purl.org/net/rss1.1#': 'rss',
};

/** Prefixes used without a declaration in the wild, and the namespace they always mean. */
const CONVENTIONAL_PREFIXES: Record<string, string> = {
  atom: 'atom',
  dc: 'dc',
  dcterms: 'dcterms',
  content: 'content',
  media: 'media',
  itunes: 'itunes',
  rdf: 'rdf',
  xhtml: 'xhtml',
  wfw: 'wfw',
  slash: 'slash',
  feedburner: 'feedburner',
  xml: 'xml',
  sy: 'sy',
};

/** Entities XML itself defines; any other named reference is an HTML-ism we tolerate. */
const XML_ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/iy;
const AMPERSAND = /&/g;
const NAMED_REF = /&[a-z][a-z0-9]*;/iy;

/** The children of every element that has none (shared and frozen, like NO_ATTRIBUTES). */
const NO_CHILDREN: XmlNode[] = Object.freeze([]) as unknown as XmlNode[];

/** Adds a child; an element's own array is made on its first child, sized for one (most have one). */
function addChild(parent: XmlElement, child: XmlNode): void {
  if (parent.children === NO_CHILDREN) parent.children = [child];
  else parent.children.push(child);
}

/** The attributes of every element that has none (shared; elements are never changed once read). */
const NO_ATTRIBUTES: Record<string, string> = Object.freeze({}) as Record<string, string>;

/**
 * Text whose every `&` starts one of XML's five named references, decoded: what decodeHTML gives,
 * faster on the escaped HTML that fills RSS descriptions. Null at the first other `&` (a numeric or
 * HTML reference, or a bare `&`), for the HTML decoder and the warnings.
 */
function decodeXmlEntities(text: string): string | null {
  // Pieces joined once: one flat string, where `+=` would leave a rope to flatten later.
  const parts: string[] = [];
  let from = 0;
  for (let at = text.indexOf('&'); at !== -1; at = text.indexOf('&', from)) {
    let char: string;
    let length: number;
    const first = text.charCodeAt(at + 1);
    switch (first) {
      case 108: // &lt;
      case 103: // &gt;
        char = first === 108 ? '<' : '>';
        length = text.startsWith('t;', at + 2) ? 4 : 0;
        break;
      case 97: // &amp; &apos;
        if (text.startsWith('mp;', at + 2)) {
          char = '&';
          length = 5;
        } else {
          char = "'";
          length = text.startsWith('pos;', at + 2) ? 6 : 0;
        }
        break;
      case 113: // &quot;
        char = '"';
        length = text.startsWith('uot;', at + 2) ? 6 : 0;
        break;
      default:
        return null;
    }
    if (length === 0) return null;
    parts.push(text.slice(from, at), char);
    from = at + length;
  }
  parts.push(text.slice(from));
  return parts.join('');
}

function namespaceKey(uri: string): string {
  const lower = uri.toLowerCase();
  const key = NAMESPACE_KEYS[lower];
  if (key !== undefined) return key;
  // UserLand published several RSS namespaces (rss, rss2, rss2.1 …); all mean plain RSS.
  if (lower.startsWith('http://backend.userland.com/rss')) return 'rss';
  return uri;
}

function resolveUrl(href: string, base: string | null): string | null {
  try {
    return base ? new URL(href, base).href : new URL(href).href;
  } catch {
    return null;
  }
}

/**
 * Builds the tree from parser events (XmlEvents below), with every recovery and warning.
 * Exported for xml-tree.test.ts, which drives it with htmlparser2's Parser as the reference.
 */
export class TreeBuilder {
  readonly warnings: string[] = [];
  root: XmlElement | null = null;
  rootClosed = false;
  readonly stack: XmlElement[] = [];
  /** In-scope prefix → namespace key maps, one per open element (shared until an xmlns changes them). */
  private readonly scopes: Array<Record<string, string>> = [{ '': '', xml: 'xml' }];
  sawDoctype = false;
  private junkBeforeRoot = false;
  private pendingText = '';
  /** True once an element was closed by the parser rather than by its end tag. */
  anyTruncated = false;

  constructor(private readonly documentUrl: string | null) {}

  warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  /** A processing instruction or declaration, by its lower-cased name (`?xml`, `!doctype`). */
  instruction(name: string): void {
    if (name.startsWith('!doctype')) this.sawDoctype = true;
  }

  private flushText(): void {
    if (this.pendingText === '') return;
    const top = this.stack[this.stack.length - 1];
    if (top) addChild(top, this.pendingText);
    this.pendingText = '';
  }

  private checkReferences(raw: string): void {
    AMPERSAND.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = AMPERSAND.exec(raw)) !== null) {
      XML_ENTITY.lastIndex = match.index;
      if (XML_ENTITY.test(raw)) continue;
      NAMED_REF.lastIndex = match.index;
      if (NAMED_REF.test(raw)) {
        // A DOCTYPE may declare it; we still never expand it, so only warn without one.
        if (!this.sawDoctype) this.warn('xml: undefined entity reference (decoded as HTML)');
      } else {
        this.warn("xml: unescaped '&' in text");
      }
    }
  }

  /** A start tag: lower-cased qualified name, attributes by lower-cased name with their raw values. */
  open(qname: string, rawAttrs: Record<string, string>): void {
    if (this.rootClosed) {
      this.warn('xml: content after the root element ignored');
      return;
    }
    this.flushText();
    const parentPrefixes = this.scopes[this.scopes.length - 1]!;
    let prefixes = parentPrefixes;
    // Decoded in place: XmlEvents hands over a fresh object per tag. Most elements have none.
    let attrs: Record<string, string> = NO_ATTRIBUTES;
    for (const key in rawAttrs) {
      attrs = rawAttrs;
      const raw = rawAttrs[key]!;
      const value = raw.includes('&') ? decodeHTMLAttribute(raw) : raw;
      if (value !== raw) rawAttrs[key] = value;
      if (key === 'xmlns' || key.startsWith('xmlns:')) {
        if (prefixes === parentPrefixes) prefixes = { ...prefixes };
        prefixes[key === 'xmlns' ? '' : key.slice(6)] = namespaceKey(value.trim());
      }
    }
    this.scopes.push(prefixes);
    const colon = qname.indexOf(':');
    const prefix = colon === -1 ? '' : qname.slice(0, colon);
    const local = colon === -1 ? qname : qname.slice(colon + 1);
    let ns = prefixes[prefix];
    if (ns === undefined) {
      // Not well-formed XML; still, a conventional prefix (dc:, media: …) means what it always means.
      this.warn(`xml: undefined namespace prefix '${prefix}'`);
      ns = CONVENTIONAL_PREFIXES[prefix] ?? prefix;
    }
    const parent = this.stack[this.stack.length - 1];
    let base = parent ? parent.base : this.documentUrl;
    const xmlBase = attrs['xml:base'];
    if (xmlBase !== undefined) base = resolveUrl(xmlBase.trim(), base) ?? base;
    const lang = attrs['xml:lang'] ?? (parent ? parent.lang : null);
    const element: XmlElement = { ns, local, attrs, children: NO_CHILDREN, base, lang, truncated: false, childNs: 0 };
    if (parent) {
      addChild(parent, element);
      parent.childNs |= namespaceBit(ns);
    }
    else {
      if (this.root) {
        this.warn('xml: more than one root element');
        this.scopes.pop();
        return;
      }
      this.root = element;
    }
    this.stack.push(element);
  }

  /** Character data; `cdata` for the content of a CDATA section, which is never decoded. */
  text(data: string, cdata: boolean): void {
    if (this.stack.length === 0) {
      // "]>" closes a DOCTYPE internal subset the tokenizer ended early; it is not junk.
      const blank = data.replace(this.sawDoctype ? /[\s\ufeff\]>]/g : /[\s\ufeff]/g, '');
      if (!this.junkBeforeRoot && blank !== '') {
        this.junkBeforeRoot = true;
        this.warn(this.root ? 'xml: text after the root element ignored' : 'xml: text before the root element ignored');
      }
      return;
    }
    if (!cdata && data.includes('&')) {
      const decoded = decodeXmlEntities(data);
      if (decoded === null) {
        this.checkReferences(data);
        this.pendingText += decodeHTML(data);
      } else {
        this.pendingText += decoded;
      }
    } else {
      this.pendingText += data;
    }
  }

  /** Closes the innermost element; `truncated` when the parser, not an end tag, closed it. */
  close(truncated: boolean): void {
    if (this.stack.length === 0) return;
    this.flushText();
    const element = this.stack.pop()!;
    this.scopes.pop();
    if (truncated) {
      element.truncated = true;
      this.anyTruncated = true;
    }
    if (this.stack.length === 0) this.rootClosed = true;
  }

  document(text: string): XmlDocument {
    const head = text.replace(/^[\s\ufeff]+/, '').slice(0, 15);
    return { root: this.root, head, warnings: this.warnings };
  }
}

/** Reads XML text into a tree; never throws on malformed input. */
export function readXml(text: string, documentUrl: string | null = null): XmlDocument {
  const builder = new TreeBuilder(documentUrl);
  const events = new XmlEvents(text, builder);
  const tokenizer = new Tokenizer({ xmlMode: true, decodeEntities: false }, events);
  tokenizer.write(text);
  tokenizer.end();
  return builder.document(text);
}

/**
 * htmlparser2's tokenizer events turned into tree-builder calls. This is the part of
 * htmlparser2's Parser that XML mode uses (tag and attribute names lower-cased, the first of
 * repeated attributes kept, an end tag closing up to its open element and ignored without one,
 * `<x/>` closed at once, what is open at the end closed as truncated), restated over the
 * tokenizer's indices so no tag name, attribute or text is cut out of the document twice; the
 * Parser's own per-event bookkeeping was a third of the time spent reading a feed.
 * xml-tree.test.ts holds it to the Parser's events over both corpora and generated documents.
 */
class XmlEvents implements TokenizerCallbacks {
  /** Names of the open elements, innermost last (the Parser's stack). */
  private readonly open: string[] = [];
  private tagName = '';
  private attrs: Record<string, string> = {};
  private attrName = '';
  private attrValue = '';

  constructor(private readonly text: string, private readonly builder: TreeBuilder) {}

  ontext(start: number, end: number): void {
    this.builder.text(this.text.slice(start, end), false);
  }

  oncdata(start: number, end: number, offset: number): void {
    this.builder.text(this.text.slice(start, end - offset), true);
  }

  onopentagname(start: number, end: number): void {
    this.tagName = lowerAscii(this.text.slice(start, end));
    this.attrs = {};
  }

  onattribname(start: number, end: number): void {
    this.attrName = lowerAscii(this.text.slice(start, end));
  }

  onattribdata(start: number, end: number): void {
    this.attrValue += this.text.slice(start, end);
  }

  onattribend(): void {
    if (!Object.hasOwn(this.attrs, this.attrName)) this.attrs[this.attrName] = this.attrValue;
    this.attrValue = '';
  }

  onopentagend(): void {
    this.openElement();
  }

  onselfclosingtag(): void {
    this.openElement();
    this.closeInnermost(false);
  }

  onclosetag(start: number, end: number): void {
    const at = this.open.lastIndexOf(lowerAscii(this.text.slice(start, end)));
    if (at === -1) return;
    // Elements opened inside the one this tag closes were never closed: the document is not
    // well-formed there, and they are marked truncated.
    while (this.open.length > at + 1) this.closeInnermost(true);
    this.closeInnermost(false);
  }

  ondeclaration(start: number, end: number): void {
    this.builder.instruction('!' + instructionName(this.text.slice(start, end)));
  }

  onprocessinginstruction(start: number, end: number): void {
    this.builder.instruction('?' + instructionName(this.text.slice(start, end)));
  }

  onend(): void {
    if (this.open.length > 0) this.builder.warn('xml: document ends before all elements are closed (truncated)');
    else if (this.builder.anyTruncated) this.builder.warn('xml: mismatched closing tag');
    while (this.open.length > 0) this.closeInnermost(true);
  }

  oncomment(): void {}
  onattribentity(): void {}
  ontextentity(): void {}

  private openElement(): void {
    this.open.push(this.tagName);
    this.builder.open(this.tagName, this.attrs);
  }

  /** Pops the innermost open element; the builder has none to close once the root is done. */
  private closeInnermost(truncated: boolean): void {
    this.open.pop();
    if (this.builder.stack.length > 0) this.builder.close(truncated);
  }
}

/** Lower-cases a name as String#toLowerCase does, without a copy when it is already lower case. */
function lowerAscii(name: string): string {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c > 127) return name.toLowerCase();
  }
  return name;
}

/** htmlparser2's name of a processing instruction or declaration: up to white space or `/`, lower-cased. */
function instructionName(body: string): string {
  const end = body.search(/\s|\//);
  return (end === -1 ? body : body.slice(0, end)).toLowerCase();
}

/** Bits for the namespace keys adapters look children up by; every other namespace shares the last. */
const NAMESPACE_BITS: Record<string, number | undefined> = Object.assign(
  Object.create(null) as Record<string, number>,
  Object.fromEntries(['', 'rss', 'dc', 'dcterms', 'atom', 'atom03', 'media', 'itunes', 'content', 'xhtml', 'feedburner', 'rdf'].map((key, i) => [key, 1 << i])),
);
const OTHER_NAMESPACE_BIT = 1 << 30;

function namespaceBit(ns: string): number {
  return NAMESPACE_BITS[ns] ?? OTHER_NAMESPACE_BIT;
}

/** The first child element with this namespace key and local name. */
export function childElement(element: XmlElement, ns: string, local: string): XmlElement | undefined {
  if ((element.childNs & namespaceBit(ns)) === 0) return undefined;
  for (const child of element.children) {
    if (typeof child !== 'string' && child.local === local && child.ns === ns) return child;
  }
  return undefined;
}

/** Every child element with this namespace key and local name. */
export function childElements(element: XmlElement, ns: string, local: string): XmlElement[] {
  const found: XmlElement[] = [];
  if ((element.childNs & namespaceBit(ns)) === 0) return found;
  for (const child of element.children) {
    if (typeof child !== 'string' && child.local === local && child.ns === ns) found.push(child);
  }
  return found;
}

/** The concatenated text content of an element and its descendants. */
export function textOf(element: XmlElement): string {
  if (element.children.length === 1 && typeof element.children[0] === 'string') return element.children[0];
  let text = '';
  for (const child of element.children) text += typeof child === 'string' ? child : textOf(child);
  return text;
}

/** The trimmed text of an element, or null when it is missing or blank. */
export function textOrNull(element: XmlElement | undefined): string | null {
  if (!element) return null;
  const text = textOf(element).trim();
  return text === '' ? null : text;
}

/** The text of the first of several candidate children that has any. */
export function firstText(element: XmlElement, candidates: ReadonlyArray<readonly [string, string]>): string | null {
  for (const [ns, local] of candidates) {
    const text = textOrNull(childElement(element, ns, local));
    if (text !== null) return text;
  }
  return null;
}

/** True when an element has child elements (inline markup), not just text. */
export function hasChildElements(element: XmlElement): boolean {
  return element.childNs !== 0;
}

const VOID_ELEMENTS = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr',
]);

function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

function escapeAttribute(text: string): string {
  return text.replace(/[&"<]/g, (c) => (c === '&' ? '&amp;' : c === '"' ? '&quot;' : '&lt;'));
}

/** Serializes an element's children back to HTML (for XHTML content and inline markup in RSS). */
export function innerHtml(element: XmlElement): string {
  let html = '';
  for (const child of element.children) html += typeof child === 'string' ? escapeText(child) : outerHtml(child);
  return html;
}

function outerHtml(element: XmlElement): string {
  let attrs = '';
  for (const name in element.attrs) {
    if (name === 'xmlns' || name.startsWith('xmlns:') || name.startsWith('xml:')) continue;
    attrs += ` ${name}="${escapeAttribute(element.attrs[name]!)}"`;
  }
  const tag = element.local;
  if (VOID_ELEMENTS.has(tag) && element.children.length === 0) return `<${tag}${attrs}>`;
  return `<${tag}${attrs}>${innerHtml(element)}</${tag}>`;
}

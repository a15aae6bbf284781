import { Parser } from 'htmlparser2';
import { decodeHTML, decodeHTMLAttribute } from 'entities';

/**
 * A forgiving XML reader for feeds: htmlparser2's tokenizer (in XML mode) builds a
 * small element tree with namespaces resolved to short canonical keys.
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

interface Scope {
  /** prefix → key, inherited */
  prefixes: Record<string, string>;
}

/** Reads XML text into a tree; never throws on malformed input. */
export function readXml(text: string, documentUrl: string | null = null): XmlDocument {
  const warnings: string[] = [];
  const warn = (message: string) => {
    if (!warnings.includes(message)) warnings.push(message);
  };
  let root: XmlElement | null = null;
  let rootClosed = false;
  const stack: XmlElement[] = [];
  const scopes: Scope[] = [{ prefixes: { '': '', xml: 'xml' } }];
  let inCdata = false;
  let sawDoctype = false;
  let junkBeforeRoot = false;
  let pendingText = '';
  let parser: Parser | null = null;
  /** Where each open element's start tag ended: a close reported at that same spot is a self-closing tag. */
  const openTagEnds: number[] = [];

  const flushText = () => {
    if (pendingText === '') return;
    const top = stack[stack.length - 1];
    if (top) top.children.push(pendingText);
    pendingText = '';
  };

  const checkReferences = (raw: string) => {
    AMPERSAND.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = AMPERSAND.exec(raw)) !== null) {
      XML_ENTITY.lastIndex = match.index;
      if (XML_ENTITY.test(raw)) continue;
      NAMED_REF.lastIndex = match.index;
      if (NAMED_REF.test(raw)) {
        // A DOCTYPE may declare it; we still never expand it, so only warn without one.
        if (!sawDoctype) warn('xml: undefined entity reference (decoded as HTML)');
      } else {
        warn("xml: unescaped '&' in text");
      }
    }
  };

  parser = new Parser(
    {
      onprocessinginstruction(name) {
        if (name.toLowerCase().startsWith('!doctype')) sawDoctype = true;
      },
      onopentag(qname, rawAttrs) {
        if (rootClosed) {
          warn('xml: content after the root element ignored');
          return;
        }
        flushText();
        const parentScope = scopes[scopes.length - 1]!;
        let prefixes = parentScope.prefixes;
        const attrs: Record<string, string> = {};
        for (const key in rawAttrs) {
          const raw = rawAttrs[key]!;
          const value = raw.includes('&') ? decodeHTMLAttribute(raw) : raw;
          attrs[key] = value;
          if (key === 'xmlns' || key.startsWith('xmlns:')) {
            if (prefixes === parentScope.prefixes) prefixes = { ...prefixes };
            prefixes[key === 'xmlns' ? '' : key.slice(6)] = namespaceKey(value.trim());
          }
        }
        scopes.push({ prefixes });
        const colon = qname.indexOf(':');
        const prefix = colon === -1 ? '' : qname.slice(0, colon);
        const local = colon === -1 ? qname : qname.slice(colon + 1);
        let ns = prefixes[prefix];
        if (ns === undefined) {
          // Not well-formed XML; still, a conventional prefix (dc:, media: …) means what it always means.
          warn(`xml: undefined namespace prefix '${prefix}'`);
          ns = CONVENTIONAL_PREFIXES[prefix] ?? prefix;
        }
        const parent = stack[stack.length - 1];
        let base = parent ? parent.base : documentUrl;
        const xmlBase = attrs['xml:base'];
        if (xmlBase !== undefined) base = resolveUrl(xmlBase.trim(), base) ?? base;
        const lang = attrs['xml:lang'] ?? (parent ? parent.lang : null);
        const element: XmlElement = { ns, local, attrs, children: [], base, lang, truncated: false };
        if (parent) parent.children.push(element);
        else {
          if (root) {
            warn('xml: more than one root element');
            scopes.pop();
            return;
          }
          root = element;
        }
        stack.push(element);
        openTagEnds.push(parser ? parser.endIndex : -1);
      },
      ontext(data) {
        if (stack.length === 0) {
          // "]>" closes a DOCTYPE internal subset the tokenizer ended early; it is not junk.
          const blank = data.replace(sawDoctype ? /[\s\ufeff\]>]/g : /[\s\ufeff]/g, '');
          if (!junkBeforeRoot && blank !== '') {
            junkBeforeRoot = true;
            warn(root ? 'xml: text after the root element ignored' : 'xml: text before the root element ignored');
          }
          return;
        }
        if (inCdata) {
          pendingText += data;
        } else if (data.includes('&')) {
          checkReferences(data);
          pendingText += decodeHTML(data);
        } else {
          pendingText += data;
        }
      },
      oncdatastart() {
        inCdata = true;
      },
      oncdataend() {
        inCdata = false;
      },
      onclosetag(_name, isImplied) {
        if (stack.length === 0) return;
        flushText();
        const element = stack.pop()!;
        const openEnd = openTagEnds.pop();
        scopes.pop();
        // htmlparser2 reports self-closing tags (<link/>) as implied closes too; those are fine.
        if (isImplied && !(parser && parser.endIndex === openEnd)) element.truncated = true;
        if (stack.length === 0) rootClosed = true;
      },
    },
    {
      xmlMode: true,
      decodeEntities: false,
      lowerCaseTags: true,
      lowerCaseAttributeNames: true,
    },
  );
  // Declarations (<!DOCTYPE …>) arrive as processing instructions named "!doctype".
  parser.write(text);
  // Elements still open at the end are closed by the parser; catch them before it does.
  const openAtEnd = stack.length;
  parser.end();
  if (openAtEnd > 0) warn('xml: document ends before all elements are closed (truncated)');
  const truncatedEarly = collectImpliedCloses(root);
  if (truncatedEarly && openAtEnd === 0) warn('xml: mismatched closing tag');
  const head = text.replace(/^[\s\ufeff]+/, '').slice(0, 15);
  return { root, head, warnings };
}

function collectImpliedCloses(root: XmlElement | null): boolean {
  if (!root) return false;
  if (root.truncated) return true;
  for (const child of root.children) {
    if (typeof child !== 'string' && collectImpliedCloses(child)) return true;
  }
  return false;
}

/** The first child element with this namespace key and local name. */
export function childElement(element: XmlElement, ns: string, local: string): XmlElement | undefined {
  for (const child of element.children) {
    if (typeof child !== 'string' && child.local === local && child.ns === ns) return child;
  }
  return undefined;
}

/** Every child element with this namespace key and local name. */
export function childElements(element: XmlElement, ns: string, local: string): XmlElement[] {
  const found: XmlElement[] = [];
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
  for (const child of element.children) if (typeof child !== 'string') return true;
  return false;
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

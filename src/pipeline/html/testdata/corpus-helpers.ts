// Test helpers shared by the html stage's tests: the corpora in ../shared, the "nothing
// executable" check, and console silencing. Not part of the stage (testdata/ is not source).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { DomUtils, parseDocument } from 'htmlparser2';

/** Replaces console output for the test; returns how many lines were written. */
export function silenceConsole(t: { mock: { method: (object: object, name: string, impl: () => void) => unknown } }): () => number {
  let lines = 0;
  for (const name of ['log', 'info', 'warn', 'error', 'debug']) t.mock.method(console, name, () => void lines++);
  return () => lines;
}

export const SHARED = path.resolve(process.cwd(), '../shared');
export const NEWS_FEEDS = path.join(SHARED, 'corpus/news/feeds');
export const FEEDPARSER = path.join(SHARED, 'corpus/feeds/feedparser');
export const NO_CORPUS = existsSync(SHARED) ? false : `corpus not found: ${SHARED} does not exist`;

const ALLOWED_IN_OUTPUT = new Set([
  'article', 'section', 'header', 'footer', 'aside', 'main', 'nav', 'address', 'hgroup', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'p', 'div', 'br', 'hr', 'blockquote', 'pre', 'figure', 'figcaption', 'details', 'summary', 'ul', 'ol', 'li', 'dl', 'dt',
  'dd', 'menu', 'a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'i', 'ins', 'kbd', 'mark', 'q',
  's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr', 'ruby', 'rb', 'rp', 'rt', 'rtc',
  'strike', 'big', 'tt', 'img', 'picture', 'source', 'video', 'audio', 'track', 'table', 'caption', 'colgroup', 'col',
  'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
]);
const URL_ATTRIBUTES = new Set(['href', 'src', 'poster', 'cite', 'srcset']);

/**
 * Nothing executable survives: no `<script`, no on* attribute and no script/data URL inside any
 * tag (text is always escaped in the output, so every `<` starts a real tag), and re-parsed, only
 * allowed elements with no style/class/id and only web URLs.
 */
export function assertNothingExecutable(html: string, where: string): void {
  assert.ok(!/<script/i.test(html), `${where}: <script in ${html.slice(0, 300)}`);
  for (const tag of html.match(/<[^>]*>/g) ?? []) {
    assert.ok(!/\son[a-z]+\s*=/i.test(tag), `${where}: event handler in ${tag}`);
    assert.ok(!/(?:java|vb)script:/i.test(tag.replace(/[\x00-\x20]+/g, '')), `${where}: script URL in ${tag}`);
  }
  for (const el of DomUtils.findAll(() => true, parseDocument(html).children)) {
    assert.ok(ALLOWED_IN_OUTPUT.has(el.name), `${where}: element <${el.name}> survived`);
    for (const [name, value] of Object.entries(el.attribs)) {
      assert.ok(!/^(on|style$|class$|id$)/i.test(name), `${where}: attribute ${name} survived`);
      if (!URL_ATTRIBUTES.has(name)) continue;
      const cleaned = value.replace(/[\x00-\x20]+/g, '').toLowerCase();
      const ok = name === 'srcset' || !/^[a-z][a-z0-9+.-]*:/.test(cleaned) || /^(https?|mailto|ftp|tel):/.test(cleaned) ||
        (el.name === 'img' && name === 'src' && /^data:image\//.test(cleaned));
      assert.ok(ok, `${where}: unsafe URL ${name}="${value}"`);
      if (name === 'srcset') assert.ok(!/(?:javascript|vbscript|data):/.test(cleaned), `${where}: unsafe srcset ${value}`);
    }
  }
}

export function decodeFeedBytes(bytes: Buffer): string {
  const label = /encoding=["']([^"']+)["']/.exec(bytes.subarray(0, 200).toString('latin1'))?.[1]?.toLowerCase() ?? 'utf-8';
  return new TextDecoder(label === 'gb2312' ? 'gbk' : label).decode(bytes);
}

type XmlNode = ReturnType<typeof parseDocument>['children'][number];
type XmlElement = Parameters<typeof DomUtils.getAttributeValue>[0];
const isElement = (node: XmlNode): node is XmlElement => 'attribs' in node;

export interface HtmlField {
  element: string;
  html: string;
  base: string | null;
}

const XHTML_TYPES = new Set(['xhtml', 'application/xhtml+xml']);

export function resolveBase(parent: string | null, xmlBase: string | undefined): string | null {
  if (xmlBase === undefined) return parent;
  try {
    const url = parent ? new URL(xmlBase, parent) : new URL(xmlBase);
    // feedparser ignores a base with an unsafe scheme; so does the caller of sanitizeHtml.
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : parent;
  } catch {
    return parent;
  }
}

/**
 * Approximates what a feed parser hands to sanitizeHtml: every element holding text (escaped
 * HTML, CDATA or base64), and every element holding inline XHTML, with its xml:base chain
 * resolved against the document base.
 */
export function collectHtmlFields(xml: string, documentBase: string | null): HtmlField[] {
  const out: HtmlField[] = [];
  const visit = (node: XmlNode, base: string | null): void => {
    if (!isElement(node)) return;
    const el = node;
    const here = resolveBase(base, el.attribs['xml:base']);
    const elementChildren = el.children.filter(isElement);
    if (el.attribs.mode === 'base64') {
      out.push({ element: el.name, html: Buffer.from(DomUtils.textContent(el), 'base64').toString('utf8'), base: here });
      return;
    }
    if (elementChildren.length === 0) {
      const text = DomUtils.textContent(el);
      if (text.trim() !== '') out.push({ element: el.name, html: text, base: here });
      return;
    }
    const inline = XHTML_TYPES.has(el.attribs.type ?? '') || el.attribs.mode === 'xml' || /(^|:)body$/.test(el.name) ||
      elementChildren.some((c) => c.name === 'div' || c.name.startsWith('xhtml:') || c.attribs.xmlns === 'http://www.w3.org/1999/xhtml');
    if (inline) {
      for (const d of DomUtils.findAll((e) => e.name.startsWith('xhtml:'), el.children)) d.name = d.name.slice(6);
      out.push({ element: el.name, html: DomUtils.getInnerHTML(el, { xmlMode: true }), base: here });
      return;
    }
    for (const child of el.children) visit(child, here);
  };
  for (const node of parseDocument(xml, { xmlMode: true }).children) visit(node, documentBase);
  return out;
}

export function loadNewsFields(): HtmlField[] {
  const fields: HtmlField[] = [];
  for (const file of readdirSync(NEWS_FEEDS).sort()) {
    const xml = decodeFeedBytes(readFileSync(path.join(NEWS_FEEDS, file)));
    for (const f of collectHtmlFields(xml, null)) {
      if (/^(description|content|content:encoded|summary)$/.test(f.element)) fields.push(f);
    }
  }
  return fields;
}


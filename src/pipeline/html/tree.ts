// A minimal tree over sanitizeHtml's output, for the clean stage's structural rules.
//
// sanitizeHtml writes canonical markup: only allowed elements, void elements as `<br />`, every
// other element closed explicitly, text with `&`, `<`, `>` escaped and attribute values
// double-quoted with `&`, `<`, `>`, `"` escaped. So every `<` starts a tag and no `>` occurs inside
// one, and one regular expression tokenizes it exactly, several times faster than a full HTML
// parser building a DOM. Text and attributes stay as written (escaped), so serializing an
// untouched tree gives back the input byte for byte.
//
// Input that is not canonical (a stray `<`, an unbalanced close tag) or nested deeper than
// MAX_DEPTH gives null: callers then leave it alone, which keeps them total and idempotent.

/** An element; `children` is null for a void element. Text nodes are plain (escaped) strings. */
export interface HtmlElement {
  name: string;
  /** The attributes as written, with their leading space: ` src="a.jpg" alt=""`. */
  attrs: string;
  children: HtmlNode[] | null;
}
export type HtmlNode = HtmlElement | string;

/** sanitizeHtml's `selfClosing` list: written as `<name … />`, never closed. */
const VOID = new Set(['img', 'br', 'hr', 'wbr', 'source', 'track', 'col']);
/** Deeper than this, the structural rules (recursive) are skipped rather than risk the stack. */
const MAX_DEPTH = 500;
const TAG = /<(\/?)([a-z][a-z0-9]*)([^<>]*)>/g;

/** sanitizeHtml output → a tree under a root named '', or null when the input is not canonical. */
export function parseSanitized(html: string): HtmlElement | null {
  const root: HtmlElement = { name: '', attrs: '', children: [] };
  const stack: HtmlElement[] = [root];
  let top = root;
  let last = 0;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(html); m !== null; m = TAG.exec(html)) {
    if (m.index > last && !pushText(top, html.slice(last, m.index))) return null;
    last = TAG.lastIndex;
    const name = m[2];
    const rest = m[3];
    if (m[1] === '/') {
      if (stack.length === 1 || top.name !== name || rest !== '') return null;
      stack.pop();
      top = stack[stack.length - 1];
    } else if (VOID.has(name)) {
      if (!rest.endsWith(' /')) return null;
      top.children!.push({ name, attrs: rest.slice(0, -2), children: null });
    } else {
      if (rest.endsWith('/') || stack.length > MAX_DEPTH) return null;
      const element: HtmlElement = { name, attrs: rest, children: [] };
      top.children!.push(element);
      stack.push(element);
      top = element;
    }
  }
  if (stack.length !== 1) return null;
  if (last < html.length && !pushText(root, html.slice(last))) return null;
  return root;
}

function pushText(parent: HtmlElement, text: string): boolean {
  if (text.includes('<') || text.includes('>')) return false;
  parent.children!.push(text);
  return true;
}

/** The tree back to markup (the children of the root when given the root). */
export function serializeTree(element: HtmlElement): string {
  let out = '';
  for (const child of element.children ?? []) out += serializeNode(child);
  return out;
}

function serializeNode(node: HtmlNode): string {
  if (typeof node === 'string') return node;
  if (node.children === null) return `<${node.name}${node.attrs} />`;
  return `<${node.name}${node.attrs}>${serializeTree(node)}</${node.name}>`;
}

const ATTRIBUTE_PATTERNS = new Map<string, RegExp>();

/** One attribute's value as written (escaped), or null when absent. */
export function getAttribute(element: HtmlElement, name: string): string | null {
  let pattern = ATTRIBUTE_PATTERNS.get(name);
  if (pattern === undefined) {
    pattern = new RegExp(` ${name}(?:="([^"]*)")?(?= |$)`);
    ATTRIBUTE_PATTERNS.set(name, pattern);
  }
  const m = pattern.exec(element.attrs);
  return m === null ? null : m[1] ?? '';
}

/** A new element, for rules that wrap nodes. */
export function createElement(name: string, children: HtmlNode[]): HtmlElement {
  return { name, attrs: '', children };
}

/** The text of a subtree, escaped as written. */
export function textOf(node: HtmlNode): string {
  if (typeof node === 'string') return node;
  let out = '';
  for (const child of node.children ?? []) out += textOf(child);
  return out;
}

/** Whitespace as a reader sees it: ASCII and Unicode spaces, no-break, ideographic and zero-width. */
export const BLANK_TEXT = /^[\s\u200b]*$/;

export function isBlankText(node: HtmlNode): node is string {
  return typeof node === 'string' && BLANK_TEXT.test(node);
}

export function isElement(node: HtmlNode, name?: string): node is HtmlElement {
  return typeof node !== 'string' && (name === undefined || node.name === name);
}

// A minimal tree over sanitizeHtml's output, for the clean stage's structural rules.
//
// sanitizeHtml writes canonical markup: only allowed elements, void elements as `<br />`, every
// other element closed explicitly, text with `&`, `<`, `>` escaped and attribute values
// double-quoted with `&`, `<`, `>`, `"` escaped. htmlparser2's tokenizer reads it, and the tree
// keeps text and attributes as written (escaped), so serializing an untouched tree gives back
// the input byte for byte; no DOM is built, which would cost several times more per item.
//
// Input that is not canonical (a stray `<`, an unbalanced close tag, a comment) or nested deeper
// than MAX_DEPTH gives null: callers then leave it alone, which keeps them total and idempotent.
import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';

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
/** Element names sanitizeHtml writes; raw-text elements (script, style …) are never among its output. */
const CANONICAL_NAME = /^[a-z][a-z0-9]*$/;
const RAW_TEXT = new Set(['script', 'style', 'title', 'textarea', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext']);
const GREATER = 62;

/** sanitizeHtml output → a tree under a root named '', or null when the input is not canonical. */
export function parseSanitized(html: string): HtmlElement | null {
  const reader = new CanonicalReader(html);
  const tokenizer = new Tokenizer({ xmlMode: false, decodeEntities: false }, reader);
  reader.tokenizer = tokenizer;
  tokenizer.write(html);
  tokenizer.end();
  return reader.failed || reader.stack.length !== 1 ? null : reader.root;
}

/** Tokenizer events → the tree, failing (and stopping the tokenizer) at anything not canonical. */
class CanonicalReader implements TokenizerCallbacks {
  readonly root: HtmlElement = { name: '', attrs: '', children: [] };
  readonly stack: HtmlElement[] = [this.root];
  failed = false;
  tokenizer: Tokenizer | null = null;
  private tagName = '';
  private nameEnd = 0;

  constructor(private readonly html: string) {}

  private fail(): void {
    this.failed = true;
    this.tokenizer?.pause();
  }

  private get top(): HtmlElement {
    return this.stack[this.stack.length - 1]!;
  }

  ontext(start: number, end: number): void {
    if (!pushText(this.top, this.html.slice(start, end))) this.fail();
  }

  onopentagname(start: number, end: number): void {
    this.tagName = this.html.slice(start, end);
    this.nameEnd = end;
    if (!CANONICAL_NAME.test(this.tagName) || RAW_TEXT.has(this.tagName)) this.fail();
  }

  /** `>` of a start tag at `end`; `selfClosing` when `/>` ended it. */
  private startTag(end: number): void {
    if (this.failed) return;
    const rest = this.html.slice(this.nameEnd, end);
    if (rest.includes('<') || rest.includes('>')) return this.fail();
    const name = this.tagName;
    if (VOID.has(name)) {
      if (!rest.endsWith(' /')) return this.fail();
      this.top.children!.push({ name, attrs: rest.slice(0, -2), children: null });
    } else {
      if (rest.endsWith('/') || this.stack.length > MAX_DEPTH) return this.fail();
      const element: HtmlElement = { name, attrs: rest, children: [] };
      this.top.children!.push(element);
      this.stack.push(element);
    }
  }

  onopentagend(end: number): void {
    this.startTag(end);
  }

  onselfclosingtag(end: number): void {
    this.startTag(end);
  }

  onclosetag(start: number, end: number): void {
    // `</name>` exactly: the tokenizer reports the name and skips whatever follows it up to `>`.
    if (this.stack.length === 1 || this.top.name !== this.html.slice(start, end) || this.html.charCodeAt(end) !== GREATER) {
      return this.fail();
    }
    this.stack.pop();
  }

  // Nothing else occurs in canonical markup.
  oncomment(): void {
    this.fail();
  }
  oncdata(): void {
    this.fail();
  }
  ondeclaration(): void {
    this.fail();
  }
  onprocessinginstruction(): void {
    this.fail();
  }
  onattribname(): void {}
  onattribdata(): void {}
  onattribend(): void {}
  onattribentity(): void {}
  ontextentity(): void {}
  onend(): void {}
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

// The part of the DOM the extract stage walks, as linkedom provides it. The repo compiles
// without the DOM lib, so the stage names what it uses here instead of casting at every call.

export interface DomNode {
  nodeType: number;
  nodeName: string;
  nodeValue: string | null;
  textContent: string | null;
  parentNode: DomNode | null;
  firstChild: DomNode | null;
  nextSibling: DomNode | null;
  childNodes: ArrayLike<DomNode>;
  removeChild(child: DomNode): unknown;
  insertBefore(node: DomNode, reference: DomNode | null): unknown;
  appendChild(node: DomNode): unknown;
}

export interface DomElement extends DomNode {
  tagName: string;
  id: string;
  className: string;
  innerHTML: string;
  outerHTML: string;
  isConnected: boolean;
  parentElement: DomElement | null;
  children: ArrayLike<DomElement>;
  nextElementSibling: DomElement | null;
  previousElementSibling: DomElement | null;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  querySelector(selectors: string): DomElement | null;
  querySelectorAll(selectors: string): ArrayLike<DomElement>;
  contains(other: DomNode | null): boolean;
  remove(): void;
  cloneNode(deep: boolean): DomElement;
}

export interface DomDocument extends DomNode {
  title: string;
  body: DomElement | null;
  documentElement: DomElement | null;
  querySelector(selectors: string): DomElement | null;
  querySelectorAll(selectors: string): ArrayLike<DomElement>;
  createElement(tagName: string): DomElement;
  createTextNode(data: string): DomNode;
}

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;
/** The node and its ancestors, root first. */
function lineage(node: DomNode): DomNode[] {
  const out: DomNode[] = [];
  for (let n: DomNode | null = node; n !== null; n = n.parentNode) out.unshift(n);
  return out;
}

/**
 * True when `b` comes after `a` in document order and is not inside it. (linkedom 0.18's
 * compareDocumentPosition answers the other way round for following nodes, so not that.)
 */
export function follows(a: DomElement, b: DomElement): boolean {
  const pa = lineage(a);
  const pb = lineage(b);
  let i = 0;
  while (i < pa.length && i < pb.length && pa[i] === pb[i]) i++;
  if (i === 0 || i === pa.length || i === pb.length) return false; // unrelated, or one holds the other
  const siblings = Array.from(pa[i - 1]!.childNodes);
  return siblings.indexOf(pa[i]!) < siblings.indexOf(pb[i]!);
}

/** Elements matching a selector, or none when the selector is not valid CSS (site rules are user data). */
export function selectAll(root: DomDocument | DomElement, selector: string): DomElement[] {
  try {
    return Array.from(root.querySelectorAll(selector));
  } catch {
    return [];
  }
}

/** Elements never read as text: scripts, styles and the like. */
export const NON_TEXT_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'OBJECT', 'EMBED', 'SVG', 'CANVAS', 'SELECT', 'TEXTAREA', 'BUTTON', 'INPUT']);

/** Inline elements: their text belongs to the block around them. */
export const INLINE_TAGS = new Set(
  'A ABBR B BDI BDO BIG CITE CODE DATA DEL DFN EM FONT I INS KBD LABEL MARK NOBR Q S SAMP SMALL SPAN STRIKE STRONG SUB SUP TIME TT U VAR WBR'.split(' '),
);

/** Hidden by markup or inline style: display:none, visibility:hidden, the hidden attribute. */
export function isHidden(el: DomElement): boolean {
  if (el.hasAttribute('hidden')) return true;
  const style = el.getAttribute('style');
  return style !== null && /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b/iu.test(style);
}

/**
 * Walks a subtree in document order, skipping scripts, styles and the like: `onText` gets each
 * text node's value, `onBlockEdge` is called where a block element starts and ends.
 */
export function walkVisibleText(node: DomNode, onText: (text: string) => void, onBlockEdge: () => void = () => {}): void {
  if (node.nodeType === TEXT_NODE) {
    onText(node.nodeValue ?? '');
    return;
  }
  if (node.nodeType !== ELEMENT_NODE) return;
  const tag = (node as DomElement).tagName;
  if (NON_TEXT_TAGS.has(tag)) return;
  const block = !INLINE_TAGS.has(tag);
  if (block) onBlockEdge();
  for (let c = node.firstChild; c !== null; c = c.nextSibling) walkVisibleText(c, onText, onBlockEdge);
  if (block) onBlockEdge();
}

/** Text of a subtree without scripts and styles, with <br> and block boundaries as spaces. */
export function visibleText(node: DomNode): string {
  const parts: string[] = [];
  walkVisibleText(
    node,
    (text) => parts.push(text),
    () => parts.push(' '),
  );
  return parts.join('').replace(/\s+/gu, ' ').trim();
}

/**
 * Element removals that can be undone: the Chinese clutter rules clear a page for the body
 * finder, and Readability then reads the same document as it was, instead of a second parse.
 */
export class Removals {
  private readonly undo: Array<{ element: DomElement; parent: DomNode; next: DomNode | null }> = [];

  remove(element: DomElement): void {
    const parent = element.parentNode;
    if (parent === null) return;
    this.undo.push({ element, parent, next: element.nextSibling });
    element.remove();
  }

  /** Puts every removed element back where it was, last removed first (so each one's old neighbours are back before it). */
  restore(): void {
    for (let i = this.undo.length - 1; i >= 0; i--) {
      const { element, parent, next } = this.undo[i]!;
      parent.insertBefore(element, next);
    }
    this.undo.length = 0;
  }
}

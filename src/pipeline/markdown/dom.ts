// The slice of the DOM (domino's, which turndown uses in Node) that our rules touch, and the
// few tree questions they ask. Typed here because the project compiles without the DOM lib.

export interface DomNode {
  nodeType: number;
  nodeName: string;
  parentNode: DomNode | null;
  childNodes: ArrayLike<DomNode>;
  firstChild: DomNode | null;
  lastChild: DomNode | null;
  previousSibling: DomNode | null;
  nextSibling: DomNode | null;
  textContent: string | null;
  /** Text and comment nodes only. */
  data?: string;
  getAttribute?(name: string): string | null;
  getElementsByTagName?(name: string): ArrayLike<DomNode>;
  removeChild(child: DomNode): DomNode;
  appendChild(child: DomNode): DomNode;
  cloneNode(deep?: boolean): DomNode;
}

export const TEXT_NODE = 3;
export const ELEMENT_NODE = 1;

/** Elements that start a new block (turndown's list, plus the ones it forgets). */
const BLOCK_ELEMENTS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'AUDIO', 'BLOCKQUOTE', 'BODY', 'CANVAS', 'CAPTION', 'CENTER', 'DD',
  'DETAILS', 'DIR', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'FRAMESET',
  'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HGROUP', 'HR', 'HTML', 'LI', 'MAIN', 'MENU', 'NAV',
  'NOFRAMES', 'NOSCRIPT', 'OL', 'OUTPUT', 'P', 'PRE', 'SECTION', 'SUMMARY', 'TABLE', 'TBODY', 'TD',
  'TFOOT', 'TH', 'THEAD', 'TR', 'UL', 'VIDEO',
]);

export function isBlockElement(node: DomNode): boolean {
  return node.nodeType === ELEMENT_NODE && BLOCK_ELEMENTS.has(node.nodeName);
}

export function attribute(node: DomNode, name: string): string {
  return (node.getAttribute && node.getAttribute(name)) || '';
}

/** The nearest ancestor with the given tag name, or null. */
export function closest(node: DomNode, nodeName: string): DomNode | null {
  for (let n = node.parentNode; n; n = n.parentNode) if (n.nodeName === nodeName) return n;
  return null;
}

/** Whether the subtree has an element with this tag name. */
export function contains(node: DomNode, tagName: string): boolean {
  return !!node.getElementsByTagName && node.getElementsByTagName(tagName).length > 0;
}

/** The element children of a node. */
export function elementChildren(node: DomNode): DomNode[] {
  const out: DomNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.nodeType === ELEMENT_NODE) out.push(c);
  return out;
}

/** Text of a <pre>: like textContent, but <br> is a newline (some CMS write code that way). */
export function preformattedText(node: DomNode): string {
  let out = '';
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === TEXT_NODE) out += c.data ?? '';
    else if (c.nodeName === 'BR') out += '\n';
    else if (c.nodeType === ELEMENT_NODE) {
      const isLine = c.nodeName === 'DIV' || c.nodeName === 'P';
      if (isLine && out && !out.endsWith('\n')) out += '\n';
      out += preformattedText(c);
      if (isLine && !out.endsWith('\n')) out += '\n';
    }
  }
  return out;
}

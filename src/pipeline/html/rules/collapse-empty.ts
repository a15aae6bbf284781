// Rule collapseEmpty: blank paragraphs and runs of line breaks removed.
//
// - `<p>` and `<div>` showing nothing (only whitespace, `&nbsp;`, `<br>`, empty inline elements)
//   are removed; links and inline wrappers showing nothing (a link left empty by dropPixels) are
//   unwrapped, so whitespace between words stays;
// - runs of more than two `<br>` (with only whitespace between) keep two: one paragraph break;
// - `<br>` at the start or end of a block is removed.
// Applied bottom-up, children before parents, so a block emptied by these rules goes too and one
// pass reaches the fixed point. Not inside `<pre>`, where line breaks are the content.
import { BLANK_TEXT, isBlankText, isElement, type HtmlElement, type HtmlNode } from '../tree.ts';

/** Elements that show something without any text. */
const CONTENT_ELEMENTS = new Set(['img', 'picture', 'video', 'audio', 'hr', 'table']);
const REMOVED_WHEN_BLANK = new Set(['p', 'div']);
const UNWRAPPED_WHEN_BLANK = new Set(['a', 'span', 'b', 'strong', 'i', 'em', 'u', 'small']);
/** Blocks (and the fragment itself, named '') whose leading and trailing `<br>` are trimmed. */
const TRIMMED = new Set([
  '', 'p', 'div', 'li', 'dd', 'dt', 'td', 'th', 'caption', 'blockquote', 'figure', 'figcaption', 'h1', 'h2', 'h3', 'h4',
  'h5', 'h6', 'section', 'article', 'header', 'footer', 'aside', 'main', 'nav', 'address', 'details', 'summary',
]);

/** Whether nodes show anything; remembered per element, valid once the element has been tidied. */
export class Visibility {
  private readonly known = new WeakMap<HtmlElement, boolean>();

  shows(node: HtmlNode): boolean {
    if (typeof node === 'string') return !BLANK_TEXT.test(node);
    let shows = this.known.get(node);
    if (shows === undefined) {
      shows = CONTENT_ELEMENTS.has(node.name) || (node.children !== null && node.children.some((child) => this.shows(child)));
      this.known.set(node, shows);
    }
    return shows;
  }
}

/** Removes blank paragraphs and unwraps blank inline elements among an element's children; true when it did. */
export function removeBlankChildren(element: HtmlElement, visibility: Visibility): boolean {
  const children = element.children;
  if (children === null || element.name === 'pre') return false;
  let changed = false;
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    if (typeof child === 'string' || visibility.shows(child)) continue;
    if (REMOVED_WHEN_BLANK.has(child.name)) {
      children.splice(i--, 1);
      changed = true;
    } else if (UNWRAPPED_WHEN_BLANK.has(child.name) && child.children !== null) {
      children.splice(i, 1, ...child.children);
      i += child.children.length - 1;
      changed = true;
    }
  }
  return changed;
}

/** Keeps at most two `<br>` in a row (whitespace between them does not break a run); true when it removed some. */
export function collapseBreakRuns(element: HtmlElement): boolean {
  const children = element.children;
  if (children === null || element.name === 'pre') return false;
  let run = 0;
  let changed = false;
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    if (isBlankText(child)) continue;
    if (!isElement(child, 'br')) {
      run = 0;
    } else if (++run > 2) {
      children.splice(i--, 1);
      changed = true;
    }
  }
  return changed;
}

/** Removes `<br>` at the start and end of a block; true when it did. */
export function trimBreaks(element: HtmlElement): boolean {
  const children = element.children;
  if (children === null || !TRIMMED.has(element.name)) return false;
  let changed = false;
  for (let i = 0; i < children.length; i++) {
    if (isBlankText(children[i])) continue;
    if (!isElement(children[i], 'br')) break;
    children.splice(i--, 1);
    changed = true;
  }
  for (let i = children.length - 1; i >= 0; i--) {
    if (isBlankText(children[i])) continue;
    if (!isElement(children[i], 'br')) break;
    children.splice(i, 1);
    changed = true;
  }
  return changed;
}

// Line structure. turndown turns every newline in the text into a space, which puts a space
// between CJK characters that the page never showed (CSS Text 3 drops a segment break between
// two wide characters) and loses the lines of feeds whose paragraphs are written one sentence or
// credit per line ("整理：…\n编辑：…"). So before turndown sees the DOM, each whitespace run that
// holds a newline inside running text becomes a SOFT_BREAK marker, and <br> becomes a HARD_BREAK
// marker. Once a block's Markdown is known they become:
//
// - a newline (soft) or a backslash hard break (`\` + newline, not two trailing spaces, so that
//   trailing whitespace can be trimmed) inside a paragraph;
// - nothing at the start or end of a line: a <br> that ends a paragraph, or the indentation of
//   pretty-printed HTML;
// - a space in headings and table cells, where Markdown has no line breaks (and nothing for a
//   soft break between two wide characters).
//
// The text a new line break puts at the start of a line is escaped as a line start (resolveBreaks).
// The same walk over the DOM merges adjacent twin formatting elements (<em>b</em><em>y</em>), whose
// delimiters would otherwise run together (`*b**y*`).
import { ELEMENT_NODE, TEXT_NODE, isBlockElement, type DomNode } from './dom.ts';
import { HARD_BREAK, MARKER_CHARS, SOFT_BREAK, isWideChar } from './escape.ts';

const NEWLINE_RUN = /[ \t\r\n\f]*[\r\n][ \t\r\n\f]*/g;
const NEEDS_MARKING = /[\r\n\uFDD0-\uFDD2]/;
const VERBATIM = new Set(['PRE', 'CODE', 'KBD', 'SAMP', 'TT', 'TEXTAREA', 'SCRIPT', 'STYLE']);

/** Replaces newline runs in running text with SOFT_BREAK, strips marker characters from the input, merges twin elements. */
export function markSoftBreaks(root: DomNode): void {
  markChildren(root, false);
}

function markChildren(parent: DomNode, verbatim: boolean): void {
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === TEXT_NODE) {
      const data = node.data ?? '';
      if (!NEEDS_MARKING.test(data)) continue;
      let text = data.replace(MARKER_CHARS, '');
      if (!verbatim) text = markText(text, node, parent);
      if (text !== data) node.data = text;
    } else if (node.nodeType === ELEMENT_NODE) {
      if (MERGEABLE.has(node.nodeName)) mergeFollowing(node);
      markChildren(node, verbatim || VERBATIM.has(node.nodeName));
    }
  }
}

/** Formatting that reads the same when two adjacent elements become one (and would not parse as two: `*b**y*`). */
const MERGEABLE = new Set(['EM', 'I', 'STRONG', 'B', 'DEL', 'S', 'STRIKE', 'CODE']);

/** Moves the children of the directly following elements of the same name into `node`. */
function mergeFollowing(node: DomNode): void {
  for (let next = node.nextSibling; next && next.nodeName === node.nodeName; next = node.nextSibling) {
    while (next.firstChild) node.appendChild(next.firstChild);
    node.parentNode?.removeChild(next);
  }
}

/** Whether whitespace at this edge of a text node is at a line edge (block or <br> beside it). */
function isBoundary(sibling: DomNode | null, parent: DomNode): boolean {
  if (sibling) return isBlockElement(sibling) || sibling.nodeName === 'BR';
  return isBlockElement(parent) || parent.parentNode === null;
}

function markText(text: string, node: DomNode, parent: DomNode): string {
  return text.replace(NEWLINE_RUN, (run: string, offset: number) => {
    const atStart = offset === 0;
    const atEnd = offset + run.length === text.length;
    // Whitespace beside a block or <br> is layout, not text: leave it for turndown to collapse.
    if (atStart && isBoundary(node.previousSibling, parent)) return run;
    if (atEnd && isBoundary(node.nextSibling, parent)) return run;
    return SOFT_BREAK;
  });
}

/** Breaks with the spaces around them; an ideographic space counts only between two breaks (a blank line). */
const BREAK_RUN = /[ \t\u00a0]*[\uFDD0\uFDD1](?:[ \t\u00a0\u3000]*[\uFDD0\uFDD1])*[ \t\u00a0]*/g;
/** What is left of a line after a break that ends it. */
const REST_OF_LINE_BLANK = /[ \t\u00a0\u3000]*(?:\n|$)/y;
/**
 * Block syntax that the text after a new line break may start with (a table's delimiter row too:
 * `a|b` over `-|-` is a table). The text node's own escaping
 * only sees its start, and a break may fall mid-node, or just before a node that starts with spaces.
 */
const LINE_SYNTAX =
  /(?:(#{1,6}(?=[ \t\u00a0\u3000\n\uFDD0\uFDD1]|$)|[-+](?=[ \t\u00a0\u3000\n\uFDD0\uFDD1|:-]|$)|=+(?=[ \t\u00a0\u3000]*(?:[\n\uFDD0\uFDD1]|$))|>|[|:](?=[ \t]*:?-))|(\d{1,9})([.)])(?=[ \t\u00a0\u3000\n\uFDD0\uFDD1]|$))/y;

/** Turns break markers into Markdown line breaks (for paragraph-like content), escaping what follows as a line start. */
export function resolveBreaks(markdown: string): string {
  if (!markdown.includes(SOFT_BREAK) && !markdown.includes(HARD_BREAK)) return markdown;
  let out = '';
  let last = 0;
  BREAK_RUN.lastIndex = 0;
  for (let m = BREAK_RUN.exec(markdown); m; m = BREAK_RUN.exec(markdown)) {
    const offset = m.index;
    const end = offset + m[0].length;
    out += markdown.slice(last, offset);
    last = end;
    // At the start or end of a line a break is layout (a <br> ending a paragraph, indentation): nothing.
    REST_OF_LINE_BLANK.lastIndex = end;
    if (REST_OF_LINE_BLANK.test(markdown)) continue;
    if (offset > 0 && markdown[offset - 1] !== '\n') {
      let hard = 0;
      for (const ch of m[0]) if (ch === HARD_BREAK) hard++;
      out += hard ? '\\\n'.repeat(hard) : '\n';
    }
    // Either way, what follows now starts a line.
    LINE_SYNTAX.lastIndex = end;
    const syntax = LINE_SYNTAX.exec(markdown);
    if (syntax?.[1]) out += '\\';
    else if (syntax) {
      out += `${syntax[2]}\\${syntax[3]}`;
      last = end + syntax[0].length;
    }
  }
  return out + markdown.slice(last);
}

/** Flattens content to one line (headings, table cells): breaks and newlines become spaces, or nothing between wide characters. */
export function flattenBreaks(markdown: string): string {
  // `\\?` takes the backslash of a hard break that nested content already resolved.
  return markdown.replace(/[ \t\u00a0]*(?:\\?\n|[\uFDD0\uFDD1])(?:[ \t\u00a0\uFDD0\uFDD1]|\\?\n)*/g, (run: string, offset: number, whole: string) => {
    const end = offset + run.length;
    if (offset === 0 || end === whole.length) return '';
    if (/^[ \t\u00a0\uFDD0]+$/.test(run) && isWideChar(whole[offset - 1]) && isWideChar(whole[end])) return '';
    return ' ';
  });
}

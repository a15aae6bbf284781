// Rules for block elements: headings, lists, quotes, code blocks, figures, rules, and the
// blocks turndown does not know (details, summary, dt, dd).
import type TurndownService from 'turndown';
import { attribute, elementChildren, preformattedText, type DomNode } from './dom.ts';
import { flattenBreaks, resolveBreaks } from './breaks.ts';
import { CODE_SLOT } from './escape.ts';
import { codeSpan, wrapDelimited } from './inline-rules.ts';
import { state } from './state.ts';
import { isDataTableCell } from './table-rule.ts';

const block = (markdown: string): string => (markdown ? `\n\n${markdown}\n\n` : '');
const trimNewlines = (s: string): string => s.replace(/^\n+/, '').replace(/\n+$/, '');

export const headingRule: TurndownService.Rule = {
  filter: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'],
  replacement(content: string, element: unknown) {
    const level = Number((element as DomNode).nodeName.charAt(1));
    // One line: breaks become spaces; a closing run of #s after a space would be eaten as the closing sequence.
    const text = flattenBreaks(content.trim()).trim().replace(/(\s)(#+)$/, '$1\\$2');
    return text ? block(`${'#'.repeat(level)} ${text}`) : '';
  },
};

export const listRule: TurndownService.Rule = {
  // <dir> is obsolete, so the DOM typings (loaded when jsdom's types are) do not name it.
  filter: ['ul', 'ol', 'menu', 'dir'] as TurndownService.Filter,
  replacement(content: string, element: unknown) {
    const node = element as DomNode;
    // A list that ends its item stays tight: no blank line between the item's text and it. But an
    // ordered list may interrupt a paragraph only when it starts at 1 (CommonMark 5.3).
    const start = node.nodeName === 'OL' ? Number.parseInt(attribute(node, 'start'), 10) : 1;
    const canInterrupt = !Number.isFinite(start) || start === 1;
    if (canInterrupt && node.parentNode?.nodeName === 'LI' && isLastContent(node)) return `\n${trimNewlines(content)}\n`;
    return block(trimNewlines(content));
  },
};

function isLastContent(node: DomNode): boolean {
  for (let s = node.nextSibling; s; s = s.nextSibling) {
    if (s.nodeType === 1 || /\S/.test(s.textContent ?? '')) return false;
  }
  return true;
}

/** Indents every non-empty line after the first by `width` spaces. */
function indent(markdown: string, width: number): string {
  return markdown.replace(/\n(?=[^\n])/g, `\n${' '.repeat(width)}`);
}

export const listItemRule: TurndownService.Rule = {
  filter: 'li',
  replacement(content: string, element: unknown) {
    const node = element as DomNode;
    const body = trimNewlines(resolveBreaks(content)).replace(/^[ \t]+/, '');
    if (!body) return '';
    let marker = '-';
    const list = node.parentNode;
    if (list?.nodeName === 'OL') {
      const start = Number.parseInt(attribute(list, 'start'), 10);
      let index = 0;
      for (let s = node.previousSibling; s; s = s.previousSibling) if (s.nodeName === 'LI') index++;
      const n = (Number.isFinite(start) ? start : 1) + index;
      marker = `${Math.min(Math.max(n, 0), 999_999_999)}.`;
    }
    return `${marker} ${indent(body, marker.length + 1)}\n`;
  },
};

export const blockquoteRule: TurndownService.Rule = {
  filter: ['blockquote'],
  replacement(content: string) {
    const body = trimNewlines(resolveBreaks(content));
    if (!body.trim()) return '';
    return block(body.replace(/^/gm, '> ').replace(/^> $/gm, '>'));
  },
};

/** Fenced code block; the language comes from `class="language-x"` (or `lang-x`) on <pre> or its <code>. */
export const preRule: TurndownService.Rule = {
  filter: 'pre',
  replacement(_content: string, element: unknown) {
    const node = element as DomNode;
    const code = preformattedText(node).replace(/\n+$/, '');
    if (!code.trim()) return '';
    if (isDataTableCell(node) || insideHeading(node)) return block(codeSpan(code)); // a cell or heading is one line
    const code0 = elementChildren(node)[0];
    const classes = `${attribute(node, 'class')} ${code0 && code0.nodeName === 'CODE' ? attribute(code0, 'class') : ''}`;
    const language = /(?:^|\s)(?:language|lang)-([\w+#.-]+)/.exec(classes)?.[1] ?? '';
    let longest = 0;
    for (const run of code.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
    const fence = '`'.repeat(Math.max(3, longest + 1));
    const slot = state().codeBlocks.push(code) - 1;
    return block(`${fence}${language}\n${CODE_SLOT}${slot}${CODE_SLOT}\n${fence}`);
  },
};

function insideHeading(node: DomNode): boolean {
  for (let n = node.parentNode; n; n = n.parentNode) if (/^H[1-6]$/.test(n.nodeName)) return true;
  return false;
}

/** Puts code block contents back, each line with the container prefix of its placeholder line. */
export function restoreCodeBlocks(markdown: string, codeBlocks: string[]): string {
  if (codeBlocks.length === 0) return markdown;
  return markdown
    .replace(/^(.*?)\uFDD2(\d+)\uFDD2$/gm, (_m, prefix: string, index: string) => {
      const code = codeBlocks[Number(index)] ?? '';
      const blankPrefix = prefix.trimEnd();
      return code.split('\n').map((line) => (line ? prefix + line : blankPrefix)).join('\n');
    })
    // A placeholder that some rule pulled into a line of text (a <pre> inside inline markup) becomes a code span.
    .replace(/\uFDD2(\d+)\uFDD2/g, (_m, index: string) => codeSpan(codeBlocks[Number(index)] ?? ''));
}

export const horizontalRuleRule: TurndownService.Rule = {
  filter: 'hr',
  replacement: () => block('---'),
};

/** Caption text in italics, on its own line(s). */
function captionMarkdown(content: string): string {
  const text = trimNewlines(content.trim());
  if (!text) return '';
  // Already one emphasis (<figcaption><em>…</em></figcaption>): wrapping again would make it bold.
  if (/^\*[^*][\s\S]*[^*\\]\*$/.test(text) && !text.slice(1, -1).includes('*')) return text;
  // Emphasis inside would merge with a `*` around it; `_` works at a paragraph's edges whatever the text.
  const delimiter = /(?:^|[^\\])(?:\\\\)*\*/.test(text) ? '_' : '*';
  return wrapDelimited(text, delimiter, () => ' ', () => ' ');
}

/** <figure>: its image (or whatever it holds), then the caption in italics, wherever the caption stood. */
export const figureRule: TurndownService.Rule = {
  filter: 'figure',
  replacement(content: string, element: unknown) {
    const caption = state().captions.get(element as DomNode) ?? '';
    const body = trimNewlines(content.trim());
    return block([body, caption].filter(Boolean).join('\n\n'));
  },
};

export const figcaptionRule: TurndownService.Rule = {
  filter: 'figcaption',
  replacement(content: string, element: unknown) {
    const node = element as DomNode;
    const caption = captionMarkdown(content);
    const figure = node.parentNode;
    if (figure?.nodeName === 'FIGURE' && !state().captions.has(figure)) {
      state().captions.set(figure, caption);
      return '';
    }
    return block(caption);
  },
};

/** Blocks turndown treats as inline, and definition lists: plain paragraphs, so their text stays apart. */
export const plainBlockRule: TurndownService.Rule = {
  filter: ['details', 'summary', 'dl', 'dt', 'dd', 'address', 'hgroup'],
  replacement: (content: string) => block(trimNewlines(content.trim())),
};

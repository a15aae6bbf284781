// HTML → GitHub-Flavoured Markdown. The conversion is turndown's (the most used HTML→Markdown
// library, with domino as its DOM in Node); the rules are ours, because turndown's defaults and
// its GFM plugins fall short on exactly what news articles need:
//
// - line structure: source newlines and <br> survive as line breaks, CJK text gains no spaces (breaks.ts);
// - emphasis next to CJK punctuation still parses (inline-rules.ts);
// - tables are always pipe tables, never raw HTML (table-rule.ts);
// - <figure> is the image then its caption in italics; code blocks are fenced with their language;
// - text can never turn into raw HTML, an entity or syntax (escape.ts); nothing but the
//   autolinks we write starts with `<`;
// - empty links and images without a source disappear; relative URLs resolve against baseUrl;
// - blank lines are collapsed and trailing whitespace trimmed, except inside code blocks.
import domino from '@mixmark-io/domino';
import { decodeHTML } from 'entities';
import TurndownService from 'turndown';
import { resolveBreaks, markSoftBreaks } from './breaks.ts';
import {
  blockquoteRule, figcaptionRule, figureRule, headingRule, horizontalRuleRule, listItemRule, listRule, plainBlockRule,
  preRule, restoreCodeBlocks,
} from './block-rules.ts';
import type { DomNode } from './dom.ts';
import { escapeText } from './escape.ts';
import {
  codeRule, emphasisRule, imageRule, lineBreakRule, linkRule, strikethroughRule, strongRule,
} from './inline-rules.ts';
import { createState, withState, type ConversionState } from './state.ts';
import { tableCaptionRule, tableCellRule, tableColumnsRule, tablePartRule, tableRule } from './table-rule.ts';

export interface HtmlToMarkdownOptions {
  /** Base for any relative URL left in the HTML. */
  baseUrl?: string | null;
}

/** Elements whose content is never article text (the sanitizer drops them already; this is the second fence). */
const NOT_TEXT = [
  'script', 'style', 'template', 'noscript', 'iframe', 'object', 'embed', 'svg', 'canvas',
  'select', 'textarea', 'button', 'input', 'head', 'title', 'meta', 'link',
] as TurndownService.Filter;

const RULES: Record<string, TurndownService.Rule> = {
  lineBreak: lineBreakRule,
  heading: headingRule,
  list: listRule,
  listItem: listItemRule,
  blockquote: blockquoteRule,
  pre: preRule,
  horizontalRule: horizontalRuleRule,
  figure: figureRule,
  figcaption: figcaptionRule,
  plainBlock: plainBlockRule,
  table: tableRule,
  tablePart: tablePartRule,
  tableCell: tableCellRule,
  tableCaption: tableCaptionRule,
  tableColumns: tableColumnsRule,
  link: linkRule,
  image: imageRule,
  code: codeRule,
  emphasis: emphasisRule,
  strong: strongRule,
  strikethrough: strikethroughRule,
};

function createService(): TurndownService {
  const service = new TurndownService({
    headingStyle: 'atx',
    hr: '---',
    bulletListMarker: '-',
    codeBlockStyle: 'fenced',
    emDelimiter: '*',
    strongDelimiter: '**',
    linkStyle: 'inlined',
  });
  service.escape = escapeText;
  service.remove(NOT_TEXT);
  for (const [key, rule] of Object.entries(RULES)) service.addRule(key, rule);
  return service;
}

let service: TurndownService | null = null;

/** Converts sanitized article HTML to GFM. Never throws; CJK text gains no stray spaces and keeps its line structure. */
export function htmlToMarkdown(html: string, options: HtmlToMarkdownOptions = {}): string {
  if (typeof html !== 'string' || !/\S/.test(html)) return '';
  try {
    return convertHtmlToMarkdown(html, options?.baseUrl ?? null);
  } catch {
    return plainTextFallback(html);
  }
}

/**
 * Deeper nesting than any article has: beyond it the HTML parser slows down quadratically and
 * turndown's recursion runs out of stack (near 2000), so such input gets the plain-text fallback.
 */
const MAX_DEPTH = 1000;
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*>/g;
/** Elements that never nest or that the parser closes by itself when a sibling starts. */
const NOT_NESTING = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr',
  'p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option',
]);

function nestsDeeperThan(html: string, limit: number): boolean {
  if (html.length < limit * 3) return false; // too short to hold that many tags
  let depth = 0;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(html); m; m = TAG.exec(html)) {
    if (NOT_NESTING.has(m[2].toLowerCase()) || m[0].endsWith('/>')) continue;
    if (m[1]) depth = Math.max(0, depth - 1);
    else if (++depth > limit) return true;
  }
  return false;
}

/** The conversion itself, which may throw on a converter bug; exported for the tests that prove it does not. */
export function convertHtmlToMarkdown(html: string, baseUrl: string | null = null): string {
  if (nestsDeeperThan(html, MAX_DEPTH)) return plainTextFallback(html);
  const body = domino.createDocument(html).body as DomNode | null;
  if (!body) return '';
  markSoftBreaks(body);
  // turndown deep-copies the element it is given; this tree is ours and thrown away, so skip the copy.
  Object.defineProperty(body, 'cloneNode', { value: () => body });
  const state = createState(baseUrl);
  service ??= createService();
  const converter = service;
  const raw = withState(state, () => converter.turndown(body as unknown as TurndownService.Node));
  return finish(raw, state);
}

function finish(raw: string, state: ConversionState): string {
  const markdown = resolveBreaks(raw)
    .replace(/[ \t\u00a0\u3000]+$/gm, '')
    // A hard break left at the end of a paragraph (its line emptied by the trim) would show as "\".
    .replace(/(\\+)\n(?=\n|$)/g, (m, slashes: string) => (slashes.length % 2 ? `${slashes.slice(1)}\n` : m))
    .replace(/\n{3,}/g, '\n\n');
  return restoreCodeBlocks(markdown, state.codeBlocks).replace(/^\n+|\n+$/g, '');
}

/** Last resort if the converter fails on some input: the visible text, escaped, one paragraph per block. */
function plainTextFallback(html: string): string {
  try {
    const text = decodeHTML(
      html
        .replace(/<(script|style|template|noscript)\b[\s\S]*?<\/\1\s*>/gi, '')
        .replace(/<\/?(?:p|div|br|li|h[1-6]|tr|blockquote|pre|figure|section|article|table)\b[^>]*>/gi, '\n\n')
        .replace(/<[^>]*>/g, ''),
    );
    return text
      .split(/\n\s*\n/)
      .map((block) => escapeText(block.replace(/\s+/g, ' ').trim()))
      .filter(Boolean)
      .join('\n\n');
  } catch {
    return '';
  }
}

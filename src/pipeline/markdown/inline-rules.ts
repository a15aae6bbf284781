// Rules for inline elements: emphasis, strikethrough, links, images, code, <br>.
//
// Emphasis is where CJK text breaks naive converters. CommonMark only lets `**` open when it is
// followed by a non-punctuation character or preceded by whitespace/punctuation, so
// `中文**「引语」**中文` renders with literal asterisks (full-width 「」 are punctuation, 中/文 are
// not). Adding spaces around the delimiters would fix the parse and put stray spaces in the text,
// so instead, when a delimiter could not flank, the punctuation at the edge moves outside it
// (`中文「**引语**」中文`); if the edge is Markdown syntax that cannot move (a link, an image, code)
// the emphasis is dropped and the text kept. The same holds for `~~`. Two more cases drop it: right
// after a delimiter of the same character (the runs would merge), and, inside another `*`
// emphasis, a delimiter that could both open and close (it could close the outer one).
import type TurndownService from 'turndown';
import { ELEMENT_NODE, TEXT_NODE, attribute, isBlockElement, preformattedText, type DomNode } from './dom.ts';
import {
  HARD_BREAK, escapeDestination, escapeInline, escapeText, escapeTitle, isPunctuationAny, isPunctuationNeighbour, isWhitespace,
} from './escape.ts';
import { resolveUrl, state } from './state.ts';

type CharProbe = () => string;
const LINE_EDGE: CharProbe = () => ' ';

const EDGE_SPACE_START = /^[\s\uFDD0\uFDD1]*/;
const EDGE_SPACE_END = /[\s\uFDD0\uFDD1]*$/;
const HAS_TEXT = /[^\s\uFDD0\uFDD1]/;
/** A line of Markdown that is a block of its own (fence, code slot, table row, thematic break). */
const STRUCTURAL_LINE = /^\s*(?:```|~~~|\uFDD2|\||---\s*$)/;
/** Container prefixes at the start of a line: indentation, quote markers, list markers, heading marks. */
const LINE_PREFIX = /^(?:[ \t]*(?:>|[-+]|\d{1,9}[.)]|#{1,6})(?=[ \t])[ \t]*)*[ \t]*/;

/**
 * Applies `wrap` to each line of inline Markdown, after its container prefixes: content that
 * held blocks (a link around a heading, <strong> around paragraphs) is wrapped line by line,
 * because a delimiter or link cannot span blocks.
 */
function mapLines(content: string, wrap: (line: string, before: CharProbe, after: CharProbe) => string,
  before: CharProbe, after: CharProbe): string {
  if (!content.includes('\n')) return wrap(content, before, after);
  const lines = content.split('\n');
  let first = -1;
  let last = -1;
  lines.forEach((line, i) => {
    if (HAS_TEXT.test(line)) {
      if (first < 0) first = i;
      last = i;
    }
  });
  return lines.map((line, i) => {
    if (!HAS_TEXT.test(line) || STRUCTURAL_LINE.test(line)) return line;
    const prefix = LINE_PREFIX.exec(line)![0];
    return prefix + wrap(line.slice(prefix.length), prefix || i !== first ? LINE_EDGE : before, i === last ? after : LINE_EDGE);
  }).join('\n');
}

function isEscaped(text: string, index: number): boolean {
  let slashes = 0;
  for (let i = index - 1; i >= 0 && text[i] === '\\'; i--) slashes++;
  return slashes % 2 === 1;
}

/** Whether a delimiter made of `mark` can open right before `core` wherever it stands. */
function opensAnywhere(core: string, mark: string): boolean {
  let i = 0;
  while (core[i] === mark) i++; // a nested delimiter run merges with ours; what follows it counts
  const ch = core[i] ?? '';
  return !isWhitespace(ch) && !isPunctuationAny(ch);
}

function closesAnywhere(core: string, mark: string): boolean {
  let j = core.length;
  while (j > 0 && core[j - 1] === mark && !isEscaped(core, j - 1)) j--;
  if (j === 0 || isEscaped(core, j - 1)) return false; // an escaped character is ASCII punctuation
  const ch = core[j - 1];
  return !isWhitespace(ch) && !isPunctuationAny(ch);
}

/** Length of the text punctuation at the start of `core` that may move outside a delimiter. */
function movableStart(core: string): number {
  let i = 0;
  while (i < core.length) {
    const ch = core[i];
    if (ch === '\\' && i + 1 < core.length && /[!-/:-@[-`{-~]/.test(core[i + 1])) i += 2;
    else if (ch === '!' && core[i + 1] !== '[') i++;
    else if (isPunctuationAny(ch) && !'[`*_~<!\\'.includes(ch)) i++;
    else break;
  }
  return i;
}

/** Start index of the text punctuation at the end of `core` that may move outside a delimiter. */
function movableEnd(core: string): number {
  let j = core.length;
  while (j > 0) {
    const ch = core[j - 1];
    if (j > 1 && isEscaped(core, j - 1)) j -= 2;
    else if (isPunctuationAny(ch) && !')]>`*_~\\'.includes(ch)) j--;
    else break;
  }
  return j;
}

/** Wraps one line of inline Markdown in `delimiter` so that it parses as emphasis where it stands. */
function wrapDelimitedLine(line: string, delimiter: string, before: CharProbe, after: CharProbe, nested: Nesting): string {
  const lead = EDGE_SPACE_START.exec(line)![0];
  const trail = EDGE_SPACE_END.exec(line.slice(lead.length))![0];
  let core = line.slice(lead.length, line.length - trail.length);
  if (!core) return line;
  const mark = delimiter[0];
  const b = lead ? ' ' : before();
  let outerLead = '';
  let outerTrail = '';
  // Right after a delimiter of the same character (`<i>A</i><sup><i>n</i></sup>`) the two runs would
  // merge into one (`*A**n*`): the text stays, this emphasis goes.
  if (b === mark) return line;
  // Punctuation outside lets a delimiter next to punctuation inside flank, but such a delimiter can
  // both open and close; inside another `*` emphasis it could close that one. So nested, only
  // whitespace outside will do, unless the delimiter stands against the outer one's (`***x：***`).
  if (!opensAnywhere(core, mark) && !isWhitespace(b) && (nested.before || !isPunctuationNeighbour(b))) {
    const n = movableStart(core);
    outerLead = core.slice(0, n);
    core = core.slice(n);
    if (!core || !opensAnywhere(core, mark)) return line;
  }
  if (!closesAnywhere(core, mark)) {
    const a = trail ? ' ' : after();
    if (!isWhitespace(a) && (nested.after || !isPunctuationNeighbour(a))) {
      const n = movableEnd(core);
      outerTrail = core.slice(n);
      core = core.slice(0, n);
      if (!core || !closesAnywhere(core, mark)) return line;
    }
  }
  return lead + outerLead + delimiter + core + delimiter + outerTrail + trail;
}

/** Wraps inline Markdown in an emphasis-like delimiter, line by line, CJK-safe (see the top of the file). */
/** Whether each delimiter stands inside another `*` emphasis, away from that one's own delimiter. */
interface Nesting {
  before: boolean;
  after: boolean;
}
const NOT_NESTED: Nesting = { before: false, after: false };

export function wrapDelimited(content: string, delimiter: string, before: CharProbe, after: CharProbe, nested = NOT_NESTED): string {
  if (!HAS_TEXT.test(content)) return content;
  return mapLines(content, (line, b, a) => wrapDelimitedLine(line, delimiter, b, a, nested), before, after);
}

// What the Markdown next to an element starts or ends with. Elements before it were converted
// already (turndown goes through siblings in order), and the inline rules record their output;
// elements after it are predicted from the DOM. Unsure answers lean to "a letter", the case in
// which the delimiter needs the most care.

/** Records the Markdown an inline rule produced, so that the rules of later siblings see its edges. */
function recorded(node: DomNode, markdown: string): string {
  // turndown puts an element's flanking whitespace outside its rule's output; it is part of the edge.
  const flanking = (node as { flankingWhitespace?: { leading: string; trailing: string } }).flankingWhitespace;
  state().edges.set(node, flanking ? flanking.leading + markdown + flanking.trailing : markdown);
  return markdown;
}

const EMPHASIS_NAMES = ['EM', 'I', 'CITE', 'DFN', 'VAR'];
const STRONG_NAMES = ['STRONG', 'B'];
const STRIKE_NAMES = ['DEL', 'S', 'STRIKE'];
const STAR_NAMES = [...EMPHASIS_NAMES, ...STRONG_NAMES];

function edgeChar(node: DomNode, end: boolean): string | null {
  if (node.nodeType === TEXT_NODE) {
    const data = node.data ?? '';
    return data ? data[end ? data.length - 1 : 0] : null;
  }
  if (node.nodeType !== ELEMENT_NODE) return null;
  const done = state().edges.get(node);
  if (done !== undefined) return done ? done[end ? done.length - 1 : 0] : null;
  if (isBlockElement(node) || node.nodeName === 'BR') return ' ';
  switch (node.nodeName) {
    case 'IMG':
      return attribute(node, 'src') ? (end ? ')' : '!') : null;
    case 'A':
      if (attribute(node, 'href')) {
        // A link shows as [...](...), or not at all when empty.
        if (HAS_TEXT.test(node.textContent ?? '') || node.getElementsByTagName?.('img').length) return end ? ')' : '[';
        return null;
      }
      break;
    case 'CODE': case 'KBD': case 'SAMP': case 'TT':
      return HAS_TEXT.test(node.textContent ?? '') ? '`' : null;
  }
  // An emphasis element ahead is not predicted to start with its delimiter: it may well drop it
  // (next to this one's, for one). Its text is the cautious answer.
  for (let c = end ? node.lastChild : node.firstChild; c; c = end ? c.previousSibling : c.nextSibling) {
    const ch = edgeChar(c, end);
    if (ch !== null) return ch;
  }
  return null;
}

/** Whether `node` becomes a link, whose brackets then stand next to what it holds. */
const isLink = (node: DomNode): boolean => node.nodeName === 'A' && !!attribute(node, 'href');

/** The character of Markdown just before `node`, ' ' at the start of a block. */
export function charBefore(node: DomNode): string {
  for (let n: DomNode | null = node; n && !isBlockElement(n); n = n.parentNode) {
    if (n !== node && isLink(n)) return '[';
    for (let s = n.previousSibling; s; s = s.previousSibling) {
      const ch = edgeChar(s, true);
      if (ch !== null) return ch;
    }
  }
  return ' ';
}

/** The character of Markdown just after `node`, ' ' at the end of a block. */
export function charAfter(node: DomNode): string {
  for (let n: DomNode | null = node; n && !isBlockElement(n); n = n.parentNode) {
    if (n !== node && isLink(n)) return ']';
    for (let s = n.nextSibling; s; s = s.nextSibling) {
      const ch = edgeChar(s, false);
      if (ch !== null) return ch;
    }
  }
  return ' ';
}

/** Whether an ancestor up to the block already applies one of these elements. */
function insideAny(node: DomNode, names: readonly string[]): boolean {
  for (let n = node.parentNode; n && !isBlockElement(n); n = n.parentNode) if (names.includes(n.nodeName)) return true;
  return false;
}

/** How `node` sits inside the nearest ancestor (up to the block) named in `names`. */
function nestingIn(node: DomNode, names: readonly string[]): Nesting {
  let first = true;
  let last = true;
  for (let n = node; n.parentNode && !isBlockElement(n.parentNode); n = n.parentNode) {
    if (first && hasContent(n, 'previousSibling')) first = false;
    if (last && hasContent(n, 'nextSibling')) last = false;
    if (names.includes(n.parentNode.nodeName)) return { before: !first, after: !last };
  }
  return NOT_NESTED;
}

function hasContent(node: DomNode, direction: 'previousSibling' | 'nextSibling'): boolean {
  for (let s = node[direction]; s; s = s[direction]) if (s.nodeType === ELEMENT_NODE || HAS_TEXT.test(s.data ?? '')) return true;
  return false;
}

/** The element's only child, ignoring whitespace, if it is a link. */
function onlyLinkChild(node: DomNode): boolean {
  let link = false;
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === TEXT_NODE && !HAS_TEXT.test(c.data ?? '')) continue;
    if (link || !isLink(c)) return false;
    link = true;
  }
  return link;
}

/** Splits `[text](target…)` after its text, or null when `markdown` is not one inline link. */
function splitLink(markdown: string): [string, string] | null {
  if (markdown[0] !== '[' || !markdown.endsWith(')')) return null;
  let depth = 0;
  for (let i = 0; i < markdown.length; i++) {
    const ch = markdown[i];
    if (ch === '\\') i++;
    else if (ch === '[') depth++;
    else if (ch === ']' && --depth === 0) return markdown[i + 1] === '(' ? [markdown.slice(1, i), markdown.slice(i)] : null;
  }
  return null;
}

function delimitedRule(names: string[], delimiter: string): TurndownService.Rule {
  return {
    filter: names.map((n) => n.toLowerCase()) as TurndownService.Filter,
    replacement(content: string, element: unknown) {
      const node = element as DomNode;
      if (insideAny(node, names)) return recorded(node, content); // <em><em>x</em></em> is still just emphasis
      const nested = delimiter[0] === '*' ? nestingIn(node, STAR_NAMES) : NOT_NESTED;
      if (onlyLinkChild(node) && !content.includes('\n')) {
        // <strong><a>x</a></strong>: `[**x**](…)` parses wherever it stands, `**[x](…)**` not next to CJK text.
        const lead = EDGE_SPACE_START.exec(content)![0];
        const trail = EDGE_SPACE_END.exec(content.slice(lead.length))![0];
        const parts = splitLink(content.slice(lead.length, content.length - trail.length));
        if (parts) return recorded(node, `${lead}[${wrapDelimited(parts[0], delimiter, () => '[', () => ']', nested)}${parts[1]}${trail}`);
      }
      return recorded(node, wrapDelimited(content, delimiter, () => charBefore(node), () => charAfter(node), nested));
    },
  };
}

export const emphasisRule = delimitedRule(EMPHASIS_NAMES, '*');
export const strongRule = delimitedRule(STRONG_NAMES, '**');
export const strikethroughRule = delimitedRule(STRIKE_NAMES, '~~');

const EMAIL = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
/**
 * Schemes a renderer refuses to link (markdown-it and others print the Markdown as text instead):
 * script schemes, local files, and data: except raster images (SVG can carry script).
 */
const REFUSED_URL = /^(?:javascript|vbscript|file|data):/i;
const RASTER_DATA_URL = /^data:image\/(?:gif|png|jpeg|webp);/i;
/**
 * An autolink shows its URL as the link text, and renderers prettify that text (markdown-it
 * decodes %XX and punycode), so a URL that would not show as written gets the long form.
 */
const PRETTIFIED_URL = /%[0-9a-fA-F]{2}|xn--/i;
/** Autolinks decode character references but take no escapes, so such a URL needs the long form. */
const ENTITY_LIKE = /&#?[0-9A-Za-z]+;/;
const AUTOLINKABLE = /^[a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>\u0000-\u001f\u007f]*$/;

function titlePart(node: DomNode): string {
  const title = escapeTitle(attribute(node, 'title'));
  return title ? ` "${title}"` : '';
}

function linkMarkdown(content: string, node: DomNode): string {
  if (!HAS_TEXT.test(content)) return ''; // an empty link shows nothing
  const href = resolveUrl(attribute(node, 'href'));
  if (!href || REFUSED_URL.test(href)) return content;
  const text = (node.textContent ?? '').trim();
  if (text === href && AUTOLINKABLE.test(href) && !ENTITY_LIKE.test(href) && !PRETTIFIED_URL.test(href)) return `<${href}>`;
  if (href === `mailto:${text}` && EMAIL.test(text)) return `<${text}>`;
  const target = `(${escapeDestination(href)}${titlePart(node)})`;
  return mapLines(content, (line) => {
    const lead = EDGE_SPACE_START.exec(line)![0];
    const trail = EDGE_SPACE_END.exec(line.slice(lead.length))![0];
    const core = line.slice(lead.length, line.length - trail.length);
    return core ? `${lead}[${core}]${target}${trail}` : line;
  }, LINE_EDGE, LINE_EDGE);
}

export const linkRule: TurndownService.Rule = {
  filter: (element) => (element as unknown as DomNode).nodeName === 'A' && !!attribute(element as unknown as DomNode, 'href'),
  replacement(content: string, element: unknown) {
    const node = element as DomNode;
    return recorded(node, linkMarkdown(content, node));
  },
};

export const imageRule: TurndownService.Rule = {
  filter: 'img',
  replacement(_content: string, element: unknown) {
    const node = element as DomNode;
    const src = resolveUrl(attribute(node, 'src'));
    // An image without a source, or with one a renderer refuses, shows nothing.
    if (!src || (REFUSED_URL.test(src) && !RASTER_DATA_URL.test(src))) return recorded(node, '');
    return recorded(node, `![${escapeInline(attribute(node, 'alt'))}](${escapeDestination(src)}${titlePart(node)})`);
  },
};

/** Inline code: the text verbatim, in a backtick run longer than any inside it. */
export function codeSpan(text: string): string {
  const code = text.replace(/[\r\n\uFDD0\uFDD1]+/g, ' ');
  if (!HAS_TEXT.test(code)) return '';
  let longest = 0;
  for (const run of code.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = /^`|`$/.test(code) || (/^ /.test(code) && / $/.test(code)) ? ' ' : '';
  return fence + pad + code + pad + fence;
}

const CODE_NAMES = ['CODE', 'KBD', 'SAMP', 'TT'];

export const codeRule: TurndownService.Rule = {
  filter: (element) => {
    const node = element as unknown as DomNode;
    if (!CODE_NAMES.includes(node.nodeName)) return false;
    // Code inside code is part of the outer span; code inside <pre> is the code block's (block-rules.ts).
    for (let n = node.parentNode; n; n = n.parentNode) if (n.nodeName === 'PRE' || CODE_NAMES.includes(n.nodeName)) return false;
    return true;
  },
  replacement(_content: string, element: unknown) {
    const node = element as DomNode;
    const text = preformattedText(node);
    // Right after another code span the backtick runs would merge: the text stays, the code style goes.
    if (charBefore(node) === '`') return recorded(node, escapeText(text.replace(/[\r\n\uFDD0\uFDD1]+/g, ' ')));
    return recorded(node, codeSpan(text));
  },
};

export const lineBreakRule: TurndownService.Rule = {
  filter: 'br',
  replacement: () => HARD_BREAK,
};

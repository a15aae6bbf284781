// Finds the body of a Chinese article page, where Readability's English-tuned scores go wrong:
// it ignores paragraphs under 25 characters (a whole sentence in Chinese), so a body of
// one-line paragraphs scores nothing and a side column of summaries wins; it only joins a
// sibling <p> that ends in "." and drops a lead kept in its own block (导语, #subhead).
//
// Here every block of running text scores by its punctuation and Han characters, however
// short; the scores go to the block's container and its ancestors, as Readability's do; the
// best container is the body, and the blocks between the headline and it (a lead, a lead
// image with its caption) and the continuation paragraphs right after it join it. Run after
// removeChinesePageClutter, which takes out the lists, comments and trailers first.
import { hanCount, punctuationCount } from './chinese-text.ts';
import { ELEMENT_NODE, INLINE_TAGS, NON_TEXT_TAGS, TEXT_NODE, follows, isHidden, type DomElement } from './dom.ts';

/** Paragraph-like elements: their text scores their container, they are never the container. */
const PARAGRAPH_TAGS = new Set(['P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'DT', 'DD', 'BLOCKQUOTE', 'PRE', 'FIGCAPTION', 'CAPTION', 'TH', 'LABEL']);

interface Measure {
  /** Non-space characters of the subtree. */
  text: number;
  /** Non-space characters inside links. */
  link: number;
}

interface Scored {
  score: number;
  measure: Measure;
}

const nonSpaceLength = (s: string): number => s.replace(/\s+/gu, '').length;

/** A body found on the page: the elements to keep, in document order. */
export interface ChineseBody {
  elements: DomElement[];
  /** The container that scored best. */
  container: DomElement;
}

/**
 * Score of one block of text: sentence punctuation, Han characters (a point per 20, at most
 * 4) and a point for ending like a sentence. Bare labels (no punctuation, under 12
 * characters: a name, a date, "分享") score nothing, nor do blocks that are mostly links.
 */
function blockScore(text: string, linkChars: number): number {
  const chars = nonSpaceLength(text);
  if (chars === 0 || linkChars / chars > 0.5) return 0;
  const punctuation = punctuationCount(text);
  if (punctuation === 0 && chars < 12) return 0;
  const ends = /[。！？”」…]\s*$/u.test(text) ? 1 : 0;
  return punctuation + Math.min(hanCount(text) / 20, 4) + ends;
}

/** Scores every container on the page; returns the scores and each element's text measure. */
function scoreContainers(root: DomElement): Map<DomElement, Scored> {
  const scored = new Map<DomElement, Scored>();
  const entry = (el: DomElement): Scored => {
    let s = scored.get(el);
    if (s === undefined) {
      s = { score: 0, measure: { text: 0, link: 0 } };
      scored.set(el, s);
    }
    return s;
  };
  const credit = (block: DomElement, points: number): void => {
    if (points <= 0) return;
    // The block itself when it can be a container (a <td> or <div> of <br>-separated text),
    // then its parent in full, its grandparent a half and the next a sixth.
    if (!PARAGRAPH_TAGS.has(block.tagName)) entry(block).score += points;
    const shares = [1, 1 / 2, 1 / 6];
    let ancestor = block.parentElement;
    for (const share of shares) {
      if (ancestor === null) break;
      entry(ancestor).score += points * share;
      ancestor = ancestor.parentElement;
    }
  };

  /** Walks a subtree; returns its measure. Inline runs between blocks are the block's own text. */
  const walk = (el: DomElement): Measure => {
    const measure = entry(el).measure;
    let ownText = '';
    let ownLink = 0;
    const flush = (): void => {
      credit(el, blockScore(ownText.replace(/<br>/gu, ' '), ownLink));
      ownText = '';
      ownLink = 0;
    };
    const inline = (node: DomElement, inLink: boolean): void => {
      for (let c = node.firstChild; c !== null; c = c.nextSibling) {
        if (c.nodeType === TEXT_NODE) {
          const t = c.nodeValue ?? '';
          ownText += t;
          const n = nonSpaceLength(t);
          measure.text += n;
          if (inLink) {
            ownLink += n;
            measure.link += n;
          }
        } else if (c.nodeType === ELEMENT_NODE) {
          const child = c as DomElement;
          if (NON_TEXT_TAGS.has(child.tagName) || isHidden(child)) continue;
          if (child.tagName === 'BR') {
            // Two <br> in a row end a paragraph, as Readability reads them too.
            if (/<br\b[^>]*>\s*$/u.test(ownText)) flush();
            else ownText += '<br>';
          } else if (INLINE_TAGS.has(child.tagName)) {
            inline(child, inLink || child.tagName === 'A');
          } else {
            flush();
            const inner = walk(child);
            measure.text += inner.text;
            measure.link += inner.link;
          }
        }
      }
    };
    inline(el, false);
    flush();
    return measure;
  };
  walk(root);
  return scored;
}

/** The element children of `parent` that lie after `headline` (which `parent` contains). */
function afterHeadline(parent: DomElement, headline: DomElement): DomElement[] {
  const out: DomElement[] = [];
  let seen = false;
  for (const child of Array.from(parent.children)) {
    if (seen) out.push(child);
    else if (child.contains(headline)) {
      seen = true;
      if (child !== headline) out.push(...afterHeadline(child, headline));
    }
  }
  return out;
}

/** The outermost elements strictly between the headline and the container, in document order. */
function between(headline: DomElement, container: DomElement): DomElement[] {
  const out: DomElement[] = [];
  let node = container;
  while (node.parentElement !== null) {
    const parent = node.parentElement;
    const before: DomElement[] = [];
    if (parent.contains(headline)) {
      for (const el of afterHeadline(parent, headline)) {
        if (el === node || el.contains(node)) break;
        before.push(el);
      }
      out.unshift(...before);
      break;
    }
    for (let s = node.previousElementSibling; s !== null; s = s.previousElementSibling) before.unshift(s);
    out.unshift(...before);
    node = parent;
  }
  return out;
}

/**
 * The body of a Chinese article page, or null when no block of running text stands out
 * (fewer than 20 Han characters in the best container). `headline` is the element holding
 * the title, when the page has one.
 */
export function findChineseBody(root: DomElement, headline: DomElement | null): ChineseBody | null {
  const scored = scoreContainers(root);
  let container: DomElement | null = null;
  let best = 0;
  for (const [el, { score, measure }] of scored) {
    if (PARAGRAPH_TAGS.has(el.tagName) || score <= 0) continue;
    // Readability's link-density damping: a container that is mostly links is a menu.
    const adjusted = score * (1 - (measure.text > 0 ? measure.link / measure.text : 0));
    if (adjusted > best) {
      best = adjusted;
      container = el;
    }
  }
  if (container === null || hanCount(container.textContent ?? '') < 20) return null;

  const measureOf = (el: DomElement): Measure => scored.get(el)?.measure ?? { text: 0, link: 0 };
  const scoreOf = (el: DomElement): number => scored.get(el)?.score ?? 0;
  const linkDensity = (el: DomElement): number => {
    const m = measureOf(el);
    return m.text > 0 ? m.link / m.text : 0;
  };

  // Before the container: the blocks after the headline that hold running text or an image
  // (a lead, a lead picture and its caption). The info bar there goes later, with the content.
  const lead: DomElement[] = [];
  if (headline !== null && follows(headline, container)) {
    for (const el of between(headline, container)) {
      if (isHidden(el) || linkDensity(el) > 0.5) continue;
      const text = el.textContent ?? '';
      if (scoreOf(el) > 0 || punctuationCount(text) > 0 || el.tagName === 'IMG' || el.querySelector('img') !== null) lead.push(el);
    }
  }

  // After it: sibling blocks that go on with the running text (a body split by an ad slot).
  const rest: DomElement[] = [];
  for (let s = container.nextElementSibling; s !== null; s = s.nextElementSibling) {
    const text = s.textContent ?? '';
    if (nonSpaceLength(text) === 0 && s.querySelector('img') === null) continue;
    if (isHidden(s) || linkDensity(s) > 0.3 || punctuationCount(text) < 2) break;
    rest.push(s);
  }

  return { elements: [...lead, container, ...rest], container };
}

// The content metric of ../shared/corpus/readability/score-spec.md (metric version 1), shared
// by the extract stage's tests: the Readability corpus score and the Chinese layout fixtures.
// Test code, not part of the stage (testdata/ is not source): it parses with parse5, as the
// spec requires, which the stage itself never loads.
import { parse } from 'parse5';

const SKIP = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'noembed', 'noframes']);
const INLINE = new Set(
  'a abbr acronym b bdi bdo big cite code data del dfn em font i ins kbd label mark nobr q rb rp rt rtc ruby s samp small span strike strong sub sup time tt u var wbr'.split(' '),
);

interface P5Node {
  nodeName: string;
  tagName?: string;
  value?: string;
  childNodes?: P5Node[];
  content?: P5Node;
}

/** Spec 1b: the text of an HTML document, inline elements joined, every other element spaced. */
export function htmlToText(html: string): string {
  const parts: string[] = [];
  const walk = (node: P5Node): void => {
    if (node.nodeName === '#text') {
      parts.push(node.value ?? '');
      return;
    }
    if (node.nodeName.startsWith('#') && node.nodeName !== '#document' && node.nodeName !== '#document-fragment') return;
    if (node.tagName !== undefined) {
      const name = node.tagName.toLowerCase();
      if (SKIP.has(name)) return;
      if (INLINE.has(name)) {
        for (const c of node.childNodes ?? []) walk(c);
        return;
      }
      parts.push(' ');
      for (const c of node.childNodes ?? []) walk(c);
      parts.push(' ');
      return;
    }
    for (const c of node.childNodes ?? []) walk(c);
  };
  walk(parse(html) as unknown as P5Node);
  return parts.join('');
}

const WS = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u;
const NOT_AFTER = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\p{M}\p{Cf}\p{Lm}\p{Sk}]/u;
const segmenter = new Intl.Segmenter('en', { granularity: 'word' });

/** Spec 1c: word-like UAX #29 segments (ICU dictionary words for CJK), cut after whitespace every 2,048 code units. */
export function tokenize(text: string): string[] {
  const s = text.normalize('NFC').toLowerCase();
  const out: string[] = [];
  let start = 0;
  while (start < s.length) {
    let cut = s.length;
    for (let i = Math.min(start + 2048, s.length) - 1; i < s.length - 1; i++) {
      if (i >= start && WS.test(s[i]!) && !NOT_AFTER.test(String.fromCodePoint(s.codePointAt(i + 1)!))) {
        cut = i + 1;
        break;
      }
    }
    for (const seg of segmenter.segment(s.slice(start, cut))) if (seg.isWordLike) out.push(seg.segment);
    start = cut;
  }
  return out;
}

/** Spec 1d: bag-of-tokens F1 of the actual tokens against the expected ones. */
export function f1(expected: string[], actual: string[]): number {
  if (expected.length === 0 && actual.length === 0) return 1;
  if (expected.length === 0 || actual.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const t of expected) counts.set(t, (counts.get(t) ?? 0) + 1);
  let overlap = 0;
  for (const t of actual) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      overlap++;
      counts.set(t, c - 1);
    }
  }
  const p = overlap / actual.length;
  const r = overlap / expected.length;
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

/** Spec 1a: the text scored for an extractor's result (its content's text, else its textContent verbatim). */
export function resultText(result: { content?: string | null; textContent?: string | null } | null): string {
  if (result?.content != null && result.content.trim() !== '') return htmlToText(result.content);
  return result?.textContent ?? '';
}

/** Spec 2: the normalized form metadata is compared in. */
export const norm = (v: unknown): string => (v == null ? '' : String(v).normalize('NFKC').replace(/\s+/gu, ' ').trim().toLowerCase());

// Measures of Chinese text the extract stage decides with. Chinese prose is dense: a
// 20-character line is a full sentence, and its punctuation (，。！？；、) marks running text
// far better than its length does (Readability skips paragraphs under 25 characters and
// counts only commas).

const HAN = /\p{Script=Han}/gu;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const LATIN = /\p{Script=Latin}/gu;
/** Punctuation of running Chinese text (full-width, as Chinese is typeset). */
const SENTENCE_PUNCTUATION = /[，。！？；、：“”「」]/gu;

/** Any UTF-16 surrogate, paired or not (no `u` flag, so a pair is two matches). */
const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Characters of `text` that the global, single-character `re` matches. Without surrogates every
 * match is one code unit, so the count is what replacing them takes off the length: one string
 * made, where `match` makes an array with a slot per character (a page's every Latin letter).
 */
const count = (text: string, re: RegExp): number =>
  SURROGATE.test(text) ? (text.match(re)?.length ?? 0) : text.length - text.replace(re, '').length;

export const hanCount = (text: string): number => count(text, HAN);
export const punctuationCount = (text: string): number => count(text, SENTENCE_PUNCTUATION);

/** Characters of the scripts that tell Chinese text from Japanese and from Latin-script text. */
export interface ScriptCounts {
  han: number;
  kana: number;
  latin: number;
}

/** Adds a text's characters to `counts`: a page's text can be counted piece by piece, without joining it. */
export function addScriptCounts(counts: ScriptCounts, text: string): void {
  counts.han += hanCount(text);
  counts.kana += count(text, KANA);
  counts.latin += count(text, LATIN);
}

/**
 * Whether counted text is Chinese (simplified or traditional): enough Han characters, hardly
 * any kana (Japanese shares the script and the full stop but not these layouts), and no more
 * than four Latin letters per Han character (a Han character is about a word; an English word
 * is about five letters, and portal pages carry English copyright lines and menus).
 */
export function isChineseCounts({ han, kana, latin }: ScriptCounts): boolean {
  return han >= 40 && kana * 20 < han && han * 4 >= latin;
}

/** The Han characters of a text as a bag, for comparing two extractions of one page. */
export function hanBag(text: string): Map<string, number> {
  const bag = new Map<string, number>();
  for (const ch of text.match(HAN) ?? []) bag.set(ch, (bag.get(ch) ?? 0) + 1);
  return bag;
}

/** How many characters two bags share (multiset intersection size). */
export function bagOverlap(a: Map<string, number>, b: Map<string, number>): number {
  let n = 0;
  for (const [ch, k] of a) n += Math.min(k, b.get(ch) ?? 0);
  return n;
}

export const bagSize = (bag: Map<string, number>): number => {
  let n = 0;
  for (const k of bag.values()) n += k;
  return n;
};

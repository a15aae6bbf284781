// Measures of Chinese text the extract stage decides with. Chinese prose is dense: a
// 20-character line is a full sentence, and its punctuation (，。！？；、) marks running text
// far better than its length does (Readability skips paragraphs under 25 characters and
// counts only commas).

const HAN = /\p{Script=Han}/gu;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const LATIN = /\p{Script=Latin}/gu;
/** Punctuation of running Chinese text (full-width, as Chinese is typeset). */
const SENTENCE_PUNCTUATION = /[，。！？；、：“”「」]/gu;

const count = (text: string, re: RegExp): number => text.match(re)?.length ?? 0;

export const hanCount = (text: string): number => count(text, HAN);
export const punctuationCount = (text: string): number => count(text, SENTENCE_PUNCTUATION);

/**
 * Whether a page's text is Chinese (simplified or traditional): enough Han characters, hardly
 * any kana (Japanese shares the script and the full stop but not these layouts), and no more
 * than four Latin letters per Han character (a Han character is about a word; an English word
 * is about five letters, and portal pages carry English copyright lines and menus).
 */
export function isChineseText(text: string): boolean {
  const han = hanCount(text);
  return han >= 40 && count(text, KANA) * 20 < han && han * 4 >= count(text, LATIN);
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

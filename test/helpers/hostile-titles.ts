// Titles built to break front matter and file names: YAML indicators, quotes, document
// markers, line breaks, control characters, emoji, scripts of every direction, very long.
// Seeded, so a failure names a reproducible title.

/** A small seeded PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Hand-picked titles, each for a reason. */
export const FIXED_HOSTILE_TITLES: readonly string[] = [
  '布林肯呼吁俄罗斯撤军 约翰逊支持乌克兰反对“那些试图摧毁它的人” 与莫斯科准备对西方做出统一回应',
  "It's a \"quoted\" 'title'",
  'Breaking: markets fall: again',
  'key: value # not a comment',
  '---',
  '--- a document marker inside',
  '...',
  '# hash first',
  '@at first',
  '*star first',
  '&anchor first',
  '!tag first',
  '%percent first',
  '|pipe first',
  '>greater first',
  '? question first',
  '- dash first',
  '[bracket] first',
  '{brace} first',
  '`backtick` first',
  ', comma first',
  'yes',
  'No',
  'on',
  'null',
  '~',
  'true',
  '1e3',
  '0x1F',
  '0o17',
  '1:20',
  '.inf',
  '2022-02-02',
  '2022-02-02T10:38:07+08:00',
  ':symbol',
  '<<',
  'line one\nline two',
  'line one\n---\nline three',
  'crlf\r\nline',
  'tab\tinside',
  'newline then tab\n\tindented',
  ' leading space',
  'trailing space ',
  'trailing dot.',
  'a\u0000nul',
  'bell\u0007',
  'del\u007f',
  'nel\u0085next',
  'line\u2028separator',
  'para\u2029separator',
  '\ufeffbom first',
  'zero\u200bwidth',
  'rtl \u202eevil\u202c',
  'emoji 😀🎉 family 👨‍👩‍👧‍👦 flag 🇺🇦',
  'العربية مع English',
  'עברית',
  'Ελληνικά και кириллица',
  'e\u0301 combining',
  'ＦＵＬＬＷＩＤＴＨ　ｓｐａｃｅ',
  'CON',
  'nul',
  'COM1.txt',
  '../../etc/passwd',
  'a/b\\c:d*e?f"g< h >i|j',
  '{{ site.title }} and {% raw %} and {# comment #}',
  '{{< shortcode >}} {{% md %}}',
  '100% sure & done',
  "'''",
  '"',
  '\\',
  'x'.repeat(2000),
  '长'.repeat(2000),
  '😀'.repeat(700),
];

const PIECES: readonly string[] = [
  '"', "'", ':', ': ', ' #', '#', '---', '...', '-', '?', '@', '*', '&', '!', '%', '|', '>', '[', ']', '{', '}', ',',
  '`', '\\', '/', '\n', '\r\n', '\t', ' ', '  ', '\u00a0', '\u3000', '\u0085', '\u2028', '\u2029', '\ufeff',
  '\u0001', '\u001b', '\u007f', '\u009f', '\u200b', '\u200d', '\u202e',
  '😀', '👨‍👩‍👧', '🇨🇳', '❤️', 'é', 'e\u0301', 'ß', 'İ',
  '中文', '標題', '日本語', '한국어', 'العربية', 'עברית', 'русский', 'Ελληνικά', 'हिन्दी',
  'yes', 'null', 'true', '~', '1e3', '2022-02-02', '0x1f', ':sym', '<<', 'CON', 'NUL', '..',
  '{{', '}}', '{%', '%}', '{#', '#}', '{{<', '{{%', 'endraw', 'raw',
  'word', 'Title', '42', '3.14',
];

/** True for what the renderer reads as HTML: a tag opener or a character reference (see render/title.ts). */
export function looksLikeMarkup(title: string): boolean {
  return /<[a-zA-Z/!?]|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);/.test(title);
}

/**
 * `count` random plain-text titles from the pieces above (some very long). Titles the renderer
 * would read as HTML or as empty are skipped, since those are not kept verbatim by design.
 */
export function generateHostileTitles(count: number, seed = 20220202): string[] {
  const random = seededRandom(seed);
  const titles: string[] = [];
  while (titles.length < count) {
    const long = random() < 0.05;
    const length = long ? 300 + Math.floor(random() * 400) : 1 + Math.floor(random() * 12);
    let title = '';
    for (let i = 0; i < length; i++) title += PIECES[Math.floor(random() * PIECES.length)];
    if (looksLikeMarkup(title) || title.trim() === '') continue;
    titles.push(title);
  }
  return titles;
}

/** Every title the suites use: the fixed ones, then `count` generated ones. */
export function hostileTitles(count: number, seed?: number): string[] {
  return [...FIXED_HOSTILE_TITLES, ...generateHostileTitles(count, seed)];
}

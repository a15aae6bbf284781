// Seeded random article HTML for property tests: nested inline formatting, links, images,
// code, lists, quotes, tables and figures around text full of Markdown syntax, CJK
// punctuation, entities, newlines and <br>. Hostile on purpose; real articles are tamer.

/** mulberry32: a small seeded generator, so that a failure can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  '中文', '「引语」', '“引号”', '，', '。', '！', '（注）', '　', 'word', 'abc', '2024', ' ', ' ', '\n',
  '*', '**', '_', '`', '~', '|', '\\', '>', '=', '!', '#', '- ', '+ ', '1. ', '[x]', '&lt;b&gt;', '&amp;lt;', '&nbsp;', '<br>',
];
const INLINE = ['strong', 'em', 'b', 'i', 'a', 'a', 'code', 'span', 'del', 'img', 'sup'];
const BLOCK = ['ul', 'ol', 'blockquote', 'h2', 'table', 'div', 'figure', 'pre', 'mixed'];

export function randomArticleHtml(random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const repeat = (max: number, make: () => string): string => {
    let out = '';
    for (let i = 1 + Math.floor(random() * max); i > 0; i--) out += make();
    return out;
  };
  const text = (): string => repeat(4, () => pick(WORDS));
  const inline = (depth: number): string => {
    if (depth > 3 || random() < 0.35) return text();
    const tag = pick(INLINE);
    const inner = (): string => repeat(3, () => inline(depth + 1));
    switch (tag) {
      case 'a': return `<a href="https://e.org/${pick(['x', 'a_b', 'q?a=1&amp;b=2', '(p)'])}">${random() < 0.2 ? 'https://e.org/x' : inner()}</a>`;
      case 'img': return `<img src="https://e.org/i.png" alt="${pick(['', 'alt', '图*'])}">`;
      case 'code': return `<code>${text()}</code>`;
      default: return `<${tag}>${inner()}</${tag}>`;
    }
  };
  const inlines = (): string => repeat(4, () => inline(0));
  const block = (depth: number): string => {
    if (depth > 2 || random() < 0.4) return `<p>${inlines()}</p>`;
    const blocks = (): string => repeat(3, () => block(depth + 1));
    switch (pick(BLOCK)) {
      case 'ul': return `<ul>${repeat(3, () => `<li>${random() < 0.5 ? inlines() : blocks()}</li>`)}</ul>`;
      case 'ol': return `<ol start="${pick(['1', '3', ''])}">${repeat(3, () => `<li>${inlines()}${random() < 0.5 ? blocks() : ''}</li>`)}</ol>`;
      case 'blockquote': return `<blockquote>${blocks()}</blockquote>`;
      case 'h2': return `<h2>${inlines()}</h2>`;
      case 'table': return `<table><tr><th>${inlines()}</th><th>${inlines()}</th></tr><tr><td>${inlines()}</td><td>${random() < 0.3 ? blocks() : inlines()}</td></tr></table>`;
      case 'figure': return `<figure><img src="https://e.org/f.png"><figcaption>${inlines()}</figcaption></figure>`;
      case 'pre': return `<pre><code>${text()}\n${text()}</code></pre>`;
      case 'mixed': return `<div>${inlines()}${blocks()}${inlines()}</div>`;
      default: return `<div>${blocks()}</div>`;
    }
  };
  return repeat(3, () => block(0));
}

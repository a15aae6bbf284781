// Keeping article text from being read as template code by the site generator.
//
// - Hexo runs Nunjucks over post bodies: "{{ x }}", "{% tag %}", "{# … #}" are code, and an
//   unknown tag fails the whole build. Jekyll runs Liquid the same way ("{{ }}", "{% %}").
//   Both have {% raw %}…{% endraw %}; a body is wrapped in it when it holds "{{", "{%" (or,
//   for Nunjucks, "{#"). Inside, every "{" that begins "{%" (Liquid: also "{{") is written
//   from outside the block as {{ "{" }}, so the body can neither end the block early
//   ("{% endraw %}") nor open a nested one (Nunjucks counts "{% raw %}" levels). For Liquid
//   "{{" goes too: its tokenizer runs a "{{" on to the next "}", across our closing tag;
//   Liquid 5 (Jekyll 4.3) copes with that, older or other Liquids may not, and it costs nothing.
//   Hexo caveat: Hexo replaces a whole {% raw %} block by a placeholder before its Markdown
//   renderer runs, so a raw-wrapped *Markdown* body would come out as unrendered Markdown.
//   Markdown bodies for Hexo therefore get `disableNunjucks: true` (Hexo ≥ 5.2) instead; see
//   profiles/hexo.ts.
// - Hugo reads "{{<" and "{{%" anywhere in content, code blocks included, as a shortcode and
//   fails on an unknown one. In HTML the second "{" becomes "&#123;"; in Markdown text a
//   backslash goes between the braces ("{\{<", shown as "{{<"); in Markdown code, where no
//   escape exists, a well-formed "{{< … >}}" becomes Hugo's own comment form "{{</* … */>}}"
//   (which Hugo prints as "{{< … >}}"), and anything else gets a zero-width space after the
//   first brace.

const NUNJUCKS_RE = /\{[{%#]/;
const LIQUID_RE = /\{[{%]/;

/** True when Hexo's Nunjucks would find template syntax in the text. */
export function hasNunjucksSyntax(text: string): boolean {
  return NUNJUCKS_RE.test(text);
}

/** True when Jekyll's Liquid would find template syntax in the text. */
export function hasLiquidSyntax(text: string): boolean {
  return LIQUID_RE.test(text);
}

/** The template language a generator runs over post bodies. */
export type RawEngine = 'nunjucks' | 'liquid';

/**
 * Wraps a body in {% raw %}…{% endraw %} so that Nunjucks or Liquid prints it as it is, whatever it
 * contains. Nunjucks only looks for "{%" inside a raw block; for Liquid "{{" is taken out too.
 */
export function wrapRaw(body: string, engine: RawEngine): string {
  const inner = body.replace(engine === 'liquid' ? /\{(?=[{%])/g : /\{(?=%)/g, '{% endraw %}{{ "{" }}{% raw %}');
  return `{% raw %}\n${inner}${inner.endsWith('\n') ? '' : '\n'}{% endraw %}\n`;
}

/** Makes "{{<" and "{{%" in HTML harmless to Hugo; the text shown is unchanged. */
export function escapeHugoShortcodesInHtml(html: string): string {
  return html.replace(/\{(?=\{[<%])/g, '&#123;');
}

const FENCE_RE = /^[ \t>]*(`{3,}|~{3,})/;

/** Makes "{{<" and "{{%" in Markdown harmless to Hugo (see the rules above). */
export function escapeHugoShortcodesInMarkdown(markdown: string): string {
  if (!/\{\{[<%]/.test(markdown)) return markdown;
  const lines = markdown.split('\n');
  const out: string[] = [];
  let text: string[] = [];
  const flushText = () => {
    if (text.length > 0) out.push(escapeMarkdownText(text.join('\n')));
    text = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = FENCE_RE.exec(line);
    // A backtick fence's info string cannot hold a backtick; such a line is inline code.
    if (!fence || (fence[1]!.startsWith('`') && line.slice(fence[0].length).includes('`'))) {
      text.push(line);
      continue;
    }
    flushText();
    const marker = fence[1]!;
    const closeRe = new RegExp(`^[ \\t>]*${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*$`);
    const code: string[] = [];
    let j = i + 1;
    while (j < lines.length && !closeRe.test(lines[j]!)) code.push(lines[j++]!);
    out.push(escapeCode(line));
    if (code.length > 0) out.push(escapeCode(code.join('\n')));
    if (j < lines.length) out.push(lines[j]!);
    i = j;
  }
  flushText();
  return out.join('\n');
}

/** Text with inline code spans: code spans (per paragraph) get the code rule, the rest the text rule. */
function escapeMarkdownText(text: string): string {
  return text
    .split(/(\n[ \t]*\n)/)
    .map((paragraph) => {
      let out = '';
      let from = 0;
      const runs = /`+/g;
      let open: RegExpExecArray | null;
      while ((open = runs.exec(paragraph)) !== null) {
        const ticks = open[0];
        const start = open.index + ticks.length;
        const close = findBacktickRun(paragraph, start, ticks.length);
        if (close < 0) continue;
        out += escapeText(paragraph.slice(from, open.index)) + ticks + escapeCode(paragraph.slice(start, close)) + ticks;
        from = close + ticks.length;
        runs.lastIndex = from;
      }
      return out + escapeText(paragraph.slice(from));
    })
    .join('');
}

function findBacktickRun(text: string, from: number, length: number): number {
  const runs = /`+/g;
  runs.lastIndex = from;
  let run: RegExpExecArray | null;
  while ((run = runs.exec(text)) !== null) if (run[0].length === length) return run.index;
  return -1;
}

function escapeText(text: string): string {
  return text.replace(/\{(?=\{[<%])/g, '{\\');
}

function escapeCode(code: string): string {
  let out = '';
  let from = 0;
  const opener = /\{\{([<%])/g;
  let open: RegExpExecArray | null;
  while ((open = opener.exec(code)) !== null) {
    const delimiter = open[1]!;
    const closer = delimiter === '<' ? '>}}' : '%}}';
    const start = open.index + 3;
    const close = code.indexOf(closer, start);
    const inner = close < 0 ? '' : code.slice(start, close);
    if (close >= 0 && !inner.includes('*/') && !/\{\{[<%]/.test(inner)) {
      out += `${code.slice(from, open.index)}{{${delimiter}/*${inner}*/${closer}`;
      from = close + 3;
    } else {
      out += `${code.slice(from, open.index)}{\u200b{${delimiter}`;
      from = start;
    }
    opener.lastIndex = from;
  }
  return out + code.slice(from);
}

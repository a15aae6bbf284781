// Small pieces of post bodies shared by profiles.

/**
 * Cleaned HTML inside one <div>, as Hexo posts from RSSHub carry it. The HTML goes through
 * Hexo's Markdown renderer, where an HTML block ends at the first blank line and what follows
 * would be read as Markdown (indented text as code …). So blank lines are removed: outside
 * <pre> a blank line is only whitespace; inside <pre> its newline is written as &#10;, which
 * displays the same.
 */
export function htmlBlock(html: string): string {
  const parts = html.replace(/\r\n?/g, '\n').trim().split(/(<pre\b[\s\S]*?<\/pre\s*>)/i);
  const flat = parts
    .map((part, i) => (i % 2 === 1 ? part.replace(/\n(?=[ \t]*\n)/g, '&#10;') : part.replace(/\n[ \t]*(?=\n)/g, '')))
    .join('');
  return flat === '' ? '<div></div>\n' : `<div>\n${flat}\n</div>\n`;
}

/** Text ending in exactly one newline. */
export function endWithNewline(text: string): string {
  return `${text.replace(/\s+$/, '')}\n`;
}

/** Text as a Markdown code span, whatever backticks it holds (CommonMark §6.1). */
export function markdownCodeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || (/^ .* $/.test(text) && text.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Text safe inside Markdown link text. */
export function markdownLinkText(text: string): string {
  return text.replace(/[\\`*_[\]<>!]/g, '\\$&');
}

/** A URL safe as a Markdown link destination. */
export function markdownLinkUrl(url: string): string {
  return url.replace(/[ ()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

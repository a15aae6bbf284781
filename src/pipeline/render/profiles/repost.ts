// A repost, the shape of ../shared/examples/gnews-repost.md (a Hexo post):
//
//   front matter: title, date, source_url;
//   body: `AUTHOR` [转载自SITE](URL), an empty line, then the article as Markdown
//   (with body: 'html', the same line as HTML, then the article in a <div>).
//
// The label is a setting (repostLabel: 轉載自 for traditional-Chinese sources, …). SITE is
// the source's name, else the link's host. Like the hexo profile, a Markdown body with
// template syntax gets `disableNunjucks: true`; an HTML body (body: 'html') is raw-wrapped.
import { escapeHtml } from '../../../lib/text.ts';
import { endWithNewline, htmlBlock, markdownCodeSpan, markdownLinkText, markdownLinkUrl } from '../body.ts';
import { timestamp, type FrontMatterValue } from '../front-matter.ts';
import { dateText } from '../dates.ts';
import type { Profile } from '../profile.ts';
import { hasNunjucksSyntax, wrapRaw } from '../template-guard.ts';

export const repostProfile: Profile = {
  name: 'repost',
  defaults: { body: 'markdown', folderLayout: '{year}/{month}', repostLabel: '转载自', timeZone: 'UTC', dateFormat: 'iso', frontMatter: {} },
  render({ facts, settings, markdown }) {
    const isMarkdown = settings.body === 'markdown';
    const author = facts.authors.join(', ');
    const site = facts.sourceName ?? hostOf(facts.link) ?? '';
    const label = `${settings.repostLabel}${site}`;
    // Without a link or a site name there is nothing to credit. An HTML body gets an HTML
    // credit line too: it all goes into one {% raw %} block, where Hexo renders no Markdown.
    let credit = '';
    if (isMarkdown) credit = facts.link ? `[${markdownLinkText(label)}](${markdownLinkUrl(facts.link)})` : site ? markdownLinkText(label) : '';
    else credit = facts.link ? `<a href="${escapeHtml(facts.link)}">${escapeHtml(label)}</a>` : site ? escapeHtml(label) : '';
    const byline = author === '' ? '' : isMarkdown ? markdownCodeSpan(author) : `<code>${escapeHtml(author)}</code>`;
    const header = [byline, credit].filter((part) => part !== '').join(' ');
    const article = isMarkdown ? endWithNewline(markdown()) : htmlBlock(facts.html);
    let body = header === '' ? article : isMarkdown ? `${header}\n\n${article}` : `<p>${header}</p>\n${article}`;
    const guarded = hasNunjucksSyntax(body);
    if (guarded && !isMarkdown) body = wrapRaw(body, 'nunjucks');
    const entries: Array<[string, FrontMatterValue]> = [['title', facts.title]];
    if (facts.date) entries.push(['date', timestamp(dateText(facts.date, settings.dateFormat))]);
    if (facts.link) entries.push(['source_url', facts.link]);
    if (guarded && isMarkdown) entries.push(['disableNunjucks', true]);
    return { frontMatter: entries, body, blankLineAfterFrontMatter: false, extension: '.md', datePrefix: false };
  },
};

function hostOf(link: string | null): string | null {
  if (link === null) return null;
  try {
    return new URL(link).hostname || null;
  } catch {
    return null;
  }
}

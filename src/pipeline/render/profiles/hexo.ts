// Hexo, the shape of the posts RSSHub mirrors publish (../shared/examples/rsshub-hexo-post.md):
//
//   title, categories (group / site / channel), headimg, author, comments: false, date,
//   thumbnail, then source_url (the original article) and tags (the item's categories);
//   body: the cleaned HTML in a <div>, or Markdown when the source asks.
//
// Fixed against the example: the title is the real one (the old generator turned quotes
// and other punctuation into "_"), the original link is kept (source_url), and the date is
// ISO 8601 with an offset instead of RFC 822, so Hexo reads it in any site time zone.
//
// Nunjucks: an HTML body holding "{{", "{%" or "{#" is wrapped in {% raw %} (works in every
// Hexo). A Markdown body cannot be: Hexo would skip Markdown rendering of the raw block and
// print the source; it gets `disableNunjucks: true` instead (front-matter key of Hexo ≥ 5.2).
import { endWithNewline, htmlBlock } from '../body.ts';
import { timestamp, type FrontMatterValue } from '../front-matter.ts';
import { dateText } from '../dates.ts';
import type { Profile } from '../profile.ts';
import { hasNunjucksSyntax, wrapRaw } from '../template-guard.ts';

export const hexoProfile: Profile = {
  name: 'hexo',
  defaults: { body: 'html', folderLayout: '{year}/{month}', repostLabel: '转载自', timeZone: 'UTC', dateFormat: 'iso', frontMatter: {} },
  render({ facts, settings, markdown }) {
    const isMarkdown = settings.body === 'markdown';
    let body = isMarkdown ? endWithNewline(markdown()) : htmlBlock(facts.html);
    const guarded = hasNunjucksSyntax(body);
    if (guarded && !isMarkdown) body = wrapRaw(body, 'nunjucks');
    const author = facts.authors.join(', ') || facts.sourceName;
    const entries: Array<[string, FrontMatterValue]> = [['title', facts.title]];
    if (facts.categories.length > 0) entries.push(['categories', facts.categories]);
    if (facts.leadImage) entries.push(['headimg', facts.leadImage]);
    if (author) entries.push(['author', author]);
    entries.push(['comments', false]);
    if (facts.date) entries.push(['date', timestamp(dateText(facts.date, settings.dateFormat))]);
    if (facts.updated) entries.push(['updated', timestamp(dateText(facts.updated, settings.dateFormat))]);
    if (facts.leadImage) entries.push(['thumbnail', facts.leadImage]);
    if (facts.link) entries.push(['source_url', facts.link]);
    if (facts.tags.length > 0) entries.push(['tags', facts.tags]);
    if (guarded && isMarkdown) entries.push(['disableNunjucks', true]);
    return { frontMatter: entries, body, blankLineAfterFrontMatter: true, extension: '.md', datePrefix: false };
  },
};

// Jekyll: _posts/YYYY-MM-DD-slug.md (the date in the file name is how Jekyll finds posts, so
// a post needs a date), front matter layout: post, title, date, last_modified_at, author,
// categories, tags, image, source_url; body Markdown, or an .html post with body: 'html'.
//
// Liquid runs over every post before Markdown, so a body with "{{" or "{%" is wrapped in
// {% raw %} (template-guard.ts), which, unlike Hexo, keeps Markdown rendering intact.
import { endWithNewline } from '../body.ts';
import { timestamp, type FrontMatterValue } from '../front-matter.ts';
import { dateText } from '../dates.ts';
import type { Profile } from '../profile.ts';
import { hasLiquidSyntax, wrapRaw } from '../template-guard.ts';

export const jekyllProfile: Profile = {
  name: 'jekyll',
  defaults: { body: 'markdown', folderLayout: '', repostLabel: '转载自', timeZone: 'UTC', dateFormat: 'iso', frontMatter: {} },
  render({ facts, settings, markdown }) {
    const isMarkdown = settings.body === 'markdown';
    let body = endWithNewline(isMarkdown ? markdown() : facts.html.replace(/\r\n?/g, '\n'));
    if (hasLiquidSyntax(body)) body = wrapRaw(body, 'liquid');
    const entries: Array<[string, FrontMatterValue]> = [['layout', 'post'], ['title', facts.title]];
    if (facts.date) entries.push(['date', timestamp(dateText(facts.date, settings.dateFormat))]);
    if (facts.updated) entries.push(['last_modified_at', timestamp(dateText(facts.updated, settings.dateFormat))]);
    const author = facts.authors.join(', ') || facts.sourceName;
    if (author) entries.push(['author', author]);
    if (facts.categories.length > 0) entries.push(['categories', facts.categories]);
    if (facts.tags.length > 0) entries.push(['tags', facts.tags]);
    if (facts.leadImage) entries.push(['image', facts.leadImage]);
    if (facts.link) entries.push(['source_url', facts.link]);
    return { frontMatter: entries, body, blankLineAfterFrontMatter: true, extension: isMarkdown ? '.md' : '.html', datePrefix: true };
  },
};

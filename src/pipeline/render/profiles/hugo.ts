// Hugo: front matter date, lastmod, title, author, categories, tags, images (the lead image,
// as Hugo's internal templates read it), source_url; body Markdown (content/…/*.md) or, with
// body: 'html', an .html content file, which Hugo publishes as it is (Goldmark's default
// `unsafe: false` would drop raw HTML inside Markdown).
//
// Hugo reads "{{<" and "{{%" anywhere in content as shortcodes; template-guard.ts makes them
// text. "{{ }}" alone is not special in Hugo content.
import { endWithNewline } from '../body.ts';
import { timestamp, type FrontMatterValue } from '../front-matter.ts';
import { dateText } from '../dates.ts';
import type { Profile } from '../profile.ts';
import { escapeHugoShortcodesInHtml, escapeHugoShortcodesInMarkdown } from '../template-guard.ts';

export const hugoProfile: Profile = {
  name: 'hugo',
  defaults: { body: 'markdown', folderLayout: '{year}/{month}', repostLabel: '转载自', timeZone: 'UTC', dateFormat: 'iso', frontMatter: {} },
  render({ facts, settings, markdown }) {
    const isMarkdown = settings.body === 'markdown';
    const body = isMarkdown
      ? escapeHugoShortcodesInMarkdown(endWithNewline(markdown()))
      : escapeHugoShortcodesInHtml(endWithNewline(facts.html.replace(/\r\n?/g, '\n')));
    const entries: Array<[string, FrontMatterValue]> = [['title', facts.title]];
    if (facts.date) entries.push(['date', timestamp(dateText(facts.date, settings.dateFormat))]);
    if (facts.updated) entries.push(['lastmod', timestamp(dateText(facts.updated, settings.dateFormat))]);
    const author = facts.authors.join(', ') || facts.sourceName;
    if (author) entries.push(['author', author]);
    if (facts.categories.length > 0) entries.push(['categories', facts.categories]);
    if (facts.tags.length > 0) entries.push(['tags', facts.tags]);
    if (facts.leadImage) entries.push(['images', [facts.leadImage]]);
    if (facts.link) entries.push(['source_url', facts.link]);
    return { frontMatter: entries, body, blankLineAfterFrontMatter: true, extension: isMarkdown ? '.md' : '.html', datePrefix: false };
  },
};

// A folder's worth of rendered posts for the real-generator tests (Hexo, Hugo): the two
// example items, an item whose body is full of template syntax, and many hostile titles
// (also as categories and as body text), each with what the generator must read back.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FeedItem } from '../../src/model/index.ts';
import { renderPost, type BodyFormat, type DateFormat, type ProfileName, type RenderItem } from '../../src/pipeline/render/index.ts';
import { hostileTitles, seededRandom } from './hostile-titles.ts';

export interface SitePost {
  /** Where the file goes, relative to the generator's posts folder. */
  file: string;
  content: string;
  title: string;
  /** The instant of the front-matter date, in ms. */
  dateMs: number;
  categories: string[];
  /** Text the rendered page must show, whitespace collapsed. */
  texts: string[];
  /** Whether the body was written as Markdown (converted by the markdown stage). */
  markdown: boolean;
}

const FEED_TESTDATA = resolve('src/pipeline/feed/testdata');

function fixtureItem(name: string): FeedItem {
  return JSON.parse(readFileSync(join(FEED_TESTDATA, name, 'expected.json'), 'utf8')).items[0] as FeedItem;
}

/** The template-syntax body of the golden tests, and the text a reader must see from it. */
export const TEMPLATE_ITEM: FeedItem = JSON.parse(readFileSync(resolve('src/pipeline/render/testdata/template.item.json'), 'utf8'));
export const TEMPLATE_TEXTS = [
  'Variables {{ site.title }} and tags {% include x.html %}, comments {# note #}.',
  'A stray {% endraw %} and a nested {% raw %} and {%- endraw -%} and {{ "{%" }}.',
  'Unclosed {{ here and {% there, Hugo {{< figure src="a.png" >}} and {{% notice %}}.',
  '{{ inline code }}',
  '{{< gist x >}}',
  'line 1 {{ x }}',
  'line 3 {% if %}',
  '{{< lone',
];

const ZONES = ['UTC', 'Asia/Shanghai', 'America/New_York', '+05:45', '-09:30', 'Australia/Lord_Howe'];

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Text for comparing what a page shows: whitespace collapsed, the controls a browser would not
 * show dropped, and quotes straightened (Hexo's marked and Hugo's Goldmark both curl quotes in
 * Markdown, "smartypants"/"typographer").
 */
export function visibleText(text: string): string {
  return text
    .replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\ufeff]/g, '')
    .replace(/[\s\u0085]+/g, ' ')
    .replace(/[“”]/g, '"')
    .replace(/[‘’]/g, "'")
    .trim();
}

export interface SitePostsOptions {
  /** Generated hostile titles added to the fixed ones. */
  hostileCount: number;
  /** Body formats: the template item is written in each, hostile posts alternate. */
  bodies: BodyFormat[];
  folder?: string;
  /** One zone for every post; by default posts cycle through several zones and offsets. */
  timeZone?: string;
  dateFormat?: DateFormat;
  /**
   * Hostile titles as categories too (default). Jekyll puts categories into post URLs
   * (permalink /:categories/…) and aborts the build on some (e.g. one starting with ":").
   */
  hostileCategories?: boolean;
}

/** Renders the sample posts for one profile. */
export function buildSitePosts(profile: ProfileName, options: SitePostsOptions): SitePost[] {
  const prefix = options.folder ? `${options.folder}/` : '';
  const posts: SitePost[] = [];
  const add = (item: RenderItem, body: BodyFormat, timeZone: string, title: string, texts: string[]) => {
    const rendered = renderPost(item, { profile, timeZone: options.timeZone ?? timeZone, overrides: { body, dateFormat: options.dateFormat ?? 'iso' } });
    posts.push({
      file: prefix + rendered.path,
      content: rendered.content,
      title,
      dateMs: Date.parse(item.published!),
      categories: item.source?.categories ?? [],
      texts,
      markdown: body === 'markdown',
    });
  };

  const aljazeera = fixtureItem('rsshub-aljazeera');
  add({ ...aljazeera, source: { name: 'Aljazeera 半岛网', categories: ['新媒体', 'Aljazeera 半岛网', '新闻'] } }, options.bodies[0]!, 'Asia/Shanghai', aljazeera.title!, ['英国首相鲍里斯·约翰逊周二抵达乌克兰首都基辅']);
  const gnews = fixtureItem('gnews-wordpress');
  add({ ...gnews, source: { name: 'GNews', categories: ['GNews', '东京樱花团'] } }, options.bodies[0]!, 'UTC', gnews.title!, ['作者：东京樱花团｜捆绑CCP一千年']);
  for (const body of options.bodies) {
    add(
      { ...TEMPLATE_ITEM, id: `${TEMPLATE_ITEM.id}:${body}`, source: { name: 'Example {{ site }}', categories: ['{% raw %}', '{{ page }}'] } },
      body, 'UTC', 'Templates: {{ page.title }} & {% raw %}',
      profile === 'repost' ? ['Ann `Tick` Author 转载自Example {{ site }}', ...TEMPLATE_TEXTS] : TEMPLATE_TEXTS,
    );
  }

  const random = seededRandom(7);
  const titles = hostileTitles(options.hostileCount);
  titles.forEach((title, i) => {
    const ms = Date.UTC(2000, 0, 1) + Math.floor(random() * 25 * 365 * 86_400) * 1000;
    const categories = options.hostileCategories === false
      ? ['新媒体', `Site ${i % 5}`]
      : [titles[(i + 1) % titles.length]!, titles[(i + 7) % titles.length]!]
          .map((c) => c.trim().slice(0, 80).trim())
          .filter((c, j, all) => c !== '' && all.indexOf(c) === j);
    const item: RenderItem = {
      id: `urn:hostile:${i}`, title, link: `https://example.org/hostile/${i}`, published: new Date(ms).toISOString(),
      updated: null, authors: [{ name: title.slice(0, 40), email: null, url: null }], summary: null,
      content: `<p>${escapeHtml(title)}</p>`, categories: [], enclosures: [], comments: null, image: null,
      source: { name: 'Hostile', categories },
    };
    const body = options.bodies[i % options.bodies.length]!;
    // Markdown bodies go through the markdown stage, whose escaping is its own business: check their text only in HTML.
    add(item, body, ZONES[i % ZONES.length]!, title, body === 'html' && visibleText(title) !== '' ? [visibleText(title)] : []);
  });
  return posts;
}

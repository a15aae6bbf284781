// Item + profile → one post file (front matter + body) and its relative path.
import { InputError } from '../../errors.ts';
import { htmlToMarkdown } from '../markdown/index.ts';
import { linkFromPost, rewriteImageUrls } from '../media/index.ts';
import { checkTimeZone } from './dates.ts';
import { postFileName, postFolder } from './file-name.ts';
import { stringifyFrontMatter, type FrontMatterEntries, type FrontMatterValue } from './front-matter.ts';
import { collectPostFacts, type PostFacts, type RenderItem } from './post-facts.ts';
import type { Profile, ProfileName, ProfileSettings } from './profile.ts';
import { hexoProfile } from './profiles/hexo.ts';
import { hugoProfile } from './profiles/hugo.ts';
import { jekyllProfile } from './profiles/jekyll.ts';
import { repostProfile } from './profiles/repost.ts';

/** The profiles by name; a source picks one. */
export const PROFILES: Readonly<Record<ProfileName, Profile>> = {
  hexo: hexoProfile,
  repost: repostProfile,
  hugo: hugoProfile,
  jekyll: jekyllProfile,
};

export interface RenderOptions {
  profile: ProfileName;
  /** Keys a source overrides in its profile (front-matter extras, body, repostLabel, folderLayout, timeZone …). */
  overrides?: Partial<ProfileSettings>;
  /** IANA time zone or fixed offset dates are written in (default UTC → "+00:00"); a source's overrides.timeZone wins. */
  timeZone?: string;
  /**
   * The date of an item that has neither published nor updated. Pass the time the item was
   * first seen (not the current time) so that its path stays the same on every render.
   */
  now?: Date | string | null;
  /**
   * Local copies of the item's images (media.archive): original URL → where the copy is, a URL
   * path. One starting with "/" is written as it is (root-relative, for a site that serves it);
   * any other is relative to the posts root and is written relative to the post's own folder.
   * The body's <img src> and the lead image (headimg, thumbnail, images, image) use them.
   */
  images?: ReadonlyMap<string, string>;
  /**
   * The post's path when it already has one: an updated item keeps its file whatever its title
   * now makes, and its image links must be relative to that file. Default: made from the item.
   */
  path?: string | null;
}

export interface RenderedPost {
  /** Relative, "/"-separated: "2022/02/布林肯呼吁俄罗斯撤军-…-3f9a1c2b.md". */
  path: string;
  content: string;
}

/** Renders one item as a post file of the chosen profile. */
export function renderPost(item: RenderItem, options: RenderOptions): RenderedPost {
  const profile = PROFILES[options.profile];
  if (!profile) {
    throw new InputError('render.profile', `render: unknown profile ${JSON.stringify(options.profile)}`, {
      hint: `use one of ${Object.keys(PROFILES).join(', ')}`,
    });
  }
  const settings = resolveSettings(profile, options);
  const local = withImagePlaceholders(collectPostFacts(item, { timeZone: settings.timeZone, now: options.now ?? null }), options.images);
  const facts = local.facts;
  let markdown: string | undefined;
  const output = profile.render({
    facts,
    settings,
    markdown: () => (markdown ??= htmlToMarkdown(facts.html, { baseUrl: facts.link })),
  });
  if (output.datePrefix && facts.date === null) {
    throw new InputError('render.no-date', `render: item ${JSON.stringify(item.id)} has no date, and ${profile.name} file names need one`, {
      hint: 'pass `now` (the time the item was first seen) for undated items',
    });
  }
  const frontMatter = stringifyFrontMatter(withExtras(output.frontMatter, settings.frontMatter));
  const content = `---\n${frontMatter}---\n${output.blankLineAfterFrontMatter ? '\n' : ''}${output.body}`;
  const name = postFileName({
    title: facts.title,
    id: facts.id,
    extension: output.extension,
    datePrefix: output.datePrefix ? facts.date : null,
  });
  const folder = postFolder(settings.folderLayout, { date: facts.date, source: facts.sourceName, categories: facts.categories });
  const path = options.path ?? (folder === '' ? name : `${folder}/${name}`);
  return { path, content: local.restore(content, path) };
}

/**
 * Links to local image copies depend on the post's path, known only once the profile has
 * rendered, and Markdown conversion would resolve a relative src against the article's URL. So
 * the profile sees each archived image as a placeholder URL (absolute, in the reserved .invalid
 * domain of RFC 6761, unused by the item) and the finished text gets the real links. Links are
 * URL paths of [A-Za-z0-9._~%/-] only, so they need no escaping in HTML, Markdown or YAML.
 */
function withImagePlaceholders(facts: PostFacts, images: ReadonlyMap<string, string> | undefined): { facts: PostFacts; restore(content: string, path: string): string } {
  const unchanged = { facts, restore: (content: string) => content };
  if (!images || images.size === 0) return unchanged;
  const hasLocalLead = facts.leadImage !== null && images.has(facts.leadImage);
  if (!hasLocalLead && !/<img\b/i.test(facts.html)) return unchanged;
  const text = JSON.stringify(facts);
  let prefix = 'https://archived-image.invalid/';
  for (let n = 1; text.includes(prefix); n++) prefix = `https://archived-image-${n}.invalid/`;
  const placeholders = new Map([...images.keys()].map((url, i) => [url, `${prefix}${i}.img`]));
  const withPlaceholders: PostFacts = {
    ...facts,
    html: rewriteImageUrls(facts.html, placeholders),
    leadImage: facts.leadImage === null ? null : (placeholders.get(facts.leadImage) ?? facts.leadImage),
  };
  return {
    facts: withPlaceholders,
    restore(content, path) {
      let out = content;
      for (const [url, placeholder] of placeholders) {
        if (out.includes(placeholder)) out = out.split(placeholder).join(linkFromPost(path, images.get(url)!));
      }
      return out;
    },
  };
}

/** Profile defaults < options.timeZone < the source's overrides (frontMatter merged key by key). */
function resolveSettings(profile: Profile, options: RenderOptions): ProfileSettings {
  const overrides = options.overrides ?? {};
  const settings: ProfileSettings = {
    body: overrides.body ?? profile.defaults.body,
    folderLayout: overrides.folderLayout ?? profile.defaults.folderLayout,
    repostLabel: overrides.repostLabel ?? profile.defaults.repostLabel,
    timeZone: overrides.timeZone ?? options.timeZone ?? profile.defaults.timeZone,
    dateFormat: overrides.dateFormat ?? profile.defaults.dateFormat,
    frontMatter: { ...profile.defaults.frontMatter, ...overrides.frontMatter },
  };
  if (settings.body !== 'html' && settings.body !== 'markdown') {
    throw new InputError('render.body', `render: body must be "html" or "markdown", not ${JSON.stringify(settings.body)}`);
  }
  if (settings.dateFormat !== 'iso' && settings.dateFormat !== 'local') {
    throw new InputError('render.date-format', `render: dateFormat must be "iso" or "local", not ${JSON.stringify(settings.dateFormat)}`);
  }
  checkTimeZone(settings.timeZone);
  return settings;
}

/** Extra keys replace the profile's own in place, are appended when new, and a null removes the key. */
function withExtras(entries: FrontMatterEntries, extras: Readonly<Record<string, FrontMatterValue>>): FrontMatterEntries {
  const keys = Object.keys(extras);
  if (keys.length === 0) return entries;
  const out: Array<readonly [string, FrontMatterValue]> = [];
  for (const [key, value] of entries) {
    if (!Object.hasOwn(extras, key)) out.push([key, value]);
    else if (extras[key] !== null) out.push([key, extras[key]!]);
  }
  for (const key of keys) if (!entries.some(([k]) => k === key) && extras[key] !== null) out.push([key, extras[key]!]);
  return out;
}

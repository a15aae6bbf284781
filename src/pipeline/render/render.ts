// Item + profile → one post file (front matter + body) and its relative path.
import { InputError } from '../../errors.ts';
import { htmlToMarkdown } from '../markdown/index.ts';
import { checkTimeZone } from './dates.ts';
import { postFileName, postFolder } from './file-name.ts';
import { stringifyFrontMatter, type FrontMatterEntries, type FrontMatterValue } from './front-matter.ts';
import { collectPostFacts, type RenderItem } from './post-facts.ts';
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
  const facts = collectPostFacts(item, { timeZone: settings.timeZone, now: options.now ?? null });
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
  return { path: folder === '' ? name : `${folder}/${name}`, content };
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

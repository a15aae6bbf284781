// The shape every profile module has, and the settings a source may override.
import type { DateFormat } from './dates.ts';
import type { FrontMatterEntries, FrontMatterValue } from './front-matter.ts';
import type { PostFacts } from './post-facts.ts';

export type ProfileName = 'hexo' | 'repost' | 'hugo' | 'jekyll';

/** How the article itself is written into the post. */
export type BodyFormat = 'html' | 'markdown';

/** The keys of a profile a source may override. */
export interface ProfileSettings {
  /** 'html': the cleaned HTML (Hexo: inside a <div>; Hugo/Jekyll: an .html post); 'markdown': GFM. */
  body: BodyFormat;
  /** Folder of the post below the output root: "/"-separated, tokens {year} {month} {day} {source} {categories}; "" for none. */
  folderLayout: string;
  /** The repost line's label: "转载自", "轉載自", "Reposted from" … */
  repostLabel: string;
  /** IANA zone or fixed offset the dates are written in. */
  timeZone: string;
  /**
   * 'iso' (default): "2022-02-02T10:38:07+08:00". 'local': "2022-02-02 10:38:07", the wall clock
   * in timeZone without an offset. Hexo ignores offsets: it converts the timestamp to UTC and
   * then reads that UTC wall clock as the site's `timezone`, so an offset date is only right in
   * a Hexo site whose timezone is UTC. For a site in another zone, use 'local' with timeZone set
   * to the site's `timezone`.
   */
  dateFormat: DateFormat;
  /** Extra front-matter keys, written after the profile's own (same key: replaces it; null: removes it). */
  frontMatter: Readonly<Record<string, FrontMatterValue>>;
}

/** What a profile is given for one post. */
export interface ProfileInput {
  facts: PostFacts;
  settings: ProfileSettings;
  /** The article as GFM Markdown, converted on first use. */
  markdown(): string;
}

/** What a profile makes of one post; the renderer adds the YAML, the file name and the folder. */
export interface ProfileOutput {
  frontMatter: FrontMatterEntries;
  /** The text after the front matter, ending in a newline. */
  body: string;
  /** An empty line between the front matter and the body, as the profile's generator writes it. */
  blankLineAfterFrontMatter: boolean;
  extension: '.md' | '.html';
  /** Jekyll's "YYYY-MM-DD-" file-name prefix (the post then needs a date). */
  datePrefix: boolean;
}

/** One post shape: its defaults and how it writes an item. */
export interface Profile {
  readonly name: ProfileName;
  readonly defaults: ProfileSettings;
  render(input: ProfileInput): ProfileOutput;
}

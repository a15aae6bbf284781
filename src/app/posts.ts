import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import type { Config } from '../config/index.ts';
import type { Source, StoredItem } from '../model/index.ts';
import { renderPost, type ProfileName, type RenderedPost } from '../pipeline/render/index.ts';

/** Temp files are named so a sweep can find what a killed run left behind. */
const TEMP_PREFIX = '.tidings-';
const TEMP_SUFFIX = '.tmp';

export interface RenderStoredItemOptions {
  /** Another profile than the source's (export hexo). */
  profile?: ProfileName;
  /** Archived images: original URL → the copy (RenderOptions.images; app/media.ts postImageLinks). */
  images?: ReadonlyMap<string, string>;
  /** Keep the post file the item already has (workspace posts); an export makes its own paths. */
  keepPath?: boolean;
}

/** Renders a stored item as its source's post (profile, categories, folder layout, time zone from config and source). */
export function renderStoredItem(stored: StoredItem, source: Source, config: Config, options: RenderStoredItemOptions = {}): RenderedPost {
  const profile = (options.profile ?? source.profile ?? config.posts.profile) as ProfileName;
  return renderPost(
    // A repost credits the site it came from (item.via), not the reposts source.
    { ...stored.item, source: { name: stored.item.via !== undefined ? stored.item.via : source.name, categories: source.categories } },
    {
      profile,
      timeZone: config.posts.timeZone,
      now: stored.firstSeenAt,
      ...(options.images ? { images: options.images } : {}),
      ...(options.keepPath ? { path: stored.postPath } : {}),
      overrides: {
        body: profile === 'repost' ? 'markdown' : (source.settings.post?.body ?? config.posts.body),
        folderLayout: source.settings.post?.folderLayout ?? config.posts.layout,
        repostLabel: source.settings.post?.repostLabel ?? config.posts.repostLabel,
        ...(source.settings.post?.timeZone ? { timeZone: source.settings.post.timeZone } : {}),
      },
    },
  );
}

export function hashPost(content: string): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * Writes a file atomically: a temp file in the same folder, then rename, so a reader
 * (or Hexo) never sees half a post and a crash leaves either the old file or the new one.
 * The path must stay inside `root`.
 */
export function writeFileAtomic(root: string, relativePath: string, content: string | Uint8Array): string {
  const target = resolve(root, relativePath);
  if (!target.startsWith(resolve(root) + sep)) throw new Error(`posts: ${relativePath} escapes ${root}`);
  const folder = dirname(target);
  // pid + counter is unique among concurrent writers and cheaper than random bytes per post.
  const temp = join(folder, `${TEMP_PREFIX}${process.pid}-${++tempCounter}${TEMP_SUFFIX}`);
  try {
    if (!knownFolders.has(folder)) {
      mkdirSync(folder, { recursive: true });
      knownFolders.add(folder);
    }
    try {
      writeFileSync(temp, content);
    } catch (error) {
      // The folder was removed since we last made it (a long --watch run): make it again once.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      mkdirSync(folder, { recursive: true });
      writeFileSync(temp, content);
    }
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  return target;
}

/** Folders already created in this process: mkdir per post was a tenth of an ingest. */
const knownFolders = new Set<string>();
let tempCounter = 0;

/** Removes temp files a killed run left in a posts tree. Returns how many it removed. */
export function sweepTempFiles(root: string): number {
  if (!existsSync(root)) return 0;
  let removed = 0;
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.startsWith(TEMP_PREFIX) && entry.name.endsWith(TEMP_SUFFIX)) {
      rmSync(join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name), { force: true });
      removed++;
    }
  }
  return removed;
}

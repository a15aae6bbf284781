import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { urlPath } from '../pipeline/media/index.ts';
import type { MediaRecord } from '../store/index.ts';
import { mediaFolder } from './media.ts';
import { writeFileAtomic, renderStoredItem, sweepTempFiles } from './posts.ts';
import type { Workspace } from './workspace.ts';

export interface ExportHexoResult {
  postsDir: string;
  written: number;
  /** Archived images copied into the site now (ones already there are not counted). */
  mediaCopied: number;
}

/**
 * `tidings export hexo DIR`: every stored item as a Hexo post under DIR/source/_posts/,
 * in the configured folder layout (one folder per channel by default). Files are
 * written atomically; running it again rewrites the same paths.
 *
 * Archived images (media.archive) the posts show are copied to DIR/source/<media.dir>/ and
 * linked root-relative, "/media/ab/….jpg": Hexo copies every file of source/ outside _posts
 * to the same path in public/, while a post's own URL (permalink /:year/:month/:day/:title/
 * by default) has no fixed depth, so the file-relative links of the workspace's posts would
 * break in the site. Root-relative links assume the site is served at its domain's root
 * (Hexo's `root: /`), as Hexo's own asset links do.
 */
export async function exportHexo(workspace: Workspace, dir: string): Promise<ExportHexoResult> {
  const postsDir = resolve(dir, 'source', '_posts');
  sweepTempFiles(postsDir);
  const sources = new Map((await workspace.store.listSources()).map((s) => [s.id, s]));
  const items = await workspace.store.listItems();
  const media: Map<number, MediaRecord[]> = workspace.config.media.archive ? await workspace.store.itemMedia(items.map((i) => i.id)) : new Map();
  const siteMedia = siteMediaFolder(workspace.config.media.dir);
  const copies = new MediaCopies(mediaFolder(workspace), resolve(dir, 'source', siteMedia));
  let written = 0;
  for (const stored of items) {
    const source = sources.get(stored.sourceId);
    if (!source) continue;
    const images = new Map<string, string>();
    for (const record of media.get(stored.id) ?? []) {
      if (record.status === 'ok' && copies.copy(record.path!)) images.set(record.url, `/${urlPath(`${siteMedia}/${record.path}`)}`);
    }
    // Reposts are Hexo posts already (crediting the original); every other profile becomes hexo.
    const post = renderStoredItem(stored, source, workspace.config, { profile: source.profile === 'repost' ? 'repost' : 'hexo', images });
    writeFileAtomic(postsDir, post.path, post.content);
    written++;
  }
  return { postsDir, written, mediaCopied: copies.copied };
}

/**
 * The folder under the site's source/ for archived images: media.dir when it is a plain
 * relative path, else "media". Hexo skips files and folders starting with "_" or "." (other
 * than _posts), and an absolute or "../" path has no place inside a site.
 */
function siteMediaFolder(configured: string): string {
  const segments = configured.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  const plain = !isAbsolute(configured) && segments.length > 0 && segments.every((s) => s !== '..' && !s.startsWith('_') && !s.startsWith('.'));
  return plain ? segments.join('/') : 'media';
}

/** Copies archived files into the site once each; a file already there (same name = same bytes) is left. */
class MediaCopies {
  copied = 0;
  readonly #done = new Map<string, boolean>();

  constructor(readonly from: string, readonly to: string) {}

  /** True when the site has the file (copied now or before); false when the archive lacks it. */
  copy(path: string): boolean {
    let present = this.#done.get(path);
    if (present === undefined) {
      const source = join(this.from, path);
      present = existsSync(join(this.to, path));
      if (!present && existsSync(source)) {
        writeFileAtomic(this.to, path, readFileSync(source));
        this.copied++;
        present = true;
      }
      this.#done.set(path, present);
    }
    return present;
  }
}

import { resolve } from 'node:path';
import { writeFileAtomic, renderStoredItem, sweepTempFiles } from './posts.ts';
import type { Workspace } from './workspace.ts';

export interface ExportHexoResult {
  postsDir: string;
  written: number;
}

/**
 * `tidings export hexo DIR`: every stored item as a Hexo post under DIR/source/_posts/,
 * in the configured folder layout (one folder per channel by default). Files are
 * written atomically; running it again rewrites the same paths.
 */
export async function exportHexo(workspace: Workspace, dir: string): Promise<ExportHexoResult> {
  const postsDir = resolve(dir, 'source', '_posts');
  sweepTempFiles(postsDir);
  const sources = new Map((await workspace.store.listSources()).map((s) => [s.id, s]));
  let written = 0;
  for (const stored of await workspace.store.listItems()) {
    const source = sources.get(stored.sourceId);
    if (!source) continue;
    // Reposts are Hexo posts already (crediting the original); every other profile becomes hexo.
    const post = renderStoredItem(stored, source, workspace.config, source.profile === 'repost' ? 'repost' : 'hexo');
    writeFileAtomic(postsDir, post.path, post.content);
    written++;
  }
  return { postsDir, written };
}

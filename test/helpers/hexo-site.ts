// A throwaway Hexo site around a folder of posts, loaded by real Hexo (devDependencies hexo +
// hexo-renderer-marked), shared by the Hexo tests.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Hexo from 'hexo';
import { decodeHTML } from 'entities';
import { visibleText, type SitePost } from './site-posts.ts';

const require = createRequire(import.meta.url);
const NODE_MODULES = dirname(dirname(require.resolve('hexo/package.json')));
export const HEXO_VERSION = (require('hexo/package.json') as { version: string }).version;

export interface HexoCategory { name: string; parent?: string; _id: string }
export interface HexoPost {
  source: string;
  title: string;
  date: { toISOString(): string; valueOf(): number };
  content: string;
  categories: { toArray(): HexoCategory[] };
}

export function makeSite(posts: ReadonlyArray<Pick<SitePost, 'file' | 'content'>>, timezone: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-hexo-'));
  writeFileSync(join(dir, '_config.yml'), ['title: Tidings test', 'url: http://example.org', `timezone: ${timezone}`, ''].join('\n'));
  // A folder is a Hexo site when its package.json has a "hexo" key; Hexo then loads the
  // plugins it names (hexo-renderer-marked) from the site's node_modules.
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name: 'tidings-hexo-test', version: '0.0.0', private: true,
    hexo: { version: HEXO_VERSION },
    dependencies: { hexo: '*', 'hexo-renderer-marked': '*' },
  }));
  symlinkSync(NODE_MODULES, join(dir, 'node_modules'), 'dir');
  for (const post of posts) {
    const file = join(dir, 'source', '_posts', post.file);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, post.content);
  }
  return dir;
}

export async function loadPosts(dir: string): Promise<Map<string, HexoPost>> {
  const hexo = new Hexo(dir, { silent: true });
  await hexo.init();
  await hexo.load();
  const posts = (hexo.locals.get('posts') as unknown as { toArray(): HexoPost[] }).toArray();
  await hexo.exit();
  return new Map(posts.map((p) => [p.source.replace(/^_posts\//, ''), p]));
}

export function pageText(html: string): string {
  return visibleText(decodeHTML(html.replace(/<br\s*\/?>/gi, '\n').replace(/<[^>]*>/g, '')));
}

/** The category chain Hexo built: names from the root down (a list in front matter is a hierarchy). */
export function categoryChain(post: HexoPost): string[] {
  const categories = post.categories.toArray();
  const byId = new Map(categories.map((c) => [c._id, c]));
  const leaf = categories.find((c) => !categories.some((other) => other.parent === c._id));
  const chain: string[] = [];
  for (let c = leaf; c; c = c.parent ? byId.get(c.parent) : undefined) chain.unshift(c.name);
  return chain;
}


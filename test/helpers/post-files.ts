// Reading rendered post files back the way static-site generators do.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Splits a post as Hexo does (hexo-front-matter's rFrontMatter): the YAML between the --- lines, and the body. */
export function splitPost(content: string): { yaml: string; body: string } {
  const match = /^(-{3,})\n([\s\S]+?)\n\1\n?([\s\S]*)$/.exec(content);
  assert.ok(match, 'post starts with a --- front-matter block');
  return { yaml: match[2]!, body: match[3]! };
}

/** Every file under `root`, as sorted paths relative to it; [] when root does not exist. */
export function listFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

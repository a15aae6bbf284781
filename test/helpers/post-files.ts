// Reading rendered post files back the way static-site generators do.
import assert from 'node:assert/strict';

/** Splits a post as Hexo does (hexo-front-matter's rFrontMatter): the YAML between the --- lines, and the body. */
export function splitPost(content: string): { yaml: string; body: string } {
  const match = /^(-{3,})\n([\s\S]+?)\n\1\n?([\s\S]*)$/.exec(content);
  assert.ok(match, 'post starts with a --- front-matter block');
  return { yaml: match[2]!, body: match[3]! };
}

// Real Jekyll over a folder of rendered posts (jekyll profile, Markdown and HTML bodies): the
// build must succeed (Liquid runs over every post, so "{{ }}"/"{% %}" in an article would break
// it), and every post must have the title, date and categories we wrote. Skipped, with the
// reason printed, when no `jekyll` binary is installed (Debian/Ubuntu: apt-get install jekyll).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { decodeHTML } from 'entities';
import { buildSitePosts, visibleText } from '../helpers/site-posts.ts';

function jekyllMissingReason(): string | false {
  const probe = spawnSync('jekyll', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return `no usable jekyll binary on PATH (${probe.error?.message ?? probe.stderr.trim()}); install it with apt-get install jekyll`;
  return false;
}

const skip = jekyllMissingReason();
if (skip) console.log(`# jekyll tests skipped: ${skip}`);

// One JSON document listing every post as Jekyll read it.
const INDEX_JSON = `---
layout: null
---
[{% for post in site.posts %}{"file": {{ post.path | jsonify }}, "title": {{ post.title | jsonify }}, "date": {{ post.date | date_to_xmlschema | jsonify }}, "categories": {{ post.categories | jsonify }}, "content": {{ post.content | jsonify }}}{% unless forloop.last %},{% endunless %}{% endfor %}]
`;

interface JekyllPost { file: string; title: string; date: string; categories: string[]; content: string }

test('jekyll builds every jekyll post with its title, date and categories', { skip, timeout: 300_000 }, () => {
  // Realistic categories: Jekyll's default permalink puts them into the URL, where some
  // hostile ones (a leading ":") abort the build; titles and bodies stay hostile.
  const posts = buildSitePosts('jekyll', { hostileCount: 120, bodies: ['markdown', 'html'], hostileCategories: false });
  assert.equal(new Set(posts.map((p) => p.file)).size, posts.length, 'file names are unique');
  const dir = mkdtempSync(join(tmpdir(), 'tidings-jekyll-'));
  try {
    writeFileSync(join(dir, '_config.yml'), 'title: Tidings test\nfuture: true\ntimezone: Asia/Shanghai\n');
    writeFileSync(join(dir, 'posts.json'), INDEX_JSON);
    for (const post of posts) {
      const file = join(dir, '_posts', post.file);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, post.content);
    }
    const run = spawnSync('jekyll', ['build', '--source', dir, '--destination', join(dir, '_site'), '--quiet'], { encoding: 'utf8', timeout: 240_000 });
    assert.equal(run.status, 0, `jekyll build failed:\n${run.stderr}\n${run.stdout}`);
    const built = JSON.parse(readFileSync(join(dir, '_site', 'posts.json'), 'utf8')) as JekyllPost[];
    const byFile = new Map(built.map((post) => [post.file.normalize('NFC').replace(/^_posts\//, ''), post]));
    assert.equal(byFile.size, posts.length, 'Jekyll read every post');
    for (const expected of posts) {
      const post = byFile.get(expected.file);
      const what = `${expected.file} (${JSON.stringify(expected.title.slice(0, 60))})`;
      assert.ok(post, `Jekyll read ${what}`);
      assert.equal(post.title, expected.title, `title of ${what}`);
      assert.equal(Date.parse(post.date), expected.dateMs, `date of ${what}`);
      assert.deepEqual(post.categories, expected.categories, `categories of ${what}`);
      const text = visibleText(decodeHTML(post.content.replace(/<[^>]*>/g, '')));
      for (const fragment of expected.texts.map(visibleText)) assert.ok(text.includes(fragment), `${what} shows ${JSON.stringify(fragment)}; page text: ${text.slice(0, 400)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

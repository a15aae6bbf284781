// Real Hugo over a folder of rendered posts (hugo profile, Markdown and HTML bodies): the build
// must succeed and every page must have the title, date and categories we wrote, and show
// shortcode-looking text ("{{< … >}}", "{{% … %}}") as text. Skipped, with the reason printed,
// when no `hugo` binary is installed (Debian/Ubuntu: apt-get install hugo).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { decodeHTML } from 'entities';
import { buildSitePosts, visibleText, type SitePost } from '../helpers/site-posts.ts';

function hugoMissingReason(): string | false {
  const probe = spawnSync('hugo', ['version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return `no usable hugo binary on PATH (${probe.error?.message ?? probe.stderr.trim()}); install it with apt-get install hugo`;
  return false;
}

const skip = hugoMissingReason();
if (skip) console.log(`# hugo tests skipped: ${skip}`);

const CONFIG = `baseURL = "http://example.org/"
title = "Tidings test"
buildFuture = true
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[outputs]
home = ["JSON"]
section = []
page = ["HTML"]
`;

// One JSON document listing every page as Hugo read it; dates in UTC.
const INDEX_JSON = `{{- $pages := slice -}}
{{- range .Site.RegularPages -}}
{{- $pages = $pages | append (dict "file" .File.Path "title" .Title "date" (.Date.UTC.Format "2006-01-02T15:04:05Z07:00") "categories" .Params.categories "content" .Content) -}}
{{- end -}}
{{- jsonify $pages -}}
`;

interface HugoPage { file: string; title: string; date: string; categories: string[] | null; content: string }

function buildSite(posts: SitePost[]): { pages: HugoPage[]; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-hugo-'));
  writeFileSync(join(dir, 'hugo.toml'), CONFIG);
  mkdirSync(join(dir, 'layouts', '_default'), { recursive: true });
  writeFileSync(join(dir, 'layouts', 'index.json'), INDEX_JSON);
  writeFileSync(join(dir, 'layouts', '_default', 'single.html'), '{{ .Content }}');
  for (const post of posts) {
    const file = join(dir, 'content', 'posts', post.file);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, post.content);
  }
  const run = spawnSync('hugo', ['--source', dir, '--quiet'], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.status, 0, `hugo build failed:\n${run.stderr}\n${run.stdout}`);
  return { pages: JSON.parse(readFileSync(join(dir, 'public', 'index.json'), 'utf8')) as HugoPage[], dir };
}

test('hugo builds every hugo post with its title, date and categories', { skip, timeout: 180_000 }, () => {
  const posts = buildSitePosts('hugo', { hostileCount: 120, bodies: ['markdown', 'html'] });
  assert.equal(new Set(posts.map((p) => p.file)).size, posts.length, 'file names are unique');
  const { pages, dir } = buildSite(posts);
  try {
    const byFile = new Map(pages.map((page) => [page.file.normalize('NFC'), page]));
    assert.equal(byFile.size, posts.length, 'Hugo read every post');
    for (const expected of posts) {
      const page = byFile.get(`posts/${expected.file}`);
      const what = `${expected.file} (${JSON.stringify(expected.title.slice(0, 60))})`;
      assert.ok(page, `Hugo read ${what}`);
      assert.equal(page.title, expected.title, `title of ${what}`);
      assert.equal(Date.parse(page.date), expected.dateMs, `date of ${what}`);
      assert.deepEqual(page.categories ?? [], expected.categories, `categories of ${what}`);
      const text = visibleText(decodeHTML(page.content.replace(/<[^>]*>/g, '')));
      for (const fragment of expected.texts.map(visibleText)) assert.ok(text.includes(fragment), `${what} shows ${JSON.stringify(fragment)}; page text: ${text.slice(0, 400)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

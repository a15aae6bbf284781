// Real Hexo (devDependencies hexo + hexo-renderer-marked) over a folder of rendered posts:
// every post must load with the title, date and categories we wrote, and template syntax in
// bodies must reach the page as text instead of breaking the build.
//
// Hexo and dates: Hexo turns a front-matter timestamp into UTC and then reads that UTC wall
// clock as the site's `timezone` (or the machine's zone when unset), whatever offset was
// written. So offset dates are right in a site whose timezone is UTC, and a site in another
// zone needs dateFormat 'local' with the renderer's timeZone set to the site's. Both are tested,
// and so is the shift itself, so that a Hexo that changes this is noticed. The process runs in
// a non-UTC zone (Asia/Tokyo) so that hexo-front-matter's own local-time shift is exercised.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { buildSitePosts, visibleText, type SitePost } from '../helpers/site-posts.ts';
import { categoryChain, loadPosts, makeSite, pageText, type HexoPost } from '../helpers/hexo-site.ts';

process.env['TZ'] = 'Asia/Tokyo';

async function withSite<T>(posts: SitePost[], timezone: string, use: (loaded: Map<string, HexoPost>) => T): Promise<T> {
  const dir = makeSite(posts, timezone);
  try {
    return use(await loadPosts(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const profile of ['hexo', 'repost'] as const) {
  test(`hexo loads every ${profile} post with its title, date and categories`, { timeout: 120_000 }, async () => {
    const posts = buildSitePosts(profile, { hostileCount: 120, bodies: profile === 'hexo' ? ['html', 'markdown'] : ['markdown', 'html'] });
    assert.equal(new Set(posts.map((p) => p.file)).size, posts.length, 'file names are unique');
    await withSite(posts, 'UTC', (loaded) => {
      assert.equal(loaded.size, posts.length, 'Hexo loaded every post');
      for (const expected of posts) {
        const post = loaded.get(expected.file);
        assert.ok(post, `Hexo loaded ${expected.file}`);
        const what = `${expected.file} (${JSON.stringify(expected.title.slice(0, 60))})`;
        assert.equal(post.title, expected.title, `title of ${what}`);
        assert.equal(post.date.valueOf(), expected.dateMs, `date of ${what}`);
        // The repost profile writes no categories (the example has none).
        assert.deepEqual(categoryChain(post), profile === 'hexo' ? expected.categories : [], `categories of ${what}`);
        const text = pageText(post.content);
        for (const fragment of expected.texts.map(visibleText)) assert.ok(text.includes(fragment), `${what} shows ${JSON.stringify(fragment)}; page text: ${text.slice(0, 400)}`);
      }
    });
  });
}

test('hexo site in Asia/Shanghai: dateFormat local + timeZone Asia/Shanghai gives the right instants', { timeout: 60_000 }, async () => {
  const posts = buildSitePosts('hexo', { hostileCount: 20, bodies: ['html'], timeZone: 'Asia/Shanghai', dateFormat: 'local' });
  await withSite(posts, 'Asia/Shanghai', (loaded) => {
    assert.equal(loaded.size, posts.length);
    for (const expected of posts) assert.equal(loaded.get(expected.file)?.date.valueOf(), expected.dateMs, expected.file);
  });
});

test('hexo quirk, pinned: in an Asia/Shanghai site an offset date is read 8 hours early', { timeout: 60_000 }, async () => {
  const posts = buildSitePosts('hexo', { hostileCount: 0, bodies: ['html'], timeZone: 'Asia/Shanghai' });
  await withSite(posts, 'Asia/Shanghai', (loaded) => {
    for (const expected of posts) assert.equal(loaded.get(expected.file)?.date.valueOf(), expected.dateMs - 8 * 3_600_000, expected.file);
  });
});

// renderPost's `images` and `path` options: archived images linked from the post, relative to
// the post's own file (or root-relative), in every profile and both body formats.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { posix } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { FeedItem } from '../../model/index.ts';
import { splitPost } from '../../../test/helpers/post-files.ts';
import { renderPost, type RenderItem } from './index.ts';

const LEAD = 'https://img.example/lead.jpg?w=800&h=600';
const SECOND = 'https://img.example/2.png';
const REMOTE = 'https://img.example/not-archived.gif';

function item(over: Partial<FeedItem> = {}): RenderItem {
  return {
    id: 'https://news.example/a',
    title: 'An article with pictures',
    link: 'https://news.example/2022/a.html',
    published: '2022-02-02T02:38:07.000Z',
    updated: null,
    authors: [],
    summary: null,
    content:
      `<p>Text <img src="${LEAD.replace(/&/g, '&amp;')}" srcset="https://img.example/lead-2x.jpg 2x" alt="lead" /></p>` +
      `<p><img src="${SECOND}" alt="" /><img src="${REMOTE}" alt="" /> and a <a href="${SECOND}">link to it</a></p>`,
    categories: [],
    enclosures: [],
    comments: null,
    image: null,
    source: { name: 'News', categories: ['Group', 'Site', 'Channel'] },
    ...over,
  };
}

/** Where the copies are, relative to the posts root (the workspace's media folder beside source/_posts). */
const IMAGES = new Map([
  [LEAD, '../../media/ab/abcd.jpg'],
  [SECOND, '../../media/cd/cdef.png'],
]);

function frontMatter(content: string): Record<string, unknown> {
  return parseYaml(splitPost(content).yaml) as Record<string, unknown>;
}

/** The file a link from the post resolves to, in a workspace /w whose posts root is /w/source/_posts. */
function resolved(postPath: string, link: string): string {
  return posix.resolve(posix.dirname(`/w/source/_posts/${postPath}`), link);
}

test('hexo, HTML body: <img src> and headimg/thumbnail link the copies relative to the post; the rest stays remote', () => {
  const post = renderPost(item(), { profile: 'hexo', images: IMAGES, overrides: { folderLayout: '{categories}' } });
  assert.equal(post.path, 'Group/Site/Channel/An-article-with-pictures-' + post.path.split('-').at(-1));
  const up = '../../../';
  const fm = frontMatter(post.content);
  assert.equal(fm['headimg'], `${up}../../media/ab/abcd.jpg`);
  assert.equal(fm['thumbnail'], `${up}../../media/ab/abcd.jpg`);
  const body = splitPost(post.content).body;
  assert.ok(body.includes(`<img src="${up}../../media/ab/abcd.jpg" alt="lead" />`), body);
  assert.ok(!body.includes('lead-2x.jpg'), 'the remote srcset would win over the local src in browsers');
  assert.ok(body.includes(`<img src="${up}../../media/cd/cdef.png" alt="" />`));
  assert.ok(body.includes(`<img src="${REMOTE}" alt="" />`), 'an image without a copy keeps its URL');
  assert.ok(body.includes(`<a href="${SECOND}">`), 'links are not images');
  assert.equal(resolved(post.path, fm['headimg'] as string), '/w/media/ab/abcd.jpg');
});

test('Markdown bodies (repost, hugo, jekyll, hexo markdown) keep the links relative: not resolved against the article URL', () => {
  for (const [profile, body] of [['repost', undefined], ['hugo', undefined], ['jekyll', undefined], ['hexo', 'markdown']] as const) {
    const post = renderPost(item(), { profile, images: IMAGES, ...(body ? { overrides: { body } } : {}) });
    const depth = post.path.split('/').length - 1;
    const up = '../'.repeat(depth);
    assert.ok(post.content.includes(`![lead](${up}../../media/ab/abcd.jpg)`), `${profile}: ${post.content}`);
    assert.ok(post.content.includes(`](${REMOTE})`), profile);
    assert.ok(!post.content.includes('archived-image'), `${profile}: no placeholder left`);
    const fm = frontMatter(post.content);
    if (profile === 'hugo') assert.deepEqual(fm['images'], [`${up}../../media/ab/abcd.jpg`]);
    if (profile === 'jekyll') assert.equal(fm['image'], `${up}../../media/ab/abcd.jpg`);
  }
});

test('root-relative targets are written as they are (export hexo); the lead may be an enclosure', () => {
  const post = renderPost(item({ content: '<p>No pictures in the text</p>', enclosures: [{ url: LEAD, type: 'image/jpeg', length: null }] }), {
    profile: 'hexo',
    images: new Map([[LEAD, '/media/ab/abcd.jpg']]),
  });
  assert.equal(frontMatter(post.content)['headimg'], '/media/ab/abcd.jpg');
  assert.equal(frontMatter(post.content)['thumbnail'], '/media/ab/abcd.jpg');
});

test('path: an existing post keeps its file, and its links are relative to that file', () => {
  const post = renderPost(item({ title: 'A corrected title' }), { profile: 'hexo', images: IMAGES, path: 'old/place/post.md' });
  assert.equal(post.path, 'old/place/post.md');
  assert.equal(frontMatter(post.content)['headimg'], '../../../../media/ab/abcd.jpg');
});

test('without images the post is byte for byte what it was; text that looks like a placeholder is left alone', () => {
  const plain = renderPost(item(), { profile: 'hexo' });
  assert.deepEqual(renderPost(item(), { profile: 'hexo', images: new Map() }), plain);
  assert.equal(frontMatter(plain.content)['headimg'], LEAD);

  const tricky = item({ title: 'See https://archived-image.invalid/0.img', content: `<p>https://archived-image.invalid/0.img <img src="${SECOND}" /></p>` });
  const post = renderPost(tricky, { profile: 'hexo', images: IMAGES });
  assert.ok(post.content.includes('<p>https://archived-image.invalid/0.img <img src="'), 'the text stays as it was');
  assert.equal(frontMatter(post.content)['title'], 'See https://archived-image.invalid/0.img');
  assert.match(post.content, /<img src="(\.\.\/)+media\/cd\/cdef\.png" \/>/);
});

// Properties of post file names over hostile titles: path-safe, at most 200 UTF-8 bytes, cut on
// a grapheme boundary, stable, unique per item id, CJK kept; and folder layouts by case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostileTitles } from '../../../test/helpers/hostile-titles.ts';
import { isReservedWindowsName, MAX_FILE_NAME_BYTES, postFileName, postFolder, slugify } from './file-name.ts';
import { renderPost } from './index.ts';

const TITLES = hostileTitles(3000);
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function assertSafeName(name: string, why: string): void {
  assert.doesNotMatch(name, /[/\\]/, `${why}: no separator`);
  assert.doesNotMatch(name, /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u, `${why}: no control or format character`);
  assert.doesNotMatch(name, /[<>:"|?*%#&\s]/, `${why}: nothing Windows, a shell or a URL trips on`);
  assert.ok(!name.startsWith('.') && !name.startsWith('_') && !name.startsWith('-'), `${why}: not hidden (Hexo and Jekyll skip "_" and "." names)`);
  assert.ok(!name.includes('..'), `${why}: no ".."`);
  assert.ok(!isReservedWindowsName(name), `${why}: not a Windows device name, no trailing dot or space`);
  assert.ok(Buffer.byteLength(name, 'utf8') <= MAX_FILE_NAME_BYTES, `${why}: at most ${MAX_FILE_NAME_BYTES} bytes`);
  assert.equal(name, name.normalize('NFC'), `${why}: NFC`);
  assert.doesNotMatch(name, /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/, `${why}: well-formed UTF-16`);
}

test('file names: path-safe, at most 200 bytes, stable, for every hostile title', () => {
  TITLES.forEach((title, i) => {
    for (const extension of ['.md', '.html']) {
      for (const datePrefix of [null, { year: '2022', month: '02', day: '02' }]) {
        const options = { title, id: `urn:name:${i}`, extension, datePrefix };
        const name = postFileName(options);
        const why = `title #${i} ${JSON.stringify(title.slice(0, 60))}`;
        assertSafeName(name, why);
        assert.ok(name.endsWith(extension));
        assert.equal(postFileName({ ...options }), name, `${why}: stable`);
        if (datePrefix) assert.ok(name.startsWith('2022-02-02-'), `${why}: Jekyll date prefix`);
        // The slug part is a prefix of the whole slug, cut between graphemes.
        const slug = name.slice(datePrefix ? 11 : 0).replace(/-?[0-9a-f]{8}\.(md|html)$/, '');
        const full = slugify(title);
        assert.ok(full.startsWith(slug), `${why}: the slug is the title's, cut at the end only`);
        if (slug !== full && slug !== '') {
          const boundaries = new Set([...segmenter.segment(full)].map((s) => s.index));
          assert.ok(boundaries.has(slug.length) || /[-_]/.test(full[slug.length]!), `${why}: cut on a grapheme boundary`);
        }
      }
    }
  });
});

test('file names: unique per item id, even for one title', () => {
  const names = new Set<string>();
  for (let i = 0; i < 20_000; i++) names.add(postFileName({ title: '墙内热点新闻', id: `https://gnews.org/zh-hans/${i}/`, extension: '.md' }));
  assert.equal(names.size, 20_000);
});

test('file names: by case', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['CJK kept, punctuation runs become one "-"', '布林肯呼吁俄罗斯撤军 约翰逊支持乌克兰反对“那些试图摧毁它的人”', /^布林肯呼吁俄罗斯撤军-约翰逊支持乌克兰反对-那些试图摧毁它的人-[0-9a-f]{8}\.md$/],
    ['a reserved device name gets the hash after it', 'CON', /^CON-[0-9a-f]{8}\.md$/],
    ['dots go: no "..", no "CON.txt" stem, no trailing dot', '../../etc/passwd.', /^etc-passwd-[0-9a-f]{8}\.md$/],
    ['nothing left: the hash alone', '😀 !!! 🎉', /^[0-9a-f]{8}\.md$/],
    ['decomposed accents are composed (NFC)', 'Cafe\u0301', /^Café-[0-9a-f]{8}\.md$/],
  ];
  for (const [why, title, pattern] of cases) assert.match(postFileName({ title, id: 'x', extension: '.md' }), pattern, why);
  const long = postFileName({ title: '长'.repeat(1000), id: 'x', extension: '.md' });
  assert.equal(long, `${'长'.repeat(62)}-${long.slice(-11)}`, '62 three-byte characters + "-" + 8 hex + ".md" = 198 bytes; one more would be 201');
});

test('folders: layouts by case', () => {
  const fields = { date: { year: '2022', month: '02', day: '02' }, source: 'Aljazeera 半岛网', categories: ['新媒体', 'Aljazeera 半岛网', '新闻'] };
  assert.equal(postFolder('{year}/{month}', fields), '2022/02');
  assert.equal(postFolder('{year}/{month}/{day}', fields), '2022/02/02');
  assert.equal(postFolder('', fields), '');
  assert.equal(postFolder('{source}/{year}', fields), 'Aljazeera-半岛网/2022');
  assert.equal(postFolder('{categories}', fields), '新媒体/Aljazeera-半岛网/新闻');
  assert.equal(postFolder('archive-{year}{month}', fields), 'archive-202202');
  assert.equal(postFolder('/../{source}/./', { ...fields, source: '../..' }), '', 'no "..", no absolute path');
  assert.equal(postFolder('{year}/{month}', { ...fields, date: null }), 'undated');
  assert.equal(postFolder('{source}', { ...fields, source: 'NUL' }), 'NUL-');
  assert.throws(() => postFolder('{week}', fields), { code: 'render.folder-layout' });
});

test('paths from renderPost are relative, "/"-separated and made of safe names', () => {
  TITLES.slice(0, 300).forEach((title, i) => {
    const post = renderPost(
      { id: `urn:p:${i}`, title, link: null, published: '2022-02-02T02:38:07Z', updated: null, authors: [], summary: null, content: null, categories: [], enclosures: [], comments: null, image: null, source: { name: title, categories: [title] } },
      { profile: 'hexo', overrides: { folderLayout: '{source}/{categories}/{year}' } },
    );
    assert.ok(!post.path.startsWith('/'));
    for (const segment of post.path.split('/')) assertSafeName(segment, `title #${i} segment ${JSON.stringify(segment)}`);
  });
});

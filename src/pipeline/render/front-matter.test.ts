// Property: every plain-text title, however hostile, parses back from every profile's front
// matter to exactly itself — with the `yaml` library as YAML 1.2 and as YAML 1.1 (the Jekyll
// and old-Hugo reading), and the block ends where Hexo's splitter thinks it ends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { FIXED_HOSTILE_TITLES, generateHostileTitles, looksLikeMarkup } from '../../../test/helpers/hostile-titles.ts';
import { splitPost } from '../../../test/helpers/post-files.ts';
import { stringifyFrontMatter, timestamp } from './front-matter.ts';
import { PROFILES, renderPost, type ProfileName, type RenderItem } from './index.ts';

const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];

function item(title: string, i: number): RenderItem {
  return {
    id: `urn:prop:${i}`, title, link: 'https://example.org/p', published: '2022-02-02T02:38:07Z', updated: null,
    authors: [{ name: title, email: null, url: null }], summary: null, content: '<p>x</p>', categories: [title],
    enclosures: [], comments: null, image: null, source: { name: title, categories: [title, 'b'] },
  };
}

function checkTitle(title: string, i: number): void {
  for (const profile of PROFILE_NAMES) {
    const post = renderPost(item(title, i), { profile, overrides: { body: 'html' } });
    const { yaml } = splitPost(post.content);
    for (const version of ['1.2', '1.1'] as const) {
      const data = parseYaml(yaml, { version, uniqueKeys: true }) as Record<string, unknown>;
      assert.equal(data['title'], title, `${profile} (YAML ${version}) title #${i} ${JSON.stringify(title.slice(0, 80))}`);
    }
    // No line folding: a title is always on one line, however long.
    assert.ok(yaml.split('\n').every((line) => !/^-{3,}$/.test(line)), 'no document marker inside');
  }
}

test('front matter: the fixed hostile titles round-trip exactly in every profile', () => {
  FIXED_HOSTILE_TITLES.filter((t) => !looksLikeMarkup(t) && t.trim() !== '').forEach(checkTitle);
});

test('front matter: 2,000 generated hostile titles round-trip exactly in every profile', () => {
  generateHostileTitles(2000).forEach((title, i) => checkTitle(title, 1000 + i));
});

test('front matter: a 2,000-character title stays on one line', () => {
  const title = 'Ab: '.repeat(500);
  const yaml = stringifyFrontMatter([['title', title]]);
  assert.equal(yaml, `title: '${title}'\n`);
});

test('front matter: quoting policy by case', () => {
  const cases: Array<[string, string, string]> = [
    // [why, value, expected line]
    ['plain text is single-quoted, so YAML 1.1 words stay strings', 'yes', "t: 'yes'"],
    ['a single quote is doubled', "it's", "t: 'it''s'"],
    ['a line break needs double quotes (JSON escapes)', 'a\nb', 't: "a\\nb"'],
    ['a tab after a line break cannot reach Hexo\'s tab-to-spaces pass', 'a\n\tb', 't: "a\\n\\tb"'],
    ['NEL, LS and PS are line breaks to YAML 1.1: escaped', 'a\u0085b\u2028c\u2029d', 't: "a\\u0085b\\u2028c\\u2029d"'],
    ['js-yaml refuses raw DEL and C1 controls: escaped', 'a\u007fb\u0090', 't: "a\\u007fb\\u0090"'],
    ['a BOM inside is escaped', '\ufeffa', 't: "\\ufeffa"'],
    ['a lone surrogate cannot be UTF-8: U+FFFD', 'a\ud800', "t: 'a\ufffd'"],
    ['CJK and emoji are written as they are', '标题 😀', "t: '标题 😀'"],
  ];
  for (const [why, value, line] of cases) assert.equal(stringifyFrontMatter([['t', value]]), `${line}\n`, why);
  assert.equal(stringifyFrontMatter([['date', timestamp('2022-02-02T10:38:07+08:00')]]), 'date: 2022-02-02T10:38:07+08:00\n', 'dates are plain timestamps');
  assert.equal(stringifyFrontMatter([['tags', []]]), 'tags: []\n', 'an empty list');
  assert.deepEqual(parseYaml(stringifyFrontMatter([['n', null], ['b', false], ['x', 3], ['m', { k: ['v'] }]])), { n: null, b: false, x: 3, m: { k: ['v'] } });
});

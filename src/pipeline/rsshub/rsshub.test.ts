import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  categoriesFromFeedTitle,
  describeRoute,
  isRsshubUrl,
  listRoutes,
  matchRoutePattern,
  namespaceCandidates,
  resolveRsshubUrl,
  type RsshubNamespaceData,
} from './index.ts';

const ALJAZEERA: RsshubNamespaceData = {
  name: 'Aljazeera 半岛网',
  url: 'aljazeera.com',
  categories: ['new-media'],
  routes: {
    '/:lang?/:category?': { path: '/:lang?/:category?', name: '新闻', categories: ['new-media'], example: '/aljazeera/chinese/news' },
    '/:lang/tag/:id': { path: '/:lang/tag/:id', name: '标签', categories: ['new-media', 'popular'], example: '/aljazeera/chinese/tag/health' },
    '/rss/*': { name: 'Official RSS' },
  },
};
const LABELS = { 'new-media': '新媒体', 'traditional-media': '传统媒体' };

test('rsshub: URLs resolve against the configured instance, keeping a path prefix and the query', () => {
  assert.ok(isRsshubUrl('rsshub:///aljazeera/chinese/news'));
  assert.ok(!isRsshubUrl('https://rsshub.app/aljazeera/chinese/news'));
  assert.equal(resolveRsshubUrl('rsshub:///aljazeera/chinese/news', 'https://rsshub.app'), 'https://rsshub.app/aljazeera/chinese/news');
  assert.equal(resolveRsshubUrl('rsshub:///a/b?limit=5', 'http://127.0.0.1:1200/hub/'), 'http://127.0.0.1:1200/hub/a/b?limit=5');
  assert.throws(() => resolveRsshubUrl('rsshub:///', 'https://rsshub.app'), /names no route/);
  assert.throws(() => resolveRsshubUrl('rsshub:///a', 'not a url'), /instance 'not a url' is not a URL/);
});

test('route patterns match the way RSSHub routes them', () => {
  const cases: Array<[string, string, boolean, string]> = [
    ['/:lang?/:category?', '/', true, 'all optional'],
    ['/:lang?/:category?', '/chinese/news', true, 'both given'],
    ['/:lang?/:category?', '/chinese/news/extra', false, 'too many segments'],
    ['/:lang/tag/:id', '/chinese/tag/health', true, 'literal in the middle'],
    ['/:lang/tag/:id', '/chinese/news/health', false, 'literal differs'],
    ['/rss/*', '/rss/anything/at/all', true, 'wildcard rest'],
    ['/user/:id{.+}', '/user/a/b', true, 'regex-suffixed rest parameter'],
    ['/user/:id{.+}', '/user', false, 'rest parameter needs one segment'],
  ];
  for (const [pattern, path, expected, why] of cases) assert.equal(matchRoutePattern(pattern, path), expected, `${pattern} ~ ${path}: ${why}`);
});

test('describeRoute: category label / site / channel from namespace metadata, most literal pattern wins', () => {
  assert.deepEqual(namespaceCandidates('/aljazeera/chinese/news'), ['aljazeera/chinese', 'aljazeera']);
  assert.deepEqual(describeRoute('/aljazeera/chinese/news', 'aljazeera', ALJAZEERA, LABELS), {
    category: 'new-media',
    categoryLabel: '新媒体',
    site: 'Aljazeera 半岛网',
    channel: '新闻',
  });
  assert.equal(describeRoute('/aljazeera/chinese/tag/health', 'aljazeera', ALJAZEERA, LABELS).channel, '标签');
  const unlabeled = describeRoute('/aljazeera/chinese/news', 'aljazeera', { ...ALJAZEERA, routes: {}, categories: ['study'] }, LABELS);
  assert.deepEqual(unlabeled, { category: 'study', categoryLabel: 'study', site: 'Aljazeera 半岛网', channel: null });
});

test('listRoutes filters by category (id or label) and search text', () => {
  const all = { aljazeera: ALJAZEERA, bbc: { name: 'BBC', routes: { '/:site?': { name: 'News', categories: ['traditional-media'], example: '/bbc/chinese' } } } };
  assert.equal(listRoutes(all, { labels: LABELS }).length, 4);
  assert.deepEqual(listRoutes(all, { category: '传统媒体', labels: LABELS }).map((r) => r.path), ['/bbc/:site?']);
  assert.deepEqual(listRoutes(all, { search: '标签', labels: LABELS }).map((r) => r.example), ['rsshub:///aljazeera/chinese/tag/health']);
});

test('without metadata, categories come from the "Site - Channel" feed title', () => {
  assert.deepEqual(categoriesFromFeedTitle('Aljazeera 半岛网 - 新闻', '新媒体'), ['新媒体', 'Aljazeera 半岛网', '新闻']);
  assert.deepEqual(categoriesFromFeedTitle('Plain Title', null), ['Plain Title']);
  assert.deepEqual(categoriesFromFeedTitle(null, 'RSSHub'), ['RSSHub']);
});

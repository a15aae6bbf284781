// The clean stage's tree over sanitizeHtml's output: every sanitized fragment reads into a tree
// that serializes back byte for byte, and anything that is not canonical markup reads as null.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sanitizeHtml } from './sanitize.ts';
import { createElement, getAttribute, parseSanitized, serializeTree, textOf, type HtmlElement } from './tree.ts';
import { loadNewsFields, NO_CORPUS } from './testdata/corpus-helpers.ts';

function assertRoundTrip(html: string, where: string): HtmlElement {
  const tree = parseSanitized(html);
  assert.ok(tree !== null, `${where}: not read: ${JSON.stringify(html.slice(0, 300))}`);
  assert.equal(serializeTree(tree), html, where);
  return tree;
}

test('parseSanitized: elements, void elements, attributes and escaped text, as written', () => {
  const html = '<p title="a &amp; b">x &lt; y<br /><img src="a.jpg" alt="" /></p><ul><li>one</li><li><b>two</b></li></ul>';
  const tree = assertRoundTrip(html, 'sample');
  const p = tree.children![0] as HtmlElement;
  assert.equal(p.name, 'p');
  assert.equal(getAttribute(p, 'title'), 'a &amp; b');
  assert.deepEqual(p.children!.map((c) => (typeof c === 'string' ? c : `${c.name}${c.children === null ? '/' : ''}`)), ['x &lt; y', 'br/', 'img/']);
  assert.equal(getAttribute(p.children![2] as HtmlElement, 'alt'), '');
  assert.equal(getAttribute(p.children![2] as HtmlElement, 'width'), null);
  assert.equal(textOf(tree), 'x &lt; yonetwo');
  assert.equal(serializeTree(createElement('', [createElement('figure', ['a'])])), '<figure>a</figure>');
  assert.equal(serializeTree(parseSanitized('')!), '');
});

test('parseSanitized: null for markup sanitizeHtml never writes', () => {
  for (const html of [
    '<p>a', '</p>', '<p></b>', '<p>a < b</p>', 'a > b', '<br>', '<p/>', '<!-- c -->', '<!DOCTYPE html>', '<?pi x?>',
    '<script>x</script>', '<title>t</title>', '<P>x</P>', '<p>x</p >', '<p>x</p x>', '<img src="a>b" />', '<a-b>x</a-b>',
    '<div>'.repeat(600) + '</div>'.repeat(600),
  ]) {
    assert.equal(parseSanitized(html), null, html.slice(0, 80));
  }
});

test('parseSanitized: every sanitized fragment of generated markup reads back as written', () => {
  const pieces = ['<', '>', '</', '/>', '<!--', '-->', '<script>', '</script>', '<p>', '</p>', '<div>', '</div>', '<br>', '<br/>', '&nbsp;',
    '&lt;', ' ', 'x', '中文', '<a href="', '"', '</a>', '<img src="a.jpg" alt="x">', '<b>', '</b>', '<table><td>', '<li>', '<ul>', '<pre>',
    '<svg>', '<font>', '<picture><source srcset="b.webp">', '<span title=\'q"\'>', '<hr>', '<wbr>'];
  let seed = 99;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  for (let i = 0; i < 5000; i++) {
    let html = '';
    for (let j = 1 + (next() % 16); j > 0; j--) html += pieces[next() % pieces.length];
    const sanitized = sanitizeHtml(html, { baseUrl: 'https://example.com/a/' });
    assertRoundTrip(sanitized, JSON.stringify(html));
  }
});

if (NO_CORPUS) console.log(`# tree.test: skipping corpus tests, ${NO_CORPUS}`);

test('corpus: every sanitized news body reads back as written', { skip: NO_CORPUS }, () => {
  const fields = loadNewsFields();
  assert.ok(fields.length > 4000, `only ${fields.length} bodies found`);
  for (const [i, f] of fields.entries()) assertRoundTrip(sanitizeHtml(f.html, { baseUrl: f.base }), `news body ${i}`);
});

// Template syntax kept as text, by named case (the real generators run in test/hexo/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHugoShortcodesInHtml, escapeHugoShortcodesInMarkdown, hasLiquidSyntax, hasNunjucksSyntax, wrapRaw } from './template-guard.ts';

test('detection: what Nunjucks and Liquid read as template syntax', () => {
  assert.ok(hasNunjucksSyntax('a {{ b'));
  assert.ok(hasNunjucksSyntax('a {% b'));
  assert.ok(hasNunjucksSyntax('a {# b'), 'Nunjucks comments');
  assert.ok(!hasLiquidSyntax('a {# b'), 'not a Liquid comment');
  assert.ok(!hasNunjucksSyntax('a { b } c }} %}'), 'single braces and closers alone are text');
});

test('wrapRaw: no "{%" (Liquid: nor "{{") is left inside the raw block', () => {
  const body = 'a {% endraw %} b {%raw%} c {{ d }} e {{{%';
  const nunjucks = wrapRaw(body, 'nunjucks');
  assert.equal(
    nunjucks,
    '{% raw %}\na {% endraw %}{{ "{" }}{% raw %}% endraw %} b {% endraw %}{{ "{" }}{% raw %}%raw%} c {{ d }} e {{{% endraw %}{{ "{" }}{% raw %}%\n{% endraw %}\n',
  );
  const liquid = wrapRaw(body, 'liquid');
  // Between our own tags, a raw segment holds neither "{%" nor "{{".
  const segments = liquid.split(/\{% endraw %\}\{\{ "\{" \}\}\{% raw %\}/);
  segments[0] = segments[0]!.replace(/^\{% raw %\}/, '');
  segments[segments.length - 1] = segments.at(-1)!.replace(/\{% endraw %\}\n$/, '');
  for (const segment of segments) assert.doesNotMatch(segment, /\{[{%]/, segment);
  // Reading the escapes back (each {{ "{" }} prints "{") gives the body.
  const printed = segments.join('{').replace(/^\n/, '').replace(/\n$/, '');
  assert.equal(printed, body);
});

test('hugo: "{{<" and "{{%" made harmless in HTML, Markdown text and Markdown code', () => {
  assert.equal(escapeHugoShortcodesInHtml('<p>{{< x >}} {{% y %}} {{ z }}</p>'), '<p>&#123;{< x >}} &#123;{% y %}} {{ z }}</p>');
  const cases: Array<[string, string, string]> = [
    ['text: a backslash between the braces', 'a {{< x >}} b', 'a {\\{< x >}} b'],
    ['text: "{{%" too', 'a {{% x %}}', 'a {\\{% x %}}'],
    ['text: "{{ }}" alone is not special in Hugo', 'a {{ x }}', 'a {{ x }}'],
    ['inline code: Hugo\'s comment form', '`{{< gist x >}}`', '`{{</* gist x */>}}`'],
    ['inline code: "{{%" comment form', '`{{% n %}}`', '`{{%/* n */%}}`'],
    ['inline code: unclosed gets a zero-width space', '`{{< lone`', '`{\u200b{< lone`'],
    ['fenced code', '```\n{{< a >}}\n```\n{{< b >}}', '```\n{{</* a */>}}\n```\n{\\{< b >}}'],
    ['tilde fence, unclosed to the end', '~~~\n{{% a', '~~~\n{\u200b{% a'],
    ['a comment marker inside cannot nest', '`{{< a */ >}}`', '`{\u200b{< a */ >}}`'],
  ];
  for (const [why, input, expected] of cases) assert.equal(escapeHugoShortcodesInMarkdown(input), expected, why);
});

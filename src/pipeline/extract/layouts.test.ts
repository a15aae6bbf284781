// Chinese news layouts (testdata/layouts/<case>/): pages written after real portal layouts,
// each with an expected.json of the body's paragraphs, what must not appear, and the title,
// byline and date. Each page is scored with the corpus metric (score-spec.md, metric
// version 1) for Tidings' extractArticle and for Readability alone on the same linkedom DOM,
// and both are printed:
//   node --import tsx --test src/pipeline/extract/layouts.test.ts
// Fixture URLs use hosts no built-in site rule covers, so what is measured is the generic
// extraction; testdata/sites/ covers the rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';
import { decodeBytes } from '../encoding/index.ts';
import { siteRuleFor } from '../../lib/site-rules.ts';
import { BUILT_IN_SITE_RULES, extractArticle } from './index.ts';
import { f1, htmlToText, resultText, tokenize } from './testdata/content-score.ts';

interface LayoutExpectation {
  /** The real layout the page is written after, and the feature it tests. */
  models: string;
  url: string;
  /** Declared in the page; the bytes are in it (made from source.utf8.html by make-legacy-fixtures.ts). */
  encoding?: 'gbk' | 'big5';
  title: string;
  byline: string | null;
  published: string | null;
  paragraphs: string[];
  /** Text of clutter that must not end up in the article. */
  absent: string[];
}

const here = path.dirname(fileURLToPath(import.meta.url));
const layoutsDir = path.join(here, 'testdata', 'layouts');
const names = readdirSync(layoutsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

/** Tidings' floor on every page, and on the mean; Readability alone is printed beside it. */
const PAGE_FLOOR = 0.95;

function load(name: string): { html: string; expected: LayoutExpectation } {
  const dir = path.join(layoutsDir, name);
  const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as LayoutExpectation;
  const bytes = readFileSync(path.join(dir, 'input.html'));
  // The legacy-encoded pages go through the decode path `tidings extract` uses.
  const html = expected.encoding === undefined ? bytes.toString('utf8') : decodeBytes(bytes, { kind: 'html' }).text;
  return { html, expected };
}

function readabilityAlone(html: string): ReturnType<Readability<string>['parse']> {
  const { document } = parseHTML(html);
  try {
    return new Readability(document as unknown as ConstructorParameters<typeof Readability>[0]).parse();
  } catch {
    return null;
  }
}

const compact = (s: string): string => s.replace(/\s+/gu, '');

test('layout fixtures are well formed: a page, its body paragraphs in it, its clutter in it, a host no rule covers', () => {
  assert.ok(names.length >= 10, `only ${names.length} layouts`);
  for (const name of names) {
    const { html, expected } = load(name);
    const pageText = compact(htmlToText(html));
    for (const p of expected.paragraphs) assert.ok(pageText.includes(compact(p)), `${name}: paragraph not in the page: ${p}`);
    for (const a of expected.absent) assert.ok(pageText.includes(compact(a)), `${name}: absent string not in the page, so the check is empty: ${a}`);
    if (expected.encoding !== undefined) assert.ok(/[\x80-\xff]/u.test(readFileSync(path.join(layoutsDir, name, 'input.html'), 'latin1')) && !html.includes('\ufffd'), `${name}: not decoded cleanly`);
    assert.equal(siteRuleFor(expected.url, BUILT_IN_SITE_RULES), null, `${name}: a built-in rule covers ${expected.url}`);
  }
});

test('Tidings beats Readability alone on Chinese layouts (F1 per page and mean)', () => {
  const rows: string[] = [];
  let sumOurs = 0;
  let sumTheirs = 0;
  const failures: string[] = [];
  for (const name of names) {
    const { html, expected } = load(name);
    const wanted = tokenize(expected.paragraphs.join('\n'));
    const ours = extractArticle(html, { url: expected.url });
    const oursF1 = f1(wanted, tokenize(resultText(ours)));
    const theirsF1 = f1(wanted, tokenize(resultText(readabilityAlone(html))));
    sumOurs += oursF1;
    sumTheirs += theirsF1;
    rows.push(`  ${name.padEnd(28)} ${oursF1.toFixed(3)}   ${theirsF1.toFixed(3)}`);
    if (oursF1 < PAGE_FLOOR) failures.push(`${name}: F1 ${oursF1.toFixed(3)} < ${PAGE_FLOOR}`);
  }
  const n = names.length;
  console.log(
    [`Chinese layouts, F1 (score-spec metric 1, ICU ${process.versions.icu}):`, `  ${'page'.padEnd(28)} Tidings Readability`, ...rows,
      `  ${'mean'.padEnd(28)} ${(sumOurs / n).toFixed(3)}   ${(sumTheirs / n).toFixed(3)}`].join('\n'),
  );
  assert.deepEqual(failures, []);
  assert.ok(sumOurs / n > sumTheirs / n, `mean ${sumOurs / n} does not beat Readability's ${sumTheirs / n}`);
});

for (const name of names) {
  test(`layout ${name}: no clutter, and the title, byline and date`, () => {
    const { html, expected } = load(name);
    const a = extractArticle(html, { url: expected.url });
    const text = compact(a.textContent ?? '');
    for (const s of expected.absent) assert.ok(!text.includes(compact(s)), `"${s}" was pulled in`);
    assert.equal(a.title, expected.title);
    assert.equal(a.byline, expected.byline);
    assert.equal(a.published, expected.published);
  });
}

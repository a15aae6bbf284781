import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFeed } from './index.ts';
import { NotAFeedError } from '../../errors.ts';

// Fixture cases: testdata/<case>/input.{xml,json} (+ options.json) → expected.json.
// UPDATE=1 rewrites expected files; a missing expected file fails.
const TESTDATA = new URL('./testdata/', import.meta.url).pathname;

function runCase(name: string): unknown {
  const dir = join(TESTDATA, name);
  const input = readdirSync(dir).find((f) => f.startsWith('input.'))!;
  const options = existsSync(join(dir, 'options.json')) ? JSON.parse(readFileSync(join(dir, 'options.json'), 'utf8')) : {};
  try {
    return parseFeed(readFileSync(join(dir, input)), { name: `${name}/${input}`, ...options });
  } catch (error) {
    if (error instanceof NotAFeedError) return { error: error.message };
    throw error;
  }
}

for (const name of readdirSync(TESTDATA).sort()) {
  test(`fixture ${name}`, () => {
    const actual = runCase(name);
    const expectedPath = join(TESTDATA, name, 'expected.json');
    if (process.env['UPDATE'] === '1') writeFileSync(expectedPath, `${JSON.stringify(actual, null, 2)}\n`);
    assert.ok(existsSync(expectedPath), `${expectedPath} is missing (run UPDATE=1 npm test and review the file)`);
    assert.deepEqual(actual, JSON.parse(readFileSync(expectedPath, 'utf8')));
  });
}

test('a page that is not a feed names the file and how it starts', () => {
  assert.throws(
    () => parseFeed(Buffer.from('<!DOCTYPE html><html><body>hi</body></html>'), { name: 'page.html' }),
    (error: unknown) =>
      error instanceof NotAFeedError &&
      error.message === "parse: no RSS, Atom or JSON feed found in page.html (starts with '<!DOCTYPE html>')",
  );
});

test('entity definitions are never expanded and external entities never read', () => {
  const feed = parseFeed(readFileSync(join(TESTDATA, 'entity-bomb/input.xml')));
  // The references stay as written (shown as text), never replaced by their definitions.
  assert.ok(!feed.title!.includes('lollol'));
  assert.match(feed.title!, /lol3;/);
  assert.match(feed.items[0]!.title!, /xxe;/);
  assert.ok(!JSON.stringify(feed).includes('root:'));
});

test('a truncated document keeps every complete item and says so', () => {
  const feed = parseFeed(readFileSync(join(TESTDATA, 'tolerance/input.xml')));
  assert.deepEqual(feed.items.map((i) => i.title), ["AT&T and Ben & Jerry's", 'Second complete item']);
  assert.ok(feed.warnings.some((w) => w.includes('truncated')));
});

test('ids without a guid are stable across parses and differ between items', () => {
  const bytes = readFileSync(join(TESTDATA, 'no-guid/input.xml'));
  const first = parseFeed(bytes).items.map((i) => i.id);
  const second = parseFeed(Buffer.from(bytes)).items.map((i) => i.id);
  assert.deepEqual(first, second);
  assert.equal(new Set(first).size, 3);
});

test('an unreadable date is null plus a warning, never a guess', () => {
  const feed = parseFeed(readFileSync(join(TESTDATA, 'dates/input.xml')));
  const garbage = feed.items.find((i) => i.title === 'garbage')!;
  assert.equal(garbage.published, null);
  assert.ok(feed.warnings.some((w) => w.includes('next Tuesday-ish')));
});

test('hostile HTML never survives into the model', () => {
  const feed = parseFeed(readFileSync(join(TESTDATA, 'sanitize/input.xml')));
  const text = JSON.stringify(feed.items);
  for (const bad of ['<script', 'onmouseover', 'javascript:', '<iframe', '<style', '<object', 'data:text/html']) {
    assert.ok(!text.toLowerCase().includes(bad), `${bad} survived`);
  }
  assert.equal(feed.items[0]!.link, null);
  assert.ok(feed.items[0]!.summary!.includes('data:image/png'), 'data: images are allowed');
});

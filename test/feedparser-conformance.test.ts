// Runs ../shared/corpus/feeds/feedparser/expectations.json through parseFeed and
// fails when the pass rate drops below the floor reached so far.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFeed } from '../src/pipeline/feed/index.ts';
import { FEEDPARSER_DIR, applyCheck, corpusMissingReason, loadEntries, type Entry } from './helpers/feedparser-corpus.ts';

/** Entries passing (all checks) when this floor was last raised; see the closing note of issue 2. */
const PASS_FLOOR = 1223;

function scoreEntry(entry: Entry): string[] {
  let model: unknown;
  try {
    model = parseFeed(readFileSync(join(FEEDPARSER_DIR, entry.file)), {
      contentType: entry.headers?.['Content-Type'] ?? null,
      url: entry.url ?? null,
      contentLocation: entry.headers?.['Content-Location'] ?? null,
      contentLanguage: entry.headers?.['Content-Language'] ?? null,
      name: entry.file,
    });
  } catch (error) {
    model = { error: (error as Error).message, warnings: [(error as Error).message], items: [] };
  }
  return entry.checks.map((check) => applyCheck(model, check)).filter((f): f is string => f !== null);
}

const missing = corpusMissingReason();
if (missing) console.log(`# skipping the feedparser conformance suite: ${missing}`);

test('feedparser conformance corpus', { skip: missing ?? false }, () => {
  const entries = loadEntries();
  const byCategory = new Map<string, { pass: number; total: number }>();
  let passed = 0;
  const failures: string[] = [];
  for (const entry of entries) {
    const failed = scoreEntry(entry);
    const tally = byCategory.get(entry.category) ?? { pass: 0, total: 0 };
    tally.total++;
    if (failed.length === 0) {
      tally.pass++;
      passed++;
    } else failures.push(`${entry.file}: ${failed.join('; ')}`);
    byCategory.set(entry.category, tally);
  }
  for (const [category, { pass, total }] of [...byCategory].sort()) console.log(`# ${category.padEnd(28)} ${pass}/${total}`);
  console.log(`# feedparser conformance: ${passed}/${entries.length} (${((100 * passed) / entries.length).toFixed(1)}%)`);
  if (process.env['SHOW_FAILURES']) for (const line of failures) console.log(`# FAIL ${line}`);
  assert.ok(passed >= PASS_FLOOR, `conformance fell to ${passed}, below the floor of ${PASS_FLOOR}`);
});

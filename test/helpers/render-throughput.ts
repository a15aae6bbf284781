// Render throughput over the news corpus: `node --import tsx test/helpers/render-throughput.ts [passes]`.
// Prints posts/s per profile (best of N passes after one warm-up), and the share of the time
// spent in the Markdown conversion (the markdown stage, measured on its own).
import { htmlToMarkdown } from '../../src/pipeline/markdown/index.ts';
import { PROFILES, renderPost, type ProfileName } from '../../src/pipeline/render/index.ts';
import { loadNewsItems, newsCorpusMissingReason } from './news-corpus.ts';

const missing = newsCorpusMissingReason();
if (missing) {
  console.error(`render-throughput: skipped: ${missing}`);
  process.exit(0);
}
const passes = Number(process.argv[2] ?? 3);
const items = loadNewsItems();
const bytes = items.reduce((sum, item) => sum + (item.content ?? item.summary ?? '').length, 0);
console.log(`${items.length} items, ${(bytes / 1e6).toFixed(1)} M characters of HTML`);

function best(run: () => void): number {
  run(); // warm-up
  let fastest = Infinity;
  for (let i = 0; i < passes; i++) {
    const started = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest / 1000;
}

const markdownSeconds = best(() => {
  for (const item of items) htmlToMarkdown(item.content ?? item.summary ?? '', { baseUrl: item.link });
});
console.log(`htmlToMarkdown alone: ${Math.round(items.length / markdownSeconds)} items/s`);
for (const profile of Object.keys(PROFILES) as ProfileName[]) {
  for (const body of ['html', 'markdown'] as const) {
    const seconds = best(() => {
      for (const item of items) renderPost(item, { profile, overrides: { body } });
    });
    console.log(`${profile.padEnd(6)} body=${body.padEnd(8)} ${Math.round(items.length / seconds).toString().padStart(6)} posts/s  (${((seconds / items.length) * 1e6).toFixed(0)} µs/post)`);
  }
}

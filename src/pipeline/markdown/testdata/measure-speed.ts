// Throughput of htmlToMarkdown against plain turndown (its default options, its own domino
// parsing) over the news corpus item bodies:
//   node --import tsx src/pipeline/markdown/testdata/measure-speed.ts [passes]
// Prints articles/s and MB/s (UTF-8 bytes of input HTML) per converter, best of the passes.
import TurndownService from 'turndown';
import { htmlToMarkdown } from '../index.ts';
import { corpusMissingReason, newsBodies } from './corpus.ts';

const reason = corpusMissingReason();
if (reason) {
  console.log(`measure-speed: skipped, ${reason}`);
  process.exit(0);
}

const docs = newsBodies();
const bytes = docs.reduce((sum, d) => sum + Buffer.byteLength(d.html), 0);
const passes = Number(process.argv[2] ?? 5);
const plain = new TurndownService();

const converters: Record<string, (html: string, baseUrl: string | null) => string> = {
  'turndown (plain, defaults)': (html) => plain.turndown(html),
  htmlToMarkdown: (html, baseUrl) => htmlToMarkdown(html, { baseUrl }),
};

console.log(`${docs.length} item bodies, ${(bytes / 1e6).toFixed(2)} MB of HTML, best of ${passes} interleaved passes`);
const best = new Map<string, number>();
for (const [name, convert] of Object.entries(converters)) {
  for (const d of docs.slice(0, 300)) convert(d.html, d.baseUrl); // warm up
  best.set(name, Infinity);
}
// Interleaved, so that a busy moment on the machine does not land on one converter only.
for (let p = 0; p < passes; p++) {
  for (const [name, convert] of Object.entries(converters)) {
    const start = process.hrtime.bigint();
    for (const d of docs) convert(d.html, d.baseUrl);
    best.set(name, Math.min(best.get(name)!, Number(process.hrtime.bigint() - start) / 1e9));
  }
}
for (const [name, seconds] of best) {
  console.log(`${name.padEnd(28)} ${(docs.length / seconds).toFixed(0).padStart(6)} articles/s  ${(bytes / 1e6 / seconds).toFixed(2).padStart(6)} MB/s  (${seconds.toFixed(2)} s a pass)`);
}

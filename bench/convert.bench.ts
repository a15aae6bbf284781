/**
 * Convert and render throughput over the news corpus (../shared/corpus/news/feeds), with
 * turndown alone as the peer, in one process.
 *
 * The articles are the corpus items' bodies (content, else summary) as the parser leaves
 * them: sanitized HTML. Measured, one after the other on the same articles:
 *   turndown            new TurndownService().turndown(html) — the peer: Markdown, no cleaning
 *   tidings convert     cleanHtml (rewrite rules, sanitize last) + htmlToMarkdown — what
 *                       `tidings convert` does after decoding
 *   tidings markdown    htmlToMarkdown alone — the like-for-like row against turndown
 *   tidings render      renderPost, hexo profile (HTML body) — the default post
 *   tidings render md   renderPost, repost profile (Markdown body)
 * Each warms up once over all articles, then N rounds interleave the contenders with a GC
 * before each pass; the fastest pass gives articles/s and MB/s (input HTML bytes), the
 * median is shown beside it.
 */
import { loadavg } from 'node:os';
import TurndownService from 'turndown';
import { cleanHtml } from '../src/pipeline/html/index.ts';
import { htmlToMarkdown } from '../src/pipeline/markdown/index.ts';
import { renderPost, type RenderItem } from '../src/pipeline/render/index.ts';
import { loadNewsItems, newsCorpusMissingReason } from '../test/helpers/news-corpus.ts';
import { collectGarbage, median, nowMs } from './lib/timing.ts';
import type { BenchContext, BenchReport, Benchmark } from './lib/types.ts';

const DEFAULT_PASSES = 3;

interface Contender {
  name: string;
  isPeer: boolean;
  run: (item: RenderItem, html: string) => unknown;
}

export const benchmark: Benchmark = {
  name: 'convert',
  description: 'HTML → Markdown and post rendering over the news corpus, against turndown',
  async run(context: BenchContext): Promise<BenchReport> {
    const missing = newsCorpusMissingReason();
    if (missing) return { name: 'convert', skipped: missing, tables: [], notes: [], data: null };
    const items = loadNewsItems().filter((item) => (item.content ?? item.summary) !== null);
    const htmls = items.map((item) => (item.content ?? item.summary)!);
    const bytes = htmls.reduce((sum, html) => sum + Buffer.byteLength(html), 0);
    const turndown = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced' });
    const contenders: Contender[] = [
      { name: 'turndown (peer)', isPeer: true, run: (_item, html) => turndown.turndown(html) },
      { name: 'tidings markdown (htmlToMarkdown)', isPeer: false, run: (item, html) => htmlToMarkdown(html, { baseUrl: item.link }) },
      {
        name: 'tidings convert (clean + markdown)',
        isPeer: false,
        run: (item, html) => htmlToMarkdown(cleanHtml(html, { baseUrl: item.link }), { baseUrl: item.link }),
      },
      { name: 'tidings render (hexo, HTML body)', isPeer: false, run: (item) => renderPost(item, { profile: 'hexo' }) },
      { name: 'tidings render (repost, Markdown)', isPeer: false, run: (item) => renderPost(item, { profile: 'repost' }) },
    ];
    const passes = context.passes ?? DEFAULT_PASSES;
    const times = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
    const failures = new Map<string, number>(contenders.map((c) => [c.name, 0]));
    for (const contender of contenders) {
      context.log(`convert: warming up ${contender.name}`);
      for (let i = 0; i < items.length; i++) {
        try {
          contender.run(items[i]!, htmls[i]!);
        } catch {
          failures.set(contender.name, failures.get(contender.name)! + 1);
        }
      }
    }
    for (let round = 0; round < passes; round++) {
      for (const contender of contenders) {
        collectGarbage();
        const start = nowMs();
        for (let i = 0; i < items.length; i++) {
          try {
            contender.run(items[i]!, htmls[i]!);
          } catch {
            // counted in the warm-up pass
          }
        }
        times.get(contender.name)!.push((nowMs() - start) / 1000);
      }
      context.log(`convert: round ${round + 1}/${passes} done`);
    }
    const peerBest = Math.min(...times.get(contenders[0]!.name)!);
    const rows = contenders.map((contender) => {
      const passTimes = times.get(contender.name)!;
      const best = Math.min(...passTimes);
      return {
        contender: contender.name,
        articlesPerSecond: items.length / best,
        mbPerSecond: bytes / 1e6 / best,
        ratio: peerBest / best,
        failed: failures.get(contender.name)!,
        best,
        median: median(passTimes),
      };
    });
    return {
      name: 'convert',
      skipped: null,
      tables: [
        {
          title: `Convert and render — ../shared/corpus/news: ${items.length.toLocaleString('en')} articles, ${(bytes / 1e6).toFixed(1)} MB of HTML (best of ${passes})`,
          columns: [
            { key: 'contender', title: 'contender', align: 'left' },
            { key: 'articlesPerSecond', title: 'articles/s' },
            { key: 'mbPerSecond', title: 'MB/s', digits: 1 },
            { key: 'ratio', title: '× turndown', digits: 2 },
            { key: 'failed', title: 'failed' },
            { key: 'best', title: 'best s', digits: 2 },
            { key: 'median', title: 'median s', digits: 2 },
          ],
          rows,
        },
      ],
      notes: [
        `load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
        'turndown converts only; tidings convert also runs the eight rewrite rules and sanitizes.',
      ],
      data: { articles: items.length, bytes, rows },
    };
  },
};


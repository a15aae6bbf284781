import type { Command } from 'commander';
import { runDemo } from '../../demo/run-demo.ts';
import type { CliIo } from '../io.ts';

export function registerDemo(program: Command, io: CliIo): void {
  program
    .command('demo')
    .description('the main job, offline: a sample news site on loopback → a fresh SQLite workspace → fetch (full text, images) → a repost → Hexo posts')
    .argument('[DIR]', 'the demo workspace (replaced when a previous demo made it)', 'tidings-demo')
    .option('--json', 'print the report as JSON')
    .addHelpText('after', '\nExample:\n  tidings demo && ls tidings-demo/source/_posts\n')
    .action(async (dir: string, flags: { json?: boolean }) => {
      const report = await runDemo(dir);
      if (flags.json) {
        io.stdout(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      const outcomes = new Map(report.fetch.outcomes.map((o) => [o.sourceId, o]));
      const lines = [
        `demo: a sample news site on ${report.origin} (two feeds, their article pages, images)`,
        `demo: workspace ${report.dir} (SQLite, tidings.yaml with every option)`,
        ...report.feeds.map((feed) => {
          const outcome = outcomes.get(feed.sourceId);
          const fullText = outcome?.fullText ? `; full text: ${outcome.fullText.extracted} from the page, ${outcome.fullText.keptFeed} kept the feed's` : '';
          return `  source ${feed.sourceId} ${feed.name ?? ''} — ${feed.note}: ${outcome?.status ?? '?'}, ${outcome?.newItems ?? 0} new item(s)${fullText}`;
        }),
        `  repost (${report.repost.status}): ${report.repost.title ?? ''} → ${report.repost.postPath ?? ''}`,
        `demo: ${report.itemCount} item(s) stored, ${report.posts.length} post(s) under ${report.postsDir}:`,
        ...report.posts.map((p) => `  ${p}`),
        `next: tidings --dir ${dir} status   ·   copy ${report.postsDir} into a Hexo site's source/_posts (or: tidings --dir ${dir} export hexo BLOG)`,
      ];
      io.stdout(`${lines.join('\n')}\n`);
    });
}

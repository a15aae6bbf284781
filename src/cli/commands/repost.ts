import type { Command } from 'commander';
import { repostUrl } from '../../app/repost.ts';
import { UsageError } from '../../errors.ts';
import type { CliIo } from '../io.ts';
import { withWorkspace } from '../workspace-command.ts';

export function registerRepost(program: Command, io: CliIo): void {
  program
    .command('repost')
    .description('fetch one article page, extract it, store it under "Reposts" and write a repost post (转载自 …); again for the same URL updates it')
    .argument('<URL>', 'the article page, http(s)')
    .option('--via <NAME>', 'the site credited in the post ("转载自NAME"); default: the page\'s site name, else its host')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExamples:\n  tidings repost https://gnews.org/zh-hans/1777037/ --via GNews\n  tidings repost https://news.example.cn/2022/02/02/1.html --json\n')
    .action(async (url: string, flags: { via?: string; json?: boolean }, command: Command) => {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw new UsageError('repost.url', `repost: URL must be an absolute http(s) URL (got "${url}")`);
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        throw new UsageError('repost.url', `repost: URL must be http or https (got "${parsed.protocol}")`);
      }
      if (flags.via !== undefined && flags.via.trim() === '') throw new UsageError('repost.via', 'repost: --via needs a name');
      await withWorkspace(command, {}, async (workspace) => {
        const result = await repostUrl(workspace, url, { via: flags.via?.trim() ?? null });
        if (flags.json) {
          io.stdout(`${JSON.stringify(result)}\n`);
          return;
        }
        io.stdout(`${result.postPath ?? ''}\n`);
        io.stderr(`repost: ${result.status}: ${result.title ?? url}\n`);
      });
    });
}

import type { Command } from 'commander';
import { extractArticleFile } from '../../app/extract-file.ts';
import { UsageError } from '../../errors.ts';
import type { CliIo } from '../io.ts';
import { workspaceDir } from '../workspace-command.ts';

export function registerExtract(program: Command, io: CliIo): void {
  program
    .command('extract')
    .description('extract the article of a saved page (Readability plus metadata, site rules of the workspace if any): title, byline, date, site, image, sanitized content')
    .argument('<FILE>', 'an HTML page, in any encoding')
    .requiredOption('--url <URL>', 'the page URL: relative links resolve against it')
    .option('--content-type <TYPE>', 'the HTTP Content-Type the page was served with (its charset counts)')
    .option('--json', 'print the article as JSON')
    .addHelpText('after', '\nExample:\n  tidings extract page.html --url https://news.example.cn/2022/02/02/1.html --json\n')
    .action((file: string, flags: { url: string; contentType?: string; json?: boolean }, command: Command) => {
      try {
        new URL(flags.url);
      } catch {
        throw new UsageError('extract.url', `extract: --url must be an absolute URL (got "${flags.url}")`);
      }
      const article = extractArticleFile(file, { url: flags.url, contentType: flags.contentType, workspaceDir: workspaceDir(command) });
      if (flags.json) {
        io.stdout(`${JSON.stringify(article, null, 2)}\n`);
        return;
      }
      io.stdout(`${article.title ?? '(untitled)'}\n${[article.byline, article.siteName, article.published].filter(Boolean).join(' · ')}\n\n${article.textContent ?? ''}\n`);
    });
}

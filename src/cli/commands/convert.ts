import type { Command } from 'commander';
import { convertHtmlFile } from '../../app/transform-files.ts';
import type { CliIo } from '../io.ts';

export function registerConvert(program: Command, io: CliIo): void {
  program
    .command('convert')
    .description('clean an HTML fragment or page (sanitized, tracking stripped, links absolute) and print it as Markdown (GFM)')
    .argument('<FILE>', 'an HTML file, in any encoding')
    .option('--url <URL>', 'the page URL: relative links and images are resolved against it')
    .addHelpText('after', '\nExample:\n  tidings convert article.html --url https://news.example.com/2022/02/02/story.html\n')
    .action((file: string, flags: { url?: string }) => {
      const markdown = convertHtmlFile(file, { url: flags.url });
      io.stdout(markdown.endsWith('\n') ? markdown : `${markdown}\n`);
    });
}

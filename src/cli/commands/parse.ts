import type { Command } from 'commander';
import { TidingsError } from '../../errors.ts';
import { parseFeedFile } from '../../app/parse-feed-files.ts';
import type { Feed } from '../../model/index.ts';
import type { CliIo } from '../io.ts';

interface ParseFlags {
  contentType?: string;
  url?: string;
  encoding?: string;
  json?: boolean;
}

export function registerParse(program: Command, io: CliIo): void {
  program
    .command('parse')
    .description('parse feed files (RSS, Atom, RDF, JSON Feed) into the normalized model')
    .argument('<FILE...>', 'feed files; with several, one JSON line each')
    .option('--content-type <TYPE>', 'the HTTP Content-Type the file was served with, e.g. "text/xml; charset=gbk"')
    .option('--url <URL>', 'the URL the file was fetched from (base for relative links)')
    .option('--encoding <LABEL>', 'decode with this encoding whatever the document says')
    .option('--json', 'print the model as JSON (JSON Lines for several files)')
    .addHelpText('after', '\nExample:\n  tidings parse feed.xml --url https://example.com/feed.xml --json\n')
    .action((files: string[], flags: ParseFlags) => {
      const parseOne = (file: string): Feed =>
        parseFeedFile(file, { contentType: flags.contentType, url: flags.url, encodingOverride: flags.encoding });
      if (files.length === 1) {
        const feed = parseOne(files[0]!);
        io.stdout(flags.json ? `${JSON.stringify(feed, null, 2)}\n` : describeFeed(feed));
        return;
      }
      // Several files: one line each, and a bad file becomes its line's error rather than stopping the rest.
      for (const file of files) {
        try {
          const feed = parseOne(file);
          io.stdout(flags.json ? `${JSON.stringify({ file, ...feed })}\n` : `${file}\n${describeFeed(feed)}`);
        } catch (error) {
          if (!(error instanceof TidingsError)) throw error;
          io.stdout(flags.json ? `${JSON.stringify({ file, error: error.message })}\n` : `${file}\n  error: ${error.message}\n`);
        }
      }
    });
}

function describeFeed(feed: Feed): string {
  const lines = [
    `${feed.title ?? '(untitled)'} — ${feed.format}, ${feed.encoding}, ${feed.items.length} item(s)`,
    ...feed.items.map((item) => `  ${item.published ?? '                    '}  ${item.title ?? item.link ?? item.id}`),
    ...feed.warnings.map((warning) => `  warning: ${warning}`),
  ];
  return `${lines.join('\n')}\n`;
}

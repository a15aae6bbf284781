import { Option, type Command } from 'commander';
import { renderItemFile, type ProfileName } from '../../app/transform-files.ts';
import type { CliIo } from '../io.ts';

export function registerRender(program: Command, io: CliIo): void {
  program
    .command('render')
    .description('render one normalized item (JSON) as a post file: Hexo, repost, Hugo or Jekyll')
    .argument('<ITEM.json>', 'one item as in `tidings parse --json` items[], optionally with "source": {"name","categories"}')
    .addOption(new Option('--profile <PROFILE>', 'the post shape').choices(['hexo', 'repost', 'hugo', 'jekyll']).default('hexo'))
    .option('--time-zone <TZ>', 'IANA time zone for dates in the front matter (default UTC)')
    .option('--json', 'print {"path","content"} instead of the file')
    .addHelpText('after', '\nExample:\n  tidings render item.json --profile repost > post.md\n')
    .action((file: string, flags: { profile: ProfileName; timeZone?: string; json?: boolean }) => {
      const post = renderItemFile(file, { profile: flags.profile, timeZone: flags.timeZone });
      io.stdout(flags.json ? `${JSON.stringify(post)}\n` : post.content);
    });
}

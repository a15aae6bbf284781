import type { Command } from 'commander';
import { initWorkspace } from '../../app/workspace.ts';
import { addSource, exportOpml, importSources, sourceStatuses } from '../../app/sources.ts';
import { parseDuration } from '../../config/index.ts';
import { UsageError } from '../../errors.ts';
import { REPOSTS_SOURCE_URL } from '../../app/repost.ts';
import type { CliIo } from '../io.ts';
import { withWorkspace, workspaceDir } from '../workspace-command.ts';

interface AddFlags {
  name?: string;
  categories?: string;
  fullText?: boolean;
  every?: string;
  profile?: string;
  encoding?: string;
  keep?: string[];
  block?: string[];
  cleanRule?: string[];
  post?: string[];
}

export function registerSourceCommands(program: Command, io: CliIo): void {
  program
    .command('init')
    .description('create a workspace: a commented tidings.yaml with every option and its default')
    .argument('[DIR]', 'the folder (default: --dir, else the current directory)')
    .addHelpText('after', '\nExample:\n  tidings init ~/news && cd ~/news && tidings add https://example.com/feed.xml\n')
    .action((dir: string | undefined, _flags: unknown, command: Command) => {
      const { configFile } = initWorkspace(dir ?? workspaceDir(command));
      io.stderr(`init: wrote ${configFile}\n`);
    });

  program
    .command('add')
    .description('subscribe to feeds: http(s) URLs or rsshub:///routes (several at once); prints each new source id')
    .argument('<URL...>', 'feed URLs or rsshub:///namespace/route')
    .option('--name <NAME>', 'a name for the source')
    .option('--categories <A/B/C>', 'group / site / channel, slash-separated (default: from RSSHub metadata or the feed title)')
    .option('--full-text', "fetch each new item's page and keep the whole article")
    .option('--every <DURATION>', 'poll at this fixed interval (e.g. 30m, 2h) instead of adapting')
    .option('--profile <PROFILE>', 'post profile for this source: hexo, repost, hugo or jekyll')
    .option('--encoding <LABEL>', 'decode this feed with this encoding whatever it declares')
    .option('--keep <PATTERN...>', 'keep only items matching one of these patterns (title, content, author, categories)')
    .option('--block <PATTERN...>', 'drop items matching any of these patterns')
    .option('--clean-rule <NAME=on|off...>', 'switch a clean rule for this source (e.g. stripTracking=off)')
    .option('--post <KEY=VALUE...>', 'override a post profile key for this source: body, folderLayout, repostLabel, timeZone (e.g. repostLabel=轉載自)')
    .addHelpText('after', '\nExamples:\n  tidings add https://example.com/feed.xml --categories "新媒体/Example/新闻"\n  tidings add rsshub:///aljazeera/chinese/news rsshub:///bbc/chinese\n')
    .action(async (urls: string[], flags: AddFlags, command: Command) => {
      if (flags.profile && !['hexo', 'repost', 'hugo', 'jekyll'].includes(flags.profile)) {
        throw new UsageError('add.profile', `add: --profile must be hexo, repost, hugo or jekyll (got "${flags.profile}")`);
      }
      let everySeconds: number | null = null;
      if (flags.every !== undefined) {
        try {
          everySeconds = parseDuration(flags.every);
        } catch {
          throw new UsageError('add.every', `add: --every must be a duration like 30m or 2h (got "${flags.every}")`);
        }
      }
      await withWorkspace(command, {}, async (workspace) => {
        for (const url of urls) {
          const source = await addSource(workspace, url, {
            name: flags.name ?? null,
            categories: flags.categories ? flags.categories.split('/').map((c) => c.trim()).filter(Boolean) : null,
            fullText: flags.fullText ?? false,
            everySeconds,
            profile: flags.profile ?? null,
            encodingOverride: flags.encoding ?? null,
            keep: flags.keep ?? [],
            block: flags.block ?? [],
            cleanRules: flags.cleanRule ?? [],
            post: flags.post ?? [],
          });
          io.stdout(`${source.id}\n`);
        }
      });
    });

  program
    .command('import')
    .description('subscribe to every feed in an OPML file (Miniflux, FreshRSS, Feedly …) or a YAML group → site → channel list')
    .argument('<FILE>', 'FILE.opml or FILE.yaml')
    .addHelpText('after', '\nExample:\n  tidings import subscriptions.opml\n')
    .action(async (file: string, _flags: unknown, command: Command) => {
      await withWorkspace(command, {}, async (workspace) => {
        const result = await importSources(workspace, file);
        for (const warning of result.warnings) io.stderr(`${warning}\n`);
        for (const skipped of result.skipped) io.stderr(`import: skipped ${skipped.url}: ${skipped.reason}\n`);
        io.stderr(`import: ${result.added.length} added, ${result.skipped.length} skipped\n`);
      });
    });

  program
    .command('export-opml')
    .description('print every subscription as OPML 2.0, categories as nested outlines')
    .addHelpText('after', '\nExample:\n  tidings export-opml > subscriptions.opml\n')
    .action(async (_flags: unknown, command: Command) => {
      await withWorkspace(command, {}, async (workspace) => io.stdout(await exportOpml(workspace)));
    });

  program
    .command('status')
    .description('every source: last fetch, HTTP status, error, item count, archived and failed images, next check')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExample:\n  tidings status --json\n')
    .action(async (flags: { json?: boolean }, command: Command) => {
      await withWorkspace(command, {}, async (workspace) => {
        const statuses = await sourceStatuses(workspace);
        if (flags.json) {
          io.stdout(`${JSON.stringify(statuses.map(({ source, state, itemCount, media }) => ({
            id: source.id,
            url: source.url,
            fetchUrl: source.fetchUrl,
            name: source.name,
            categories: source.categories,
            enabled: source.enabled,
            lastFetch: state?.lastAttemptAt ?? null,
            lastSuccess: state?.lastSuccessAt ?? null,
            httpStatus: state?.httpStatus ?? null,
            error: state?.error ?? null,
            failures: state?.failures ?? 0,
            encoding: state?.encoding ?? null,
            itemCount,
            media,
            nextDue: state?.nextCheckAt ?? null,
          })), null, 2)}\n`);
          return;
        }
        for (const { source, state, itemCount, media } of statuses) {
          // The reposts source is not a feed: it is never polled, so it has no next check.
          const reposts = source.url === REPOSTS_SOURCE_URL;
          const health = reposts ? 'reposts' : !source.enabled ? 'disabled' : state?.error ? 'FAILING' : state ? 'ok' : 'new';
          const next = reposts ? '' : `  next: ${state?.nextCheckAt ?? 'now'}`;
          io.stdout(`${String(source.id).padStart(4)}  ${health.padEnd(8)} ${source.name ?? source.url}\n`);
          io.stdout(`      ${source.url}  items: ${itemCount}  last: ${state?.lastAttemptAt ?? 'never'}  http: ${state?.httpStatus ?? '-'}  encoding: ${state?.encoding ?? '-'}${next}\n`);
          if (state?.error) io.stdout(`      error: ${state.error} (${state.failures} in a row)\n`);
          if (media.archived + media.failed > 0) {
            io.stdout(`      images: ${media.archived} archived, ${media.failed} failed${media.failed > 0 ? ' (kept remote, retried on later fetches)' : ''}\n`);
          }
        }
      });
    });
}

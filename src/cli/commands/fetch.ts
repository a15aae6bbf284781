import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { fetchSources, type FetchRunSummary } from '../../app/fetch-sources.ts';
import { exportHexo } from '../../app/export-hexo.ts';
import { UsageError } from '../../errors.ts';
import type { CliIo } from '../io.ts';
import { withWorkspace } from '../workspace-command.ts';

interface FetchFlags {
  source?: string;
  concurrency?: string;
  watch?: boolean;
}

function summaryLine(summary: FetchRunSummary): string {
  const fullText = summary.outcomes.reduce(
    (sum, o) => (o.fullText ? { extracted: sum.extracted + o.fullText.extracted, keptFeed: sum.keptFeed + o.fullText.keptFeed } : sum),
    { extracted: 0, keptFeed: 0 },
  );
  const fullTextPart = fullText.extracted + fullText.keptFeed > 0 ? `; full text: ${fullText.extracted} from the page, ${fullText.keptFeed} kept the feed's` : '';
  return `fetch: ${summary.sources} source(s): ${summary.ok} ok, ${summary.notModified} not modified, ${summary.failed} failed; ${summary.newItems} new, ${summary.updatedItems} updated item(s); ${summary.postsWritten} post(s) written${fullTextPart}`;
}

export function registerFetchCommands(program: Command, io: CliIo): void {
  program
    .command('fetch')
    .description('poll every due source once: store new and changed items and write their posts (failures are recorded per source)')
    .option('--source <ID>', 'fetch only this source, due or not')
    .option('--concurrency <N>', 'sources fetched at once (overrides fetch.concurrency)')
    .option('--watch', 'keep polling, each source on its own schedule, until stopped (Ctrl-C)')
    .addHelpText('after', '\nExamples:\n  tidings fetch\n  tidings fetch --source 3\n  tidings fetch --watch\n')
    .action(async (flags: FetchFlags, command: Command) => {
      const sourceId = flags.source === undefined ? null : Number(flags.source);
      if (sourceId !== null && (!Number.isInteger(sourceId) || sourceId < 1)) {
        throw new UsageError('fetch.source', `fetch: --source must be a source id (got "${flags.source}")`);
      }
      await withWorkspace(command, { 'fetch.concurrency': flags.concurrency }, async (workspace) => {
        const runOnce = async () => {
          const tty = process.stderr.isTTY === true;
          const bar = tty
            ? new cliProgress.SingleBar(
                { format: 'fetch [{bar}] {value}/{total} sources | {new} new, {updated} updated, {failed} failed', stream: process.stderr, hideCursor: true },
                cliProgress.Presets.shades_classic,
              )
            : null;
          let started = false;
          const tally = { new: 0, updated: 0, failed: 0 };
          const summary = await fetchSources(workspace, {
            sourceId,
            onSource: (outcome, done, total) => {
              tally.new += outcome.newItems;
              tally.updated += outcome.updatedItems;
              if (outcome.status === 'failed') tally.failed++;
              if (!bar) return;
              if (!started) {
                bar.start(total, 0, tally);
                started = true;
              }
              bar.update(done, tally);
            },
          });
          bar?.stop();
          io.stderr(`${summaryLine(summary)}\n`);
          for (const failure of summary.outcomes.filter((o) => o.status === 'failed')) {
            io.stderr(`  source ${failure.sourceId} failed: ${failure.error}\n`);
          }
        };
        await runOnce();
        if (!flags.watch) return;
        // Watch: wake when the next source falls due (at least every second, at most every minute).
        let stopped = false;
        const stop = () => {
          stopped = true;
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        while (!stopped) {
          const statuses = await workspace.store.statuses();
          const next = statuses
            .filter((s) => s.source.enabled && s.state?.nextCheckAt)
            .map((s) => Date.parse(s.state!.nextCheckAt!))
            .reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
          const wait = Math.min(60_000, Math.max(1_000, next - workspace.now().getTime()));
          for (let slept = 0; slept < wait && !stopped; slept += 250) await new Promise((r) => setTimeout(r, 250));
          if (!stopped && (await workspace.store.dueSources(workspace.now().toISOString())).length > 0) await runOnce();
        }
      });
    });

  const exportCommand = program.command('export').description('write the archive in another shape');
  exportCommand
    .command('hexo')
    .description('write every stored item as a Hexo post under DIR/source/_posts/')
    .argument('<DIR>', 'the Hexo site folder')
    .addHelpText('after', '\nExample:\n  tidings export hexo ~/blog && (cd ~/blog && npx hexo generate)\n')
    .action(async (dir: string, _flags: unknown, command: Command) => {
      await withWorkspace(command, {}, async (workspace) => {
        const result = await exportHexo(workspace, dir);
        const images = result.mediaCopied > 0 ? `, ${result.mediaCopied} archived image(s) copied` : '';
        io.stderr(`export: ${result.written} post(s) written under ${result.postsDir}${images}\n`);
      });
    });
}

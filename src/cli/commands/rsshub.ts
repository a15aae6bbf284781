import type { Command } from 'commander';
import { listRsshubRoutes } from '../../app/rsshub-routes.ts';
import type { CliIo } from '../io.ts';
import { withWorkspace } from '../workspace-command.ts';

export function registerRsshub(program: Command, io: CliIo): void {
  const rsshub = program.command('rsshub').description('RSSHub: routes of the configured instance (rsshub.instance)');
  rsshub
    .command('routes')
    .description('list the routes the instance offers, with category, site and channel names')
    .option('--category <C>', 'only this RSSHub category (id such as new-media, or its label such as 新媒体)')
    .option('--search <TEXT>', 'only routes whose namespace, site, channel or path contains TEXT')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  tidings rsshub routes --category new-media\n  tidings rsshub routes --search aljazeera --json\n  tidings add rsshub:///aljazeera/chinese/news\n')
    .action(async (flags: { category?: string; search?: string; json?: boolean }, command: Command) => {
      await withWorkspace(command, {}, async (workspace) => {
        const routes = await listRsshubRoutes(workspace, { category: flags.category, search: flags.search });
        if (flags.json) {
          io.stdout(`${JSON.stringify(routes, null, 2)}\n`);
          return;
        }
        for (const route of routes) {
          const names = [route.categoryLabel, route.site, route.channel].filter(Boolean).join(' / ');
          io.stdout(`${route.path.padEnd(40)} ${names}${route.example ? `  e.g. ${route.example}` : ''}\n`);
        }
        io.stderr(`rsshub: ${routes.length} route(s)\n`);
      });
    });
}

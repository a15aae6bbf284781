import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { TidingsError, UsageError } from '../errors.ts';
import { processIo, type CliIo } from './io.ts';
import { registerParse } from './commands/parse.ts';
import { registerConvert } from './commands/convert.ts';
import { registerRender } from './commands/render.ts';
import { registerExtract } from './commands/extract.ts';
import { registerSourceCommands } from './commands/sources.ts';
import { registerFetchCommands } from './commands/fetch.ts';
import { registerRsshub } from './commands/rsshub.ts';
import { registerRepost } from './commands/repost.ts';
import { registerDemo } from './commands/demo.ts';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Builds the command tree; each command lives in its own file under commands/. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('tidings')
    .description('Tidings: a self-hosted news mirror and archive — feeds and articles in, clean posts out.')
    .version(VERSION, '-V, --version', 'print the version')
    .option('--dir <DIR>', 'the workspace folder', '.')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  registerParse(program, io);
  registerConvert(program, io);
  registerRender(program, io);
  registerExtract(program, io);
  registerSourceCommands(program, io);
  registerFetchCommands(program, io);
  registerRepost(program, io);
  registerRsshub(program, io);
  registerDemo(program, io);
  const configure = (command: Command): void => {
    command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
    command.commands.forEach(configure);
  };
  program.commands.forEach(configure);
  return program;
}

/**
 * Runs the CLI and returns the exit status: 0 success, 1 the command failed
 * (one line on stderr), 2 bad usage. The only place errors become exit codes.
 */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version "errors" are commander's way of stopping after printing.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n`);
      return 2;
    }
    if (error instanceof TidingsError) {
      io.stderr(`${error.message}${error.hint ? ` (${error.hint})` : ''}\n`);
      return 1;
    }
    io.stderr(`tidings: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  }
}

import type { Command } from 'commander';
import { openWorkspace, type Workspace } from '../app/workspace.ts';

/** The workspace folder from the global --dir option (default: the current directory). */
export function workspaceDir(command: Command): string {
  return (command.optsWithGlobals() as { dir?: string }).dir ?? '.';
}

/** Opens the workspace for a command, runs it, and always closes the store. */
export async function withWorkspace<T>(command: Command, flags: Record<string, unknown>, run: (workspace: Workspace) => Promise<T>): Promise<T> {
  const definedFlags = Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined));
  const workspace = await openWorkspace(workspaceDir(command), { flags: definedFlags });
  try {
    return await run(workspace);
  } finally {
    await workspace.close();
  }
}

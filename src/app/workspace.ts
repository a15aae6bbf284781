import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CONFIG_FILE_NAME, loadConfig, renderConfigYaml, type Config } from '../config/index.ts';
import { TidingsError } from '../errors.ts';
import type { Store } from '../store/index.ts';
import { openSqliteStore } from '../store/sqlite/index.ts';

/** An open workspace: its folder, validated configuration and store. The only place that picks implementations. */
export interface Workspace {
  dir: string;
  config: Config;
  store: Store;
  /** The clock every use-case reads, so tests can fix it. */
  now: () => Date;
  /** Absolute path of a folder named in the configuration (relative to the workspace). */
  path: (relative: string) => string;
  close: () => Promise<void>;
}

export interface OpenWorkspaceOptions {
  env?: Record<string, string | undefined>;
  /** Command-line flags by option key, e.g. { 'fetch.concurrency': 4 }; they win over env and file. */
  flags?: Record<string, unknown>;
  now?: () => Date;
}

/** Reads tidings.yaml (validated; env and flags on top) without opening the store. */
export function readWorkspaceConfig(dir: string, options: OpenWorkspaceOptions = {}): Config {
  const file = join(dir, CONFIG_FILE_NAME);
  if (!existsSync(file)) {
    throw new TidingsError('workspace.missing', `workspace: no ${CONFIG_FILE_NAME} in ${resolve(dir)}`, {
      hint: `run \`tidings init ${dir === '.' ? '' : dir}\` first, or pass --dir`.replace('  ', ' '),
    });
  }
  return loadConfig({ yamlText: readFileSync(file, 'utf8'), fileName: CONFIG_FILE_NAME, env: options.env ?? process.env, flags: options.flags });
}

/** Opens the workspace in `dir`: configuration, then the store it names. */
export async function openWorkspace(dir: string, options: OpenWorkspaceOptions = {}): Promise<Workspace> {
  const absolute = resolve(dir);
  const config = readWorkspaceConfig(absolute, options);
  if (config.store === 'postgres') {
    throw new TidingsError('workspace.store', 'workspace: the PostgreSQL store is not available in this version', {
      hint: 'set store: sqlite in tidings.yaml (or unset TIDINGS_STORE)',
    });
  }
  const now = options.now ?? (() => new Date());
  const store = openSqliteStore(resolve(absolute, config.sqlite.path), { now: () => now().toISOString() });
  return {
    dir: absolute,
    config,
    store,
    now,
    path: (relative) => resolve(absolute, relative),
    close: () => store.close(),
  };
}

/** `tidings init`: a new workspace with the commented tidings.yaml; never overwrites one. */
export function initWorkspace(dir: string): { configFile: string } {
  const absolute = resolve(dir);
  mkdirSync(absolute, { recursive: true });
  const file = join(absolute, CONFIG_FILE_NAME);
  if (existsSync(file)) {
    throw new TidingsError('workspace.exists', `init: ${file} already exists`, { hint: 'edit it, or choose another folder' });
  }
  writeFileSync(file, renderConfigYaml(), { flag: 'wx' });
  return { configFile: file };
}

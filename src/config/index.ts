// The configuration: one table of options (options.ts) → validated, frozen Config,
// the commented tidings.yaml that `tidings init` writes, and the README table.
export { OPTIONS, SECTION_DOCS, envNameOf, type OptionSpec } from './options.ts';
export type { OptionType } from './option-types.ts';
export type {
  Config, CleanOptions, CleanRule, FetchOptions, MediaOptions, PostgresOptions, PostsOptions,
  RsshubOptions, ServerOptions, SiteOptions, SqliteOptions,
} from './config.ts';
export { loadConfig, type LoadConfigInput } from './load.ts';
export { renderConfigYaml, optionsMarkdownTable } from './render.ts';
export { ConfigError } from './errors.ts';
export { parseDuration, parseSize, formatDuration, formatSize } from './units.ts';

/** The configuration file's name inside a workspace. */
export const CONFIG_FILE_NAME = 'tidings.yaml';

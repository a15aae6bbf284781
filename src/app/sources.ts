import { extname } from 'node:path';
import { InputError, TidingsError } from '../errors.ts';
import type { Source, SourceSettings } from '../model/index.ts';
import { REWRITE_RULES } from '../pipeline/html/index.ts';
import { readOpml, readSourceList, type SourceEntry } from '../pipeline/opml/index.ts';
import { isRsshubUrl, resolveRsshubUrl, rsshubRoute } from '../pipeline/rsshub/index.ts';
import { compileRules } from '../pipeline/process-item.ts';
import { writeOpml } from '../publish/opml.ts';
import type { SourceStatus } from '../store/index.ts';
import type { Workspace } from './workspace.ts';
import { readInputFile } from './transform-files.ts';

export interface AddSourceOptions {
  name?: string | null;
  categories?: string[] | null;
  fullText?: boolean;
  everySeconds?: number | null;
  profile?: string | null;
  encodingOverride?: string | null;
  keep?: string[];
  block?: string[];
  /** Clean rules this source switches, as "name=on|off" pairs. */
  cleanRules?: string[];
  /** Post profile keys this source overrides, as "key=value" pairs (body, folderLayout, repostLabel, timeZone). */
  post?: string[];
}

const POST_KEYS = ['body', 'folderLayout', 'repostLabel', 'timeZone'] as const;

/** Reads `--clean-rule` and `--post` pairs into source settings, naming what is wrong. */
export function parseSourceSettings(cleanRules: string[], post: string[]): SourceSettings {
  const settings: SourceSettings = {};
  for (const pair of cleanRules) {
    const match = /^([A-Za-z]+)=(on|off|true|false)$/.exec(pair.trim());
    const known = REWRITE_RULES.map((r) => r.name) as string[];
    if (!match || !known.includes(match[1]!)) {
      throw new InputError('add.rule', `add: --clean-rule '${pair}' must be NAME=on|off with NAME one of ${known.join(', ')}`);
    }
    settings.cleanRules = { ...settings.cleanRules, [match[1]!]: match[2] === 'on' || match[2] === 'true' };
  }
  for (const pair of post) {
    const at = pair.indexOf('=');
    const key = pair.slice(0, at) as (typeof POST_KEYS)[number];
    const value = pair.slice(at + 1);
    if (at < 1 || !POST_KEYS.includes(key) || value === '') {
      throw new InputError('add.post', `add: --post '${pair}' must be KEY=VALUE with KEY one of ${POST_KEYS.join(', ')}`);
    }
    if (key === 'body' && value !== 'html' && value !== 'markdown') {
      throw new InputError('add.post', `add: --post body must be html or markdown (got "${value}")`);
    }
    settings.post = { ...settings.post, [key]: value };
  }
  return settings;
}

/** Checks a subscription URL: http(s), or an rsshub: route. */
export function checkSourceUrl(url: string): string {
  const trimmed = url.trim();
  if (isRsshubUrl(trimmed)) {
    rsshubRoute(trimmed);
    return trimmed;
  }
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    throw new InputError('add.url', `add: '${url}' is not a URL`, { hint: 'give an http(s) feed URL or rsshub:///namespace/route' });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new InputError('add.url', `add: '${url}' is not an http(s) URL`, { hint: 'give an http(s) feed URL or rsshub:///namespace/route' });
  }
  return parsed.href;
}

/**
 * Subscribes to one source. Categories given by the user win; otherwise they are filled
 * in on the first fetch (RSSHub route metadata, else the feed title).
 */
export async function addSource(workspace: Workspace, url: string, options: AddSourceOptions = {}): Promise<Source> {
  const checked = checkSourceUrl(url);
  compileRules(options.keep ?? [], options.block ?? []);
  const settings = parseSourceSettings(options.cleanRules ?? [], options.post ?? []);
  const existing = await workspace.store.findSourceByUrl(checked);
  if (existing) {
    throw new TidingsError('add.exists', `add: already subscribed to ${checked} (source ${existing.id})`, {
      hint: 'use `tidings status` to see it',
    });
  }
  return workspace.store.addSource({
    url: checked,
    name: options.name ?? null,
    categories: options.categories ?? [],
    fullText: options.fullText ?? false,
    everySeconds: options.everySeconds ?? null,
    profile: options.profile ?? null,
    encodingOverride: options.encodingOverride ?? null,
    keep: options.keep ?? [],
    block: options.block ?? [],
    settings,
  });
}

export interface ImportResult {
  added: Source[];
  skipped: Array<{ url: string; reason: string }>;
  warnings: string[];
}

/** `tidings import FILE`: OPML (by content) or a YAML group → site → channel list. Existing URLs are skipped, not duplicated. */
export async function importSources(workspace: Workspace, file: string): Promise<ImportResult> {
  const text = readInputFile('import', file).toString('utf8');
  // OPML is XML and starts with '<'; a YAML list never does. The extension only breaks ties.
  const isYaml = ['.yaml', '.yml'].includes(extname(file).toLowerCase()) || !/^[\s\ufeff]*</.test(text);
  const list = isYaml ? readSourceList(text, file) : readOpml(text, file);
  const result: ImportResult = { added: [], skipped: [], warnings: list.warnings };
  for (const entry of list.sources) {
    const outcome = await importOne(workspace, entry);
    if (typeof outcome === 'string') result.skipped.push({ url: entry.url, reason: outcome });
    else result.added.push(outcome);
  }
  return result;
}

async function importOne(workspace: Workspace, entry: SourceEntry): Promise<Source | string> {
  let url: string;
  try {
    url = checkSourceUrl(entry.url);
  } catch (error) {
    return (error as Error).message;
  }
  if (await workspace.store.findSourceByUrl(url)) return 'already subscribed';
  return workspace.store.addSource({ url, name: entry.name, categories: entry.categories });
}

/** `tidings export-opml`: every source as OPML 2.0, categories as nested outlines. */
export async function exportOpml(workspace: Workspace): Promise<string> {
  const sources = await workspace.store.listSources();
  return writeOpml(
    // Other readers know nothing of rsshub:///: they get the route on the configured instance.
    sources.map((s) => ({
      url: isRsshubUrl(s.url) ? resolveRsshubUrl(s.url, workspace.config.rsshub.instance) : s.url,
      name: s.name,
      categories: s.categories,
    })),
    { title: 'Tidings subscriptions', now: workspace.now() },
  );
}

/** `tidings status`: every source with its last fetch, error and next check. */
export async function sourceStatuses(workspace: Workspace): Promise<SourceStatus[]> {
  return workspace.store.statuses();
}

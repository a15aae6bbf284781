// Loading: defaults < tidings.yaml < TIDINGS_* environment < flags, each layer checked by
// the option's schema as it is applied, so an error names the one place a bad value came
// from. Pure: the caller reads the file and passes process.env.
import { LineCounter, isMap, isScalar, parseDocument, type Node } from 'yaml';
import type { z } from 'zod';
import { camelCase, type Config } from './config.ts';
import { ConfigError } from './errors.ts';
import { OPTIONS, findOption, type OptionSpec } from './options.ts';
import { closestName } from './suggest.ts';
import { formatDuration } from './units.ts';

export interface LoadConfigInput {
  /** The text of tidings.yaml, or null when there is none (then defaults, environment and flags). */
  yamlText: string | null;
  /** The file's name as the user knows it ("tidings.yaml" or a path), for messages. */
  fileName: string;
  /** Usually process.env; only TIDINGS_* names are read. */
  env: Record<string, string | undefined>;
  /** Option key → value from the command line ({ 'fetch.concurrency': '4' }); undefined values are skipped. */
  flags?: Record<string, unknown>;
  /** Told about TIDINGS_* variables that look like options but are none (typos); they are ignored. */
  warn?: (message: string) => void;
}

/** Where a value came from, for messages. */
type Origin =
  | { kind: 'default' }
  | { kind: 'file'; fileName: string; line: number | null; lineAt: (path: readonly string[]) => number | null }
  | { kind: 'env'; name: string }
  | { kind: 'flag'; name: string };

interface Layered {
  value: unknown;
  origin: Origin;
}

/** The Config for one workspace: every option validated, defaults filled in, deeply frozen; throws ConfigError. */
export function loadConfig(input: LoadConfigInput): Config {
  const values = new Map<string, Layered>();
  for (const spec of OPTIONS) {
    values.set(spec.key, { value: checkValue(spec, spec.default, { kind: 'default' }), origin: { kind: 'default' } });
  }
  const apply = (spec: OptionSpec, raw: unknown, origin: Origin): void => {
    const value = checkValue(spec, raw, origin);
    const below = values.get(spec.key)!.value;
    values.set(spec.key, {
      value: spec.type.mergesEntries ? { ...(below as object), ...(value as object) } : value,
      origin,
    });
  };

  if (input.yamlText !== null) {
    for (const entry of readYaml(input.yamlText, input.fileName)) {
      apply(entry.spec, entry.raw, { kind: 'file', fileName: input.fileName, line: entry.line, lineAt: entry.lineAt });
    }
  }

  for (const spec of OPTIONS) {
    const text = input.env[spec.env];
    if (text === undefined) continue;
    // An empty variable is unset (as compose files leave it), except where it can mean null.
    if (text.trim() === '' && !spec.type.nullable) continue;
    apply(spec, spec.type.fromText(text), { kind: 'env', name: spec.env });
  }
  warnUnknownEnv(input.env, input.warn);

  for (const [key, value] of Object.entries(input.flags ?? {})) {
    if (value === undefined) continue;
    const spec = findOption(key);
    if (spec === undefined) {
      const suggestion = closestName(key, OPTIONS.map((s) => s.key));
      throw new ConfigError('config.unknown_key', `config: flag ${key} is not a known option${didYouMean(suggestion)}`, {
        hint: 'flags are passed to loadConfig by option key, as listed in the README and in tidings.yaml',
      });
    }
    apply(spec, typeof value === 'string' ? spec.type.fromText(value) : value, { kind: 'flag', name: spec.flag ?? `--${key}` });
  }

  checkTogether(values, input.fileName);
  return deepFreeze(buildConfig(values));
}

/** The option's schema applied to one raw value, or a ConfigError saying where, which key and what is allowed. */
function checkValue(spec: OptionSpec, raw: unknown, origin: Origin): unknown {
  const result = spec.type.schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (origin.kind === 'default') {
    // A bad default is a bug in the options table, not something a user can fix.
    throw new Error(`config: the default of ${spec.key} is invalid: ${issue.message}`);
  }
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const name = (issue as z.core.$ZodIssueUnrecognizedKeys).keys[0]!;
    const known = spec.type.knownNames ?? [];
    return fail('config.unknown_key', `config: ${subject(origin, spec, [...path, name])} is not a known name${didYouMean(closestName(name, known))}`,
      `${locate(origin, [...path, name])}the names are ${known.join(', ')}`);
  }
  const allowed = path.length === 0 ? spec.type.allowed : issue.message;
  return fail('config.invalid_value', `config: ${subject(origin, spec, path)} must be ${allowed} (got ${show(valueAt(raw, path))})`,
    `${locate(origin, path)}${remedy(origin, spec)}`);
}

function fail(code: string, message: string, hint: string): never {
  throw new ConfigError(code, message, { hint });
}

/** A path inside a map or list as written after a key: "lazyImages" → ".lazyImages", "0" → "[0]". */
function pathText(path: readonly string[]): string {
  return path.map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`)).join('');
}

/** "tidings.yaml: fetch.concurrency", "environment TIDINGS_CLEAN_RULES entry lazyImages", "flag --port". */
function subject(origin: Origin, spec: OptionSpec, path: readonly string[]): string {
  const entry = path.length > 0 ? ` entry ${pathText(path).replace(/^\./, '')}` : '';
  switch (origin.kind) {
    case 'file':
      return `${origin.fileName}: ${spec.key}${pathText(path)}`;
    case 'env':
      return `environment ${origin.name}${entry}`;
    case 'flag':
      return `flag ${origin.name}${entry}`;
    default:
      return `default of ${spec.key}`;
  }
}

/** "line 12 of tidings.yaml; " where the file says it (the entry's own line inside a map), else "". */
function locate(origin: Origin, path: readonly string[] = []): string {
  if (origin.kind !== 'file') return '';
  const line = (path.length > 0 ? origin.lineAt(path) : null) ?? origin.line;
  return line === null ? '' : `line ${line} of ${origin.fileName}; `;
}

function remedy(origin: Origin, spec: OptionSpec): string {
  switch (origin.kind) {
    case 'file':
      return typeof spec.default === 'object' && spec.default !== null
        ? 'fix the value or delete the option to use the default'
        : `fix the value or delete the line to use the default (${show(spec.default)})`;
    case 'env':
      return `fix the value or unset ${origin.name}`;
    default:
      return `fix the value of ${origin.kind === 'flag' ? origin.name : spec.key}`;
  }
}

/** "the default", "set in tidings.yaml", "set by TIDINGS_STORE", "set by --port". */
function whereFrom(origin: Origin): string {
  switch (origin.kind) {
    case 'file':
      return `set in ${origin.fileName}`;
    case 'env':
    case 'flag':
      return `set by ${origin.name}`;
    default:
      return 'the default';
  }
}

function didYouMean(suggestion: string | null): string {
  return suggestion === null ? '' : ` (did you mean ${suggestion}?)`;
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const part of path) {
    if (typeof current !== 'object' || current === null) return current;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** A value as it appears in a message: JSON, short, with any password in a URL hidden. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value) ?? String(value);
  const hidden = json.replace(/(\/\/[^/:@\s"]*:)[^/@\s"]*@/g, '$1***@');
  return hidden.length > 80 ? `${hidden.slice(0, 77)}…` : hidden;
}

interface FileEntry {
  spec: OptionSpec;
  raw: unknown;
  line: number | null;
  /** The line of an entry inside this option's map or list. */
  lineAt: (path: readonly string[]) => number | null;
}

/** Sections of the file: the first part of every dotted key ("fetch", "posts" …). */
const SECTIONS = [...new Set(OPTIONS.filter((s) => s.key.includes('.')).map((s) => s.key.split('.')[0]!))];

/** The options set in tidings.yaml, in file order; throws on a syntax error, a misplaced value or an unknown key. */
function readYaml(text: string, fileName: string): FileEntry[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  const syntax = doc.errors[0];
  if (syntax !== undefined) {
    const at = syntax.linePos?.[0];
    const what = syntax.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '');
    throw new ConfigError('config.yaml', `config: ${fileName}${at ? ` line ${at.line}, column ${at.col}` : ''}: ${what}`, {
      hint: 'YAML is indented with spaces (not tabs); put quotes around values with ": " or " #" in them',
    });
  }
  const lineOf = (node: unknown): number | null => {
    const offset = (node as Node | null)?.range?.[0];
    return offset === undefined ? null : lineCounter.linePos(offset).line;
  };
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return []; // empty, or only comments
  if (!isMap(root)) {
    fail('config.invalid_value', `config: ${fileName} must be a mapping of options such as "fetch:" (got ${show(root.toJSON())})`,
      'start again from the file `tidings init` writes');
  }
  const data = (doc.toJS() ?? {}) as Record<string, unknown>;
  const lineAtIn = (base: readonly string[]) => (path: readonly string[]): number | null => {
    const keys = [...base, ...path].map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    // A map entry's own line is its key's (a rule under `sites:` starts on the line after it).
    const parent = doc.getIn(keys.slice(0, -1), true);
    const last = keys[keys.length - 1];
    const pair = isMap(parent) ? parent.items.find((item) => isScalar(item.key) && item.key.value === last) : undefined;
    return lineOf(pair?.key ?? doc.getIn(keys, true));
  };
  const entries: FileEntry[] = [];
  for (const pair of root.items) {
    const name = String(isScalar(pair.key) ? pair.key.value : pair.key);
    const line = lineOf(pair.key);
    const spec = findOption(name);
    if (spec !== undefined) {
      entries.push({ spec, raw: data[name], line, lineAt: lineAtIn([name]) });
      continue;
    }
    if (!SECTIONS.includes(name)) unknownKey(fileName, name, line);
    const section = pair.value;
    if (section === null || (isScalar(section) && section.value === null)) continue; // every key commented out
    if (!isMap(section)) {
      fail('config.invalid_value', `config: ${fileName}: ${name} must be a mapping of ${name}.* options (got ${show(data[name])})`,
        `line ${line} of ${fileName}; write each option indented on its own line below "${name}:"`);
    }
    const values = data[name] as Record<string, unknown>;
    for (const inner of section.items) {
      const key = `${name}.${String(isScalar(inner.key) ? inner.key.value : inner.key)}`;
      const innerSpec = findOption(key);
      if (innerSpec === undefined) unknownKey(fileName, key, lineOf(inner.key));
      const innerName = key.slice(name.length + 1);
      entries.push({ spec: innerSpec, raw: values[innerName], line: lineOf(inner.key), lineAt: lineAtIn([name, innerName]) });
    }
  }
  return entries;
}

function unknownKey(fileName: string, key: string, line: number | null): never {
  const suggestion = closestName(key, [...OPTIONS.map((s) => s.key), ...SECTIONS]);
  const section = key.split('.')[0]!;
  const siblings = OPTIONS.filter((s) => s.key.startsWith(`${section}.`)).map((s) => s.key);
  const known = siblings.length > 0 ? `the ${section} options are ${siblings.join(', ')}` : `the sections are store, ${SECTIONS.join(', ')}`;
  return fail('config.unknown_key', `config: ${fileName}: ${key} is not a known option${didYouMean(suggestion)}`,
    `${line === null ? '' : `line ${line} of ${fileName}; `}${known}`);
}

/** Warns about TIDINGS_<SECTION>_… variables that name no option, and near misses of option names. */
function warnUnknownEnv(env: Record<string, string | undefined>, warn: ((message: string) => void) | undefined): void {
  if (warn === undefined) return;
  const names = OPTIONS.map((s) => s.env);
  const prefixes = ['TIDINGS_STORE', ...SECTIONS.map((s) => `TIDINGS_${s.toUpperCase()}_`)];
  for (const name of Object.keys(env).sort()) {
    if (!name.startsWith('TIDINGS_') || names.includes(name) || env[name] === undefined) continue;
    const suggestion = closestName(name, names);
    if (suggestion !== null || prefixes.some((prefix) => name.startsWith(prefix))) {
      warn(`config: environment ${name} is not a Tidings option${didYouMean(suggestion)}; it is ignored`);
    }
  }
}

/** Rules between options, checked once every layer is in. */
function checkTogether(values: Map<string, Layered>, fileName: string): void {
  const store = values.get('store')!;
  if (store.value === 'postgres' && values.get('postgres.url')!.value === null) {
    fail('config.conflict', `config: store is postgres (${whereFrom(store.origin)}) but postgres.url is not set`,
      `set postgres.url in ${fileName} or TIDINGS_POSTGRES_URL, e.g. postgres://user:password@localhost:5432/tidings`);
  }
  const min = values.get('fetch.min_interval')!;
  const max = values.get('fetch.max_interval')!;
  if ((min.value as number) > (max.value as number)) {
    fail('config.conflict',
      `config: fetch.min_interval (${formatDuration(min.value as number)}, ${whereFrom(min.origin)}) must not be longer than fetch.max_interval (${formatDuration(max.value as number)}, ${whereFrom(max.origin)})`,
      'make fetch.min_interval shorter or fetch.max_interval longer');
  }
}

/** Flat "section.name" values → the nested Config shape (names in camelCase). */
function buildConfig(values: Map<string, Layered>): Config {
  const config: Record<string, unknown> = {};
  for (const [key, { value }] of values) {
    const [section, name] = key.split('.') as [string, string | undefined];
    if (name === undefined) {
      config[section] = value;
    } else {
      const group = (config[section] ??= {}) as Record<string, unknown>;
      group[camelCase(name)] = value;
    }
  }
  return config as unknown as Config;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

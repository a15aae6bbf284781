import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { TidingsError } from '../errors.ts';
import {
  CONFIG_FILE_NAME, ConfigError, OPTIONS, loadConfig, optionsMarkdownTable, renderConfigYaml, type Config,
} from './index.ts';

interface LoadOptions {
  yaml?: string;
  env?: Record<string, string | undefined>;
  flags?: Record<string, unknown>;
  warn?: (message: string) => void;
}

function load(options: LoadOptions = {}): Config {
  return loadConfig({
    yamlText: options.yaml ?? null,
    fileName: 'tidings.yaml',
    env: options.env ?? {},
    ...(options.flags ? { flags: options.flags } : {}),
    ...(options.warn ? { warn: options.warn } : {}),
  });
}

/** The Config value of a dotted option key: "fetch.per_host_concurrency" → config.fetch.perHostConcurrency. */
function valueOf(config: Config, key: string): unknown {
  let current: unknown = config;
  for (const part of key.split('.')) {
    current = (current as Record<string, unknown>)[part.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())];
  }
  return current;
}

/** Runs fn and returns the ConfigError it throws. */
function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a ConfigError');
}

// ---------------------------------------------------------------------------------------
// The table itself

test('every option has a key, a one-line doc and TIDINGS_<SECTION>_<KEY> as its variable', () => {
  const envs = new Set<string>();
  for (const spec of OPTIONS) {
    assert.match(spec.key, /^[a-z]+(\.[a-z_]+)?$/, spec.key);
    assert.equal(spec.env, `TIDINGS_${spec.key.replace('.', '_').toUpperCase()}`);
    assert.ok(!envs.has(spec.env), `${spec.env} is used twice`);
    envs.add(spec.env);
    assert.ok(spec.doc.length > 10 && !spec.doc.includes('\n'), `${spec.key} needs a one-line doc`);
  }
  assert.ok(envs.has('TIDINGS_STORE') && envs.has('TIDINGS_RSSHUB_INSTANCE') && envs.has('TIDINGS_FETCH_ALLOW_PRIVATE_NETWORKS'));
});

test('Config has exactly one field per option, and the defaults are the documented ones', () => {
  const config = load();
  const leaves: string[] = [];
  for (const [section, value] of Object.entries(config)) {
    // A section is an object of options; a top-level option may be a list (sites).
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) for (const name of Object.keys(value)) leaves.push(`${section}.${name}`);
    else leaves.push(section);
  }
  const camel = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  assert.deepEqual(leaves.sort(), OPTIONS.map((spec) => camel(spec.key)).sort());

  assert.equal(config.store, 'sqlite');
  assert.equal(config.sqlite.path, 'tidings.db');
  assert.equal(config.postgres.url, null);
  assert.equal(config.rsshub.instance, 'https://rsshub.app');
  assert.equal(config.rsshub.categoryLabels['new-media'], '新媒体');
  assert.equal(config.rsshub.categoryLabels['forecast'], '预报预警');
  assert.equal(config.fetch.concurrency, 8);
  assert.equal(config.fetch.perHostConcurrency, 2);
  assert.equal(config.fetch.timeoutConnect, 10);
  assert.equal(config.fetch.timeoutHeaders, 30);
  assert.equal(config.fetch.timeoutBody, 60);
  assert.equal(config.fetch.maxBodySize, 20 * 1024 * 1024);
  assert.equal(config.fetch.maxRedirects, 5);
  assert.equal(config.fetch.allowPrivateNetworks, false);
  assert.equal(config.fetch.minInterval, 15 * 60);
  assert.equal(config.fetch.maxInterval, 24 * 3600);
  assert.equal(config.fetch.proxy, null);
  assert.deepEqual({ ...config.posts }, {
    dir: 'source/_posts', profile: 'hexo', layout: '{group}/{site}/{channel}', timeZone: 'UTC', body: 'html', repostLabel: '转载自',
  });
  assert.ok(Object.values(config.clean.rules).every((on) => on === true));
  assert.equal(Object.keys(config.clean.rules).length, 8);
  assert.deepEqual(config.clean.trackingParams, []);
  assert.deepEqual({ ...config.media }, { archive: true, dir: 'media', maxSize: 10 * 1024 * 1024 });
  assert.equal(config.site.dir, 'public');
  assert.deepEqual({ ...config.server }, { host: '127.0.0.1', port: 8080 });
  assert.deepEqual(config.sites, []);
});

test('the Config is frozen all the way down', () => {
  const config = load({ yaml: 'rsshub:\n  category_labels:\n    blog: Blogs\n' });
  assert.ok(Object.isFrozen(config));
  assert.ok(Object.isFrozen(config.fetch));
  assert.ok(Object.isFrozen(config.rsshub.categoryLabels));
  assert.ok(Object.isFrozen(config.clean.rules));
  assert.ok(Object.isFrozen(config.clean.trackingParams));
  assert.throws(() => {
    (config.fetch as { concurrency: number }).concurrency = 1;
  }, TypeError);
  // Loading again is not affected by anything done to an earlier Config or to the table.
  assert.equal(load().rsshub.categoryLabels['blog'], '博客');
});

// ---------------------------------------------------------------------------------------
// The generated tidings.yaml

test('the generated tidings.yaml loads back to exactly the defaults', () => {
  assert.deepEqual(load({ yaml: renderConfigYaml() }), load());
});

test('the generated tidings.yaml sets every option, and names every environment variable and flag', () => {
  const text = renderConfigYaml();
  const data = parse(text) as Record<string, unknown>;
  for (const spec of OPTIONS) {
    const [section, name] = spec.key.split('.') as [string, string | undefined];
    const value = name === undefined ? data[section] : (data[section] as Record<string, unknown>)[name];
    assert.notEqual(value, undefined, `${spec.key} missing from tidings.yaml`);
    assert.ok(text.includes(`# ${spec.doc}\n`), `doc of ${spec.key} missing`);
    assert.match(text, new RegExp(`^\\s*# .*\\benv ${spec.env}\\b`, 'm'), `${spec.env} missing`);
    if (spec.flag) assert.ok(text.includes(`flag ${spec.flag}`), `${spec.flag} missing`);
  }
  assert.ok(text.startsWith('# tidings.yaml'));
  assert.equal(CONFIG_FILE_NAME, 'tidings.yaml');
});

test('every line of the generated tidings.yaml is a comment, blank, or a key at two-space indents', () => {
  for (const line of renderConfigYaml().split('\n')) {
    assert.match(line, /^(|( {2})*#.*|( {2}){0,2}[^\s#].*)$/, JSON.stringify(line));
  }
});

test('commenting out a whole section leaves it at its defaults', () => {
  const config = load({ yaml: 'fetch:\n  # concurrency: 3\nposts:\n' });
  assert.equal(config.fetch.concurrency, 8);
  assert.equal(config.posts.dir, 'source/_posts');
});

test('an empty file, or one of comments only, is all defaults', () => {
  assert.deepEqual(load({ yaml: '' }), load());
  assert.deepEqual(load({ yaml: '# nothing yet\n' }), load());
});

// ---------------------------------------------------------------------------------------
// Precedence: defaults < tidings.yaml < TIDINGS_* environment < flags

interface PrecedenceCase {
  name: string;
  key: string;
  yaml?: string;
  env?: Record<string, string>;
  flags?: Record<string, unknown>;
  want: unknown;
}

const PRECEDENCE: PrecedenceCase[] = [
  { name: 'default alone', key: 'fetch.concurrency', want: 8 },
  { name: 'file over default', key: 'fetch.concurrency', yaml: 'fetch:\n  concurrency: 3\n', want: 3 },
  { name: 'env over default', key: 'fetch.concurrency', env: { TIDINGS_FETCH_CONCURRENCY: '5' }, want: 5 },
  { name: 'env over file', key: 'fetch.concurrency', yaml: 'fetch:\n  concurrency: 3\n', env: { TIDINGS_FETCH_CONCURRENCY: '5' }, want: 5 },
  { name: 'flag over file', key: 'fetch.concurrency', yaml: 'fetch:\n  concurrency: 3\n', flags: { 'fetch.concurrency': 7 }, want: 7 },
  { name: 'flag over env and file', key: 'fetch.concurrency', yaml: 'fetch:\n  concurrency: 3\n', env: { TIDINGS_FETCH_CONCURRENCY: '5' }, flags: { 'fetch.concurrency': '7' }, want: 7 },
  { name: 'undefined flag is not set', key: 'fetch.concurrency', env: { TIDINGS_FETCH_CONCURRENCY: '5' }, flags: { 'fetch.concurrency': undefined }, want: 5 },
  { name: 'undefined env is not set', key: 'server.port', yaml: 'server:\n  port: 9000\n', env: { TIDINGS_SERVER_PORT: undefined } as unknown as Record<string, string>, want: 9000 },
  { name: 'empty env is not set', key: 'server.port', yaml: 'server:\n  port: 9000\n', env: { TIDINGS_SERVER_PORT: '' }, want: 9000 },
  { name: 'empty env clears a nullable option', key: 'fetch.proxy', yaml: 'fetch:\n  proxy: http://proxy:3128\n', env: { TIDINGS_FETCH_PROXY: '' }, want: null },
  { name: 'top-level key from env', key: 'store', env: { TIDINGS_STORE: 'postgres', TIDINGS_POSTGRES_URL: 'postgres://db/tidings' }, want: 'postgres' },
  { name: 'boolean env over file', key: 'fetch.allow_private_networks', yaml: 'fetch:\n  allow_private_networks: false\n', env: { TIDINGS_FETCH_ALLOW_PRIVATE_NETWORKS: 'true' }, want: true },
  { name: 'flag host over env', key: 'server.host', env: { TIDINGS_SERVER_HOST: '0.0.0.0' }, flags: { 'server.host': '::1' }, want: '::1' },
  { name: 'map entries merge: file changes one label, the rest stay', key: 'rsshub.category_labels.blog', yaml: 'rsshub:\n  category_labels:\n    programming: Code\n', want: '博客' },
  { name: 'map entries merge: env over file, entry by entry', key: 'rsshub.category_labels.programming', yaml: 'rsshub:\n  category_labels:\n    programming: Code\n', env: { TIDINGS_RSSHUB_CATEGORY_LABELS: 'programming=Programming,blog=Blogs' }, want: 'Programming' },
  { name: 'map entries merge: rules from file and env both apply (file)', key: 'clean.rules.lazyImages', yaml: 'clean:\n  rules:\n    lazyImages: false\n', env: { TIDINGS_CLEAN_RULES: 'dropPixels=false' }, want: false },
  { name: 'map entries merge: rules from file and env both apply (env)', key: 'clean.rules.dropPixels', yaml: 'clean:\n  rules:\n    lazyImages: false\n', env: { TIDINGS_CLEAN_RULES: 'dropPixels=false' }, want: false },
  { name: 'lists are replaced, not merged', key: 'clean.tracking_params', yaml: 'clean:\n  tracking_params: [spm]\n', env: { TIDINGS_CLEAN_TRACKING_PARAMS: 'from,share_id' }, want: ['from', 'share_id'] },
];

for (const c of PRECEDENCE) {
  test(`precedence: ${c.name}`, () => {
    const config = load({ ...(c.yaml ? { yaml: c.yaml } : {}), ...(c.env ? { env: c.env } : {}), ...(c.flags ? { flags: c.flags } : {}) });
    const [section, name, entry] = c.key.split('.');
    const value = entry === undefined ? valueOf(config, c.key) : (valueOf(config, `${section}.${name}`) as Record<string, unknown>)[entry];
    assert.deepEqual(value, c.want);
  });
}

// ---------------------------------------------------------------------------------------
// Coercion: what each type accepts, from the file (YAML values), the environment and flags (text)

type Where = 'file' | 'env' | 'flag';

interface CoercionCase {
  key: string;
  where: Where;
  /** YAML text for the value when where = file; the variable's text or the flag's value otherwise. */
  input: unknown;
  want: unknown;
}

function loadOne(key: string, where: Where, input: unknown): Config {
  const spec = OPTIONS.find((s) => s.key === key)!;
  if (where === 'env') return load({ env: { [spec.env]: input as string } });
  if (where === 'flag') return load({ flags: { [key]: input } });
  const [section, name] = key.split('.') as [string, string | undefined];
  const yaml = name === undefined ? `${section}: ${String(input)}\n` : `${section}:\n  ${name}: ${String(input)}\n`;
  return load({ yaml });
}

const COERCIONS: CoercionCase[] = [
  // whole numbers
  { key: 'fetch.concurrency', where: 'file', input: '16', want: 16 },
  { key: 'fetch.concurrency', where: 'file', input: '"16"', want: 16 },
  { key: 'fetch.concurrency', where: 'env', input: ' 16 ', want: 16 },
  { key: 'fetch.concurrency', where: 'flag', input: '16', want: 16 },
  { key: 'fetch.concurrency', where: 'flag', input: 16, want: 16 },
  { key: 'fetch.max_redirects', where: 'env', input: '0', want: 0 },
  { key: 'server.port', where: 'env', input: '0', want: 0 },
  // booleans: true/false/1/0/yes/no (and on/off), any case
  ...[['true', true], ['false', false], ['1', true], ['0', false], ['yes', true], ['no', false], ['on', true], ['off', false], ['TRUE', true], ['No', false]]
    .map(([input, want]) => ({ key: 'fetch.allow_private_networks', where: 'env' as const, input, want })),
  { key: 'media.archive', where: 'file', input: 'no', want: false }, // a string in YAML 1.2, still read as false
  { key: 'media.archive', where: 'file', input: 'false', want: false },
  { key: 'media.archive', where: 'flag', input: false, want: false },
  // enums, any case
  { key: 'store', where: 'env', input: 'SQLite', want: 'sqlite' },
  { key: 'posts.body', where: 'file', input: 'html', want: 'html' },
  { key: 'posts.profile', where: 'env', input: 'jekyll', want: 'jekyll' },
  // durations → seconds
  { key: 'fetch.timeout_connect', where: 'file', input: '90s', want: 90 },
  { key: 'fetch.timeout_connect', where: 'file', input: '15', want: 15 },
  { key: 'fetch.timeout_body', where: 'env', input: '2m', want: 120 },
  { key: 'fetch.min_interval', where: 'env', input: '1h30m', want: 5400 },
  { key: 'fetch.max_interval', where: 'file', input: '7d', want: 604_800 },
  // sizes → bytes
  { key: 'fetch.max_body_size', where: 'file', input: '512KB', want: 524_288 },
  { key: 'fetch.max_body_size', where: 'env', input: '1GB', want: 1024 ** 3 },
  { key: 'media.max_size', where: 'file', input: '2048', want: 2048 },
  // text, paths, URLs
  { key: 'fetch.user_agent', where: 'env', input: '  MyBot/1.0  ', want: 'MyBot/1.0' },
  { key: 'posts.dir', where: 'file', input: 'content/posts', want: 'content/posts' },
  { key: 'posts.repost_label', where: 'file', input: 'Via', want: 'Via' },
  { key: 'rsshub.instance', where: 'env', input: 'http://localhost:1200/', want: 'http://localhost:1200' },
  { key: 'postgres.url', where: 'env', input: 'postgresql://u:p@db:5432/tidings', want: 'postgresql://u:p@db:5432/tidings' },
  { key: 'postgres.url', where: 'file', input: 'null', want: null },
  { key: 'fetch.proxy', where: 'env', input: 'http://127.0.0.1:3128', want: 'http://127.0.0.1:3128' },
  { key: 'fetch.proxy', where: 'env', input: 'null', want: null },
  { key: 'server.host', where: 'file', input: '0.0.0.0', want: '0.0.0.0' },
  // time zones and layouts
  { key: 'posts.time_zone', where: 'env', input: 'Asia/Shanghai', want: 'Asia/Shanghai' },
  { key: 'posts.time_zone', where: 'file', input: '"+08:00"', want: '+08:00' },
  { key: 'posts.layout', where: 'file', input: '"{year}/{month}"', want: '{year}/{month}' },
  { key: 'posts.layout', where: 'file', input: '""', want: '' },
  { key: 'posts.layout', where: 'env', input: 'news/{source}', want: 'news/{source}' },
  // maps: YAML mapping, or JSON / k=v,k=v in the environment
  { key: 'rsshub.category_labels', where: 'env', input: '{"blog":"Blogs"}', want: 'Blogs' },
  { key: 'rsshub.category_labels', where: 'env', input: 'blog=Blogs, other = Misc', want: 'Blogs' },
  { key: 'rsshub.category_labels', where: 'file', input: '{blog: Blogs}', want: 'Blogs' },
  { key: 'clean.rules', where: 'env', input: '{"lazyImages":false}', want: false },
  { key: 'clean.rules', where: 'env', input: 'lazyImages=no', want: false },
  { key: 'clean.rules', where: 'file', input: '{lazyImages: off}', want: false },
  // site rules: a map keyed by host (JSON in the environment) → SiteRule[]
  { key: 'sites', where: 'file', input: 'null', want: [] },
  { key: 'sites', where: 'file', input: '{}', want: [] },
  { key: 'sites', where: 'env', input: '{"mp.weixin.qq.com": {"image_referer": "none"}}', want: [{ hosts: ['mp.weixin.qq.com'], imageReferer: 'none' }] },
  { key: 'sites', where: 'flag', input: { 'Example.COM': { content: '#main' } }, want: [{ hosts: ['example.com'], content: ['#main'] }] },

  // lists: YAML sequence, or JSON / a,b,c in the environment
  { key: 'clean.tracking_params', where: 'file', input: '[spm, from]', want: ['spm', 'from'] },
  { key: 'clean.tracking_params', where: 'file', input: 'null', want: [] },
  { key: 'clean.tracking_params', where: 'env', input: 'spm, from ,', want: ['spm', 'from'] },
  { key: 'clean.tracking_params', where: 'env', input: '["spm"]', want: ['spm'] },
  { key: 'clean.tracking_params', where: 'flag', input: ['spm'], want: ['spm'] },
];

for (const c of COERCIONS) {
  test(`coercion: ${c.key} from ${c.where} ${JSON.stringify(c.input)}`, () => {
    const value = valueOf(loadOne(c.key, c.where, c.input), c.key);
    if (c.key === 'rsshub.category_labels') assert.equal((value as Record<string, string>)['blog'], c.want);
    else if (c.key === 'clean.rules') assert.equal((value as Record<string, boolean>)['lazyImages'], c.want);
    else assert.deepEqual(value, c.want);
  });
}

test('sites: a rule per key, several hosts in one key, every field read, empty lists and rules dropped', () => {
  const config = load({
    yaml: [
      'sites:',
      '  example.com:',
      '    content: ["article .body"]',
      '    remove: [".hot-list", "#comments"]',
      '    image_referer: page',
      '    user_agent: "Mozilla/5.0 (X11; Linux x86_64)"',
      '  "news.example.cn, *.example.net, 例子.中国":',
      '    remove: ".share"',
      '    image_referer: https://www.example.cn/',
      '  img.example.org:',
      '    image_referer: NONE',
      '    content: []',
      '  quiet.example:',
      '',
    ].join('\n'),
  });
  assert.deepEqual(config.sites, [
    { hosts: ['example.com'], content: ['article .body'], remove: ['.hot-list', '#comments'], imageReferer: 'page', userAgent: 'Mozilla/5.0 (X11; Linux x86_64)' },
    { hosts: ['news.example.cn', 'example.net', 'xn--fsqu00a.xn--fiqs8s'], remove: ['.share'], imageReferer: 'https://www.example.cn/' },
    { hosts: ['img.example.org'], imageReferer: 'none' },
    { hosts: ['quiet.example'] },
  ]);
  assert.ok(Object.isFrozen(config.sites) && Object.isFrozen(config.sites[0]) && Object.isFrozen(config.sites[0]!.remove));
});

test('sites: the environment replaces the file\'s map as a whole (a rule is not merged field by field)', () => {
  const config = load({ yaml: 'sites:\n  a.example:\n    remove: [".x"]\n', env: { TIDINGS_SITES: '{"b.example": {"remove": [".y"]}}' } });
  assert.deepEqual(config.sites, [{ hosts: ['b.example'], remove: ['.y'] }]);
});

// ---------------------------------------------------------------------------------------
// Errors: each names where the value came from, the key, what is allowed and what was given

interface ErrorCase {
  name: string;
  yaml?: string;
  env?: Record<string, string>;
  flags?: Record<string, unknown>;
  code: string;
  message: string;
  /** A part of the hint, when it matters (the line number in the file). */
  hint?: string;
}

const ERRORS: ErrorCase[] = [
  { name: 'whole number, file', yaml: 'fetch:\n  concurrency: lots\n', code: 'config.invalid_value',
    message: 'config: tidings.yaml: fetch.concurrency must be a whole number from 1 to 64 (got "lots")', hint: 'line 2 of tidings.yaml' },
  { name: 'whole number, env', env: { TIDINGS_FETCH_CONCURRENCY: 'lots' }, code: 'config.invalid_value',
    message: 'config: environment TIDINGS_FETCH_CONCURRENCY must be a whole number from 1 to 64 (got "lots")' },
  { name: 'whole number out of range', env: { TIDINGS_FETCH_CONCURRENCY: '100' }, code: 'config.invalid_value',
    message: 'config: environment TIDINGS_FETCH_CONCURRENCY must be a whole number from 1 to 64 (got "100")' },
  { name: 'whole number, not whole', yaml: 'fetch:\n  max_redirects: 2.5\n', code: 'config.invalid_value',
    message: 'config: tidings.yaml: fetch.max_redirects must be a whole number from 0 to 20 (got 2.5)' },
  { name: 'whole number, flag', flags: { 'fetch.concurrency': '0' }, code: 'config.invalid_value',
    message: 'config: flag --concurrency must be a whole number from 1 to 64 (got "0")' },
  { name: 'port, flag', flags: { 'server.port': 70000 }, code: 'config.invalid_value',
    message: 'config: flag --port must be a whole number from 0 to 65535 (got 70000)' },
  { name: 'boolean', env: { TIDINGS_FETCH_ALLOW_PRIVATE_NETWORKS: 'maybe' }, code: 'config.invalid_value',
    message: 'config: environment TIDINGS_FETCH_ALLOW_PRIVATE_NETWORKS must be true or false (also yes/no, on/off, 1/0) (got "maybe")' },
  { name: 'enum', yaml: 'store: mysql\n', code: 'config.invalid_value',
    message: 'config: tidings.yaml: store must be one of sqlite, postgres (got "mysql")', hint: 'line 1 of tidings.yaml' },
  { name: 'enum, env', env: { TIDINGS_POSTS_BODY: 'pdf' }, code: 'config.invalid_value',
    message: 'config: environment TIDINGS_POSTS_BODY must be one of markdown, html (got "pdf")' },
  { name: 'duration, unknown unit', yaml: 'fetch:\n  timeout_connect: 1mo\n', code: 'config.invalid_value',
    message: 'config: tidings.yaml: fetch.timeout_connect must be a duration from 1s to 5m, such as "90s", "15m", "24h" or "1d" (got "1mo")' },
  { name: 'duration, too short', flags: { 'fetch.timeout_headers': '500ms' }, code: 'config.invalid_value',
    message: 'config: flag --fetch.timeout_headers must be a duration from 1s to 10m, such as "90s", "15m", "24h" or "1d" (got "500ms")' },
  { name: 'size', yaml: 'fetch:\n  max_body_size: huge\n', code: 'config.invalid_value',
    message: 'config: tidings.yaml: fetch.max_body_size must be a size from 1KB to 1GB, such as "512KB" or "20MB" (got "huge")' },
  { name: 'size, too big', env: { TIDINGS_MEDIA_MAX_SIZE: '2GB' }, code: 'config.invalid_value',
    message: 'config: environment TIDINGS_MEDIA_MAX_SIZE must be a size from 1KB to 1GB, such as "512KB" or "20MB" (got "2GB")' },
  { name: 'URL scheme', yaml: 'rsshub:\n  instance: ftp://example.org\n', code: 'config.invalid_value',
    message: 'config: tidings.yaml: rsshub.instance must be an http:// or https:// URL (got "ftp://example.org")' },
  { name: 'URL, not a URL', env: { TIDINGS_RSSHUB_INSTANCE: 'rsshub.app' }, code: 'config.invalid_value',
    message: 'config: environment TIDINGS_RSSHUB_INSTANCE must be an http:// or https:// URL (got "rsshub.app")' },
  { name: 'nullable URL, password hidden', env: { TIDINGS_POSTGRES_URL: 'mysql://user:secret@db/tidings' }, code: 'config.invalid_value',
    message: 'config: environment TIDINGS_POSTGRES_URL must be a postgres:// or postgresql:// URL, or null (got "mysql://user:***@db/tidings")' },
  { name: 'text, empty', yaml: 'fetch:\n  user_agent: ""\n', code: 'config.invalid_value',
    message: 'config: tidings.yaml: fetch.user_agent must be non-empty text on one line (got "")' },
  { name: 'path, a list', yaml: 'posts:\n  dir: [a]\n', code: 'config.invalid_value',
    message: 'config: tidings.yaml: posts.dir must be a non-empty path (got ["a"])' },
  { name: 'time zone', yaml: 'posts:\n  time_zone: Mars/Olympus\n', code: 'config.invalid_value',
    message: 'config: tidings.yaml: posts.time_zone must be an IANA time zone such as "Asia/Shanghai" or "UTC", or an offset such as "+08:00" (got "Mars/Olympus")' },
  { name: 'layout, unknown token', env: { TIDINGS_POSTS_LAYOUT: '{author}' }, code: 'config.invalid_value',
    message: 'config: environment TIDINGS_POSTS_LAYOUT must be "/"-separated folders of text and {group} {site} {channel} {source} {categories} {year} {month} {day} (no ".."), or "" for none (got "{author}")' },
  { name: 'layout, climbs out', yaml: 'posts:\n  layout: ../elsewhere\n', code: 'config.invalid_value',
    message: 'config: tidings.yaml: posts.layout must be "/"-separated folders of text and {group} {site} {channel} {source} {categories} {year} {month} {day} (no ".."), or "" for none (got "../elsewhere")' },
  { name: 'map, not a mapping', yaml: 'rsshub:\n  category_labels: [blog]\n', code: 'config.invalid_value',
    message: 'config: tidings.yaml: rsshub.category_labels must be a mapping of RSSHub category id to label, such as {"new-media": "新媒体"} (in the environment: JSON or k=v,k=v) (got ["blog"])' },
  { name: 'map entry, names the entry and its line', yaml: 'rsshub:\n  category_labels:\n    blog: Blogs\n    other: ""\n', code: 'config.invalid_value',
    message: 'config: tidings.yaml: rsshub.category_labels.other must be non-empty text on one line (got "")', hint: 'line 4 of tidings.yaml' },
  { name: 'map, bad JSON in env', env: { TIDINGS_RSSHUB_CATEGORY_LABELS: '{blog:' }, code: 'config.invalid_value',
    message: 'config: environment TIDINGS_RSSHUB_CATEGORY_LABELS must be a mapping of RSSHub category id to label, such as {"new-media": "新媒体"} (in the environment: JSON or k=v,k=v) (got "{blog:")' },
  { name: 'rule switch entry', env: { TIDINGS_CLEAN_RULES: 'lazyImages=nah' }, code: 'config.invalid_value',
    message: 'config: environment TIDINGS_CLEAN_RULES entry lazyImages must be true or false (also yes/no, on/off, 1/0) (got "nah")' },
  { name: 'rule name misspelt, with suggestion', yaml: 'clean:\n  rules:\n    dropPixels: true\n    lazyImage: false\n', code: 'config.unknown_key',
    message: 'config: tidings.yaml: clean.rules.lazyImage is not a known name (did you mean lazyImages?)', hint: 'line 4 of tidings.yaml' },
  { name: 'list, a scalar', yaml: 'clean:\n  tracking_params: spm\n', code: 'config.invalid_value',
    message: 'config: tidings.yaml: clean.tracking_params must be a list of names, such as ["spm", "from"] (in the environment: JSON or a,b,c) (got "spm")' },
  { name: 'list element', yaml: 'clean:\n  tracking_params:\n    - spm\n    - "a b"\n', code: 'config.invalid_value',
    message: 'config: tidings.yaml: clean.tracking_params[1] must be a name without spaces (got "a b")', hint: 'line 4 of tidings.yaml' },

  { name: 'sites, not a mapping', yaml: 'sites: [example.com]\n', code: 'config.invalid_value',
    message: 'config: tidings.yaml: sites must be a mapping of host names to site rules, such as {"example.com": {"remove": [".hot-list"]}} (in the environment: JSON) (got ["example.com"])' },
  { name: 'sites, key not a host', yaml: 'sites:\n  "https://example.com/news":\n    remove: [".hot"]\n', code: 'config.invalid_value',
    message: 'config: tidings.yaml: sites.https://example.com/news must be keyed by host names such as example.com, or several as "a.com, b.com" (got {"remove":[".hot"]})', hint: 'line 2 of tidings.yaml' },
  { name: 'sites, empty selector', yaml: 'sites:\n  example.com:\n    remove: [".hot", "  "]\n', code: 'config.invalid_value',
    message: 'config: tidings.yaml: sites.example.com.remove[1] must be a non-empty CSS selector (got "  ")', hint: 'line 3 of tidings.yaml' },
  { name: 'sites, selector not text', yaml: 'sites:\n  example.com:\n    content: [{a: 1}]\n', code: 'config.invalid_value',
    message: 'config: tidings.yaml: sites.example.com.content[0] must be a non-empty CSS selector (got {"a":1})' },
  { name: 'sites, image_referer', yaml: 'sites:\n  example.com:\n    image_referer: weibo.com\n', code: 'config.invalid_value',
    message: 'config: tidings.yaml: sites.example.com.image_referer must be page, none, or an http:// or https:// URL (got "weibo.com")', hint: 'line 3 of tidings.yaml' },
  { name: 'sites, user_agent on two lines', env: { TIDINGS_SITES: '{"example.com": {"user_agent": "a\\nb"}}' }, code: 'config.invalid_value',
    message: 'config: environment TIDINGS_SITES entry example.com.user_agent must be non-empty text on one line (got "a\\nb")' },
  { name: 'sites, a rule that is not a mapping', yaml: 'sites:\n  example.com: "#content"\n', code: 'config.invalid_value',
    message: 'config: tidings.yaml: sites.example.com must be a site rule: a mapping of content, remove, image_referer, user_agent (got "#content")' },
  { name: 'sites, rule field misspelt, with suggestion', yaml: 'sites:\n  example.com:\n    remvoe: [".hot"]\n', code: 'config.unknown_key',
    message: 'config: tidings.yaml: sites.example.com.remvoe is not a known name (did you mean remove?)', hint: 'the names are content, remove, image_referer, user_agent' },

  // unknown keys, with the closest known key
  { name: 'unknown key, typo', yaml: 'fetch:\n  concurrency: 4\n  timout_body: 30s\n', code: 'config.unknown_key',
    message: 'config: tidings.yaml: fetch.timout_body is not a known option (did you mean fetch.timeout_body?)', hint: 'line 3 of tidings.yaml' },
  { name: 'unknown key, dashes for underscores', yaml: 'fetch:\n  per-host-concurrency: 4\n', code: 'config.unknown_key',
    message: 'config: tidings.yaml: fetch.per-host-concurrency is not a known option (did you mean fetch.per_host_concurrency?)' },
  { name: 'unknown key, right name in the wrong section', yaml: 'server:\n  concurrency: 4\n', code: 'config.unknown_key',
    message: 'config: tidings.yaml: server.concurrency is not a known option (did you mean fetch.concurrency?)' },
  { name: 'unknown section, typo', yaml: 'fecth:\n  concurrency: 4\n', code: 'config.unknown_key',
    message: 'config: tidings.yaml: fecth is not a known option (did you mean fetch?)' },
  { name: 'unknown key, nothing close', yaml: 'fetch:\n  zzzzzz: 1\n', code: 'config.unknown_key',
    message: 'config: tidings.yaml: fetch.zzzzzz is not a known option', hint: 'the fetch options are fetch.concurrency, ' },
  { name: 'unknown flag', flags: { 'fetch.concurency': 4 }, code: 'config.unknown_key',
    message: 'config: flag fetch.concurency is not a known option (did you mean fetch.concurrency?)' },

  // the file's shape
  { name: 'section is not a mapping', yaml: 'fetch: 5\n', code: 'config.invalid_value',
    message: 'config: tidings.yaml: fetch must be a mapping of fetch.* options (got 5)' },
  { name: 'file is not a mapping', yaml: '- fetch\n', code: 'config.invalid_value',
    message: 'config: tidings.yaml must be a mapping of options such as "fetch:" (got ["fetch"])' },

  // YAML syntax: file, line and column
  { name: 'YAML: tab indentation', yaml: 'fetch:\n\tconcurrency: 3\n', code: 'config.yaml',
    message: 'config: tidings.yaml line 2, column 1: Tabs are not allowed as indentation' },
  { name: 'YAML: duplicate key', yaml: 'store: sqlite\nfetch:\n  concurrency: 3\n  concurrency: 4\n', code: 'config.yaml',
    message: 'config: tidings.yaml line 4, column 3: Map keys must be unique' },
  { name: 'YAML: unclosed quote', yaml: 'fetch:\n  user_agent: "Bot\nserver:\n  port: 1\n', code: 'config.yaml',
    message: 'config: tidings.yaml line 5, column 1: Missing closing "quote' },

  // options that must agree
  { name: 'postgres without a URL', env: { TIDINGS_STORE: 'postgres' }, code: 'config.conflict',
    message: 'config: store is postgres (set by TIDINGS_STORE) but postgres.url is not set', hint: 'TIDINGS_POSTGRES_URL' },
  { name: 'min interval above max', yaml: 'fetch:\n  min_interval: 2d\n', code: 'config.conflict',
    message: 'config: fetch.min_interval (2d, set in tidings.yaml) must not be longer than fetch.max_interval (1d, the default)' },
];

for (const c of ERRORS) {
  test(`error: ${c.name}`, () => {
    const error = configError(() => load({ ...(c.yaml ? { yaml: c.yaml } : {}), ...(c.env ? { env: c.env } : {}), ...(c.flags ? { flags: c.flags } : {}) }));
    assert.equal(error.message, c.message);
    assert.equal(error.code, c.code);
    assert.ok(error instanceof TidingsError);
    assert.ok(error.hint, 'every config error says what to do');
    if (c.hint) assert.ok(error.hint.includes(c.hint), `hint ${JSON.stringify(error.hint)} lacks ${JSON.stringify(c.hint)}`);
  });
}

test('an error names the file as the caller called it', () => {
  const error = configError(() => loadConfig({ yamlText: 'fetch:\n  concurrency: 0\n', fileName: '/srv/news/tidings.yaml', env: {} }));
  assert.ok(error.message.startsWith('config: /srv/news/tidings.yaml: fetch.concurrency must be'));
  assert.ok(error.hint?.startsWith('line 2 of /srv/news/tidings.yaml; '));
});

test('a bad value below a good layer still fails: each layer is checked as it is applied', () => {
  // The flag would win, but a bad file value is still reported rather than silently hidden.
  assert.throws(() => load({ yaml: 'fetch:\n  concurrency: lots\n', flags: { 'fetch.concurrency': 4 } }), ConfigError);
});

test('TIDINGS_* variables that look like options but are none are warned about and ignored', () => {
  const warnings: string[] = [];
  const config = load({
    env: { TIDINGS_FETCH_CONCURENCY: '3', TIDINGS_MEDIA_ARCHIVE_IMAGES: '1', TIDINGS_TEST_HELPER: 'x', HOME: '/root' },
    warn: (message) => warnings.push(message),
  });
  assert.equal(config.fetch.concurrency, 8);
  assert.deepEqual(warnings, [
    'config: environment TIDINGS_FETCH_CONCURENCY is not a Tidings option (did you mean TIDINGS_FETCH_CONCURRENCY?); it is ignored',
    'config: environment TIDINGS_MEDIA_ARCHIVE_IMAGES is not a Tidings option (did you mean TIDINGS_MEDIA_ARCHIVE?); it is ignored',
  ]);
});

// ---------------------------------------------------------------------------------------
// The README table

test('the README table has a header and one row per option, with its default and variable', () => {
  const lines = optionsMarkdownTable().trimEnd().split('\n');
  assert.equal(lines[0], '| Option | Type | Default | Environment | Description |');
  assert.equal(lines[1], '| --- | --- | --- | --- | --- |');
  assert.equal(lines.length, OPTIONS.length + 2);
  OPTIONS.forEach((spec, i) => {
    const row = lines[i + 2]!;
    assert.ok(row.startsWith(`| \`${spec.key}\` | `), row);
    assert.ok(row.includes(`| \`${spec.env}\` |`), row);
    // Five cells: no "|" from a type name or a doc may split one.
    assert.equal(row.replace(/\\\|/g, '').split('|').length, 7, row);
  });
  assert.ok(lines.some((line) => line.includes('| `fetch.concurrency` | whole number 1–64 | `8` | `TIDINGS_FETCH_CONCURRENCY` |')));
  assert.ok(lines.some((line) => line.includes('| `store` | sqlite \\| postgres | `sqlite` |')));
  assert.ok(lines.some((line) => line.includes('Flag: `--port`.')));
});

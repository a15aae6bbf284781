// The one table of options. Validation, defaults, the generated tidings.yaml, the
// environment variable names and the README table all come from it: to add an option,
// add a row here and a field to Config (config.ts); a test checks the two agree.
import {
  boolean, duration, folderLayout, labelMap, nameList, oneOf, orNull, path, siteRules, size, switches, text, timeZone, url, wholeNumber,
  type OptionType,
} from './option-types.ts';

/** One option: its dotted key, default (as written in tidings.yaml), kind, one-line doc and environment variable. */
export interface OptionSpec {
  /** "section.name" (or just "name" for a top-level key such as "store"), as in tidings.yaml. */
  readonly key: string;
  /** The default, written as in tidings.yaml ("10s", "20MB"); the loader reads it like any other value. */
  readonly default: unknown;
  readonly type: OptionType;
  /** One line: what it does, and when to change it. */
  readonly doc: string;
  /** TIDINGS_<SECTION>_<NAME>, upper case: TIDINGS_FETCH_CONCURRENCY. */
  readonly env: string;
  /** The command-line flag that sets it, where one exists (`fetch --concurrency`). */
  readonly flag: string | null;
  /** For maps with fixed names: one line about each entry, written beside it in tidings.yaml. */
  readonly entryDocs?: Readonly<Record<string, string>>;
  /** For maps empty by default: an entry written commented out below the key in tidings.yaml, to copy. */
  readonly example?: string;
}

/** The environment variable for a key: "fetch.per_host_concurrency" → "TIDINGS_FETCH_PER_HOST_CONCURRENCY". */
export function envNameOf(key: string): string {
  return `TIDINGS_${key.replace(/\./g, '_').toUpperCase()}`;
}

interface Row {
  key: string;
  default: unknown;
  type: OptionType;
  doc: string;
  flag?: string;
  entryDocs?: Record<string, string>;
  example?: string;
}

function table(rows: Row[]): ReadonlyArray<OptionSpec> {
  return Object.freeze(rows.map((row) => Object.freeze({
    key: row.key,
    default: typeof row.default === 'object' && row.default !== null ? Object.freeze(row.default) : row.default,
    type: row.type,
    doc: row.doc,
    env: envNameOf(row.key),
    flag: row.flag ?? null,
    ...(row.entryDocs ? { entryDocs: Object.freeze(row.entryDocs) } : {}),
    ...(row.example ? { example: row.example } : {}),
  })));
}

/** RSSHub's own category ids (docs.rsshub.app), each with the label Tidings shows for it. */
const RSSHUB_CATEGORY_LABELS: Record<string, string> = {
  'popular': '热门',
  'new-media': '新媒体',
  'traditional-media': '传统媒体',
  'social-media': '社交媒体',
  'bbs': '论坛',
  'blog': '博客',
  'programming': '编程',
  'design': '设计',
  'live': '直播',
  'multimedia': '多媒体',
  'picture': '图片',
  'anime': '二次元',
  'program-update': '程序更新',
  'university': '大学通知',
  'forecast': '预报预警',
  'travel': '出行旅游',
  'shopping': '购物',
  'game': '游戏',
  'reading': '阅读',
  'government': '政务消息',
  'study': '学习',
  'journal': '科学期刊',
  'finance': '财经',
  'other': '其他',
};

/** The clean-up rules of the HTML stage, each with what it does. */
const CLEAN_RULES: Record<string, string> = {
  absoluteUrls: 'resolve relative links and image sources against the item URL',
  lazyImages: 'turn lazy-loading placeholders (data-src, data-original, srcset) into real image sources',
  noReferrer: 'load images with referrerpolicy="no-referrer", so hotlink protection lets them through',
  stripTracking: 'remove tracking query parameters (utm_*, fbclid, … and clean.tracking_params) from links',
  unwrapRedirects: 'replace redirector links (t.co, link.zhihu.com/?target=, …) with their target',
  dropPixels: 'remove 1×1 tracking images and web bugs',
  collapseEmpty: 'remove empty paragraphs and runs of <br>',
  tidyWordPress: 'remove WordPress boilerplate ("The post … appeared first on …", share buttons)',
};

/** One line about each section, written above it in tidings.yaml. */
export const SECTION_DOCS: Readonly<Record<string, string>> = Object.freeze({
  sqlite: 'The embedded SQLite store (store: sqlite): one file, one machine.',
  postgres: 'The PostgreSQL store (store: postgres): one archive shared by workers on several machines.',
  rsshub: 'RSSHub turns sites without feeds into feeds; sources written rsshub:///route/path are fetched from it.',
  fetch: 'Polling feeds over HTTP: how many at once, time and size limits, how often.',
  posts: 'The post file written for each item (Hexo, Hugo, Jekyll).',
  clean: 'What is done to the HTML of each item before it is stored and published.',
  media: 'Local copies of the images in items.',
  site: 'The static site written by `tidings build`.',
  server: 'The web reader and JSON API of `tidings serve`.',
});

/** Every option Tidings reads, in the order tidings.yaml lists them. */
export const OPTIONS: ReadonlyArray<OptionSpec> = table([
  { key: 'store', default: 'sqlite', type: oneOf(['sqlite', 'postgres']),
    doc: 'Where items are kept: sqlite (one file, one machine) or postgres (several workers, several machines).' },
  { key: 'sqlite.path', default: 'tidings.db', type: path(),
    doc: 'SQLite database file, relative to the workspace.' },
  { key: 'postgres.url', default: null, type: orNull(url(['postgres', 'postgresql'])),
    doc: 'Connection URL such as postgres://user:password@host:5432/tidings; required when store is postgres.' },

  { key: 'rsshub.instance', default: 'https://rsshub.app', type: url(['http', 'https']),
    doc: 'RSSHub instance for rsshub:/// sources; the public one rate-limits, so consider running your own.' },
  { key: 'rsshub.category_labels', default: RSSHUB_CATEGORY_LABELS, type: labelMap('RSSHub category id to label'),
    doc: 'Label shown for each RSSHub category id (`tidings rsshub routes`, group of rsshub:// sources); entries here override the defaults one by one.' },

  { key: 'fetch.concurrency', default: 8, type: wholeNumber(1, 64), flag: '--concurrency',
    doc: 'Most feeds fetched at the same time.' },
  { key: 'fetch.per_host_concurrency', default: 2, type: wholeNumber(1, 16),
    doc: 'Most requests to one host at the same time, to be polite to small sites.' },
  { key: 'fetch.timeout_connect', default: '10s', type: duration(1, 300),
    doc: 'Give up when the connection (TCP and TLS) is not set up within this time.' },
  { key: 'fetch.timeout_headers', default: '30s', type: duration(1, 600),
    doc: 'Give up when the response headers have not arrived within this time of connecting.' },
  { key: 'fetch.timeout_body', default: '60s', type: duration(1, 3600),
    doc: 'Give up when the whole response body has not arrived within this time of the headers.' },
  { key: 'fetch.max_body_size', default: '20MB', type: size(1024, 1024 ** 3),
    doc: 'Largest response body read; a bigger one fails that fetch instead of filling memory.' },
  { key: 'fetch.max_redirects', default: 5, type: wholeNumber(0, 20),
    doc: 'Most redirects followed for one request.' },
  { key: 'fetch.user_agent', default: 'Tidings/0.1 (self-hosted news mirror)', type: text(),
    doc: 'User-Agent header sent with every request.' },
  { key: 'fetch.allow_private_networks', default: false, type: boolean(),
    doc: 'Allow feeds on loopback, private and link-local addresses; off guards against SSRF, turn on for feeds on your own network.' },
  { key: 'fetch.min_interval', default: '15m', type: duration(60, 7 * 86_400),
    doc: 'Shortest time between two polls of one feed, whatever its ttl or update rate suggests.' },
  { key: 'fetch.max_interval', default: '24h', type: duration(60, 30 * 86_400),
    doc: 'Longest time between two polls of one feed, however rarely it changes.' },
  { key: 'fetch.proxy', default: null, type: orNull(url(['http', 'https'])),
    doc: 'HTTP(S) proxy for every request; null uses HTTPS_PROXY, HTTP_PROXY and NO_PROXY from the environment.' },

  { key: 'posts.dir', default: 'source/_posts', type: path(),
    doc: 'Folder, relative to the workspace, that post files are written into (Hexo reads source/_posts).' },
  { key: 'posts.profile', default: 'hexo', type: oneOf(['hexo', 'repost', 'hugo', 'jekyll']),
    doc: 'Post format: hexo, repost (Hexo post crediting the original), hugo or jekyll; a source\'s --profile overrides it.' },
  { key: 'posts.layout', default: '{group}/{site}/{channel}', type: folderLayout(),
    doc: 'Sub-folders of posts.dir for each post, from {group} {site} {channel} {source} {categories} {year} {month} {day}; "" for none.' },
  { key: 'posts.time_zone', default: 'UTC', type: timeZone(),
    doc: 'Time zone of the dates written in posts and of {year}/{month}/{day}: an IANA name (Asia/Shanghai) or an offset (+08:00).' },
  { key: 'posts.body', default: 'html', type: oneOf(['markdown', 'html']),
    doc: 'Hexo post body: html (the cleaned HTML in a <div>, as Hexo themes expect) or markdown (converted to GFM). Reposts are always Markdown.' },
  { key: 'posts.repost_label', default: '转载自', type: text(),
    doc: 'Label of the original link in repost posts: [转载自SITE](URL); 轉載自 suits traditional-Chinese sources.' },

  { key: 'clean.rules', default: Object.fromEntries(Object.keys(CLEAN_RULES).map((name) => [name, true])),
    type: switches(Object.keys(CLEAN_RULES)), entryDocs: CLEAN_RULES,
    doc: 'Clean-up rules for item HTML, all on by default; set one to false to turn it off (sanitizing always runs).' },
  { key: 'clean.tracking_params', default: [], type: nameList(),
    doc: 'More query parameters for stripTracking to remove from links, besides its built-in list.' },

  { key: 'sites', default: {}, type: siteRules(),
    doc: 'Rules for particular sites, keyed by host ("a.com, b.com" for several; subdomains included): content and remove CSS selectors for article pages, the image_referer (page, none or a URL) and user_agent; they come before the built-in rules.',
    example: [
      'example.com, www.example.com:',
      '  content: ["article .body"]',
      '  remove: [".hot-list", "#comments"]',
      '  image_referer: page',
      '  user_agent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"',
    ].join('\n') },

  { key: 'media.archive', default: true, type: boolean(),
    doc: 'Download the images in items and point posts at the local copies, so posts survive link rot.' },
  { key: 'media.dir', default: 'media', type: path(),
    doc: 'Folder, relative to the workspace, that archived images are written into.' },
  { key: 'media.max_size', default: '10MB', type: size(1024, 1024 ** 3),
    doc: 'Largest image archived; a bigger one keeps its original URL.' },

  { key: 'site.dir', default: 'public', type: path(),
    doc: 'Folder, relative to the workspace, that the static site is written into when no DIR is given.' },

  { key: 'server.host', default: '127.0.0.1', type: text('a host name or IP address'), flag: '--host',
    doc: 'Address `tidings serve` listens on; 0.0.0.0 opens it to your network.' },
  { key: 'server.port', default: 8080, type: wholeNumber(0, 65_535), flag: '--port',
    doc: 'Port `tidings serve` listens on; 0 picks a free one.' },
]);

/** The option with this dotted key, if any. */
export function findOption(key: string): OptionSpec | undefined {
  return OPTIONS.find((spec) => spec.key === key);
}

// Page metadata read straight from the DOM before Readability rewrites it: meta tags,
// JSON-LD, <time>, <html lang>, and the Chinese "来源/作者/2022年02月02日 10:38" lines that
// portal pages print under the headline. Pure: a document in, plain values out.
import { parseDate } from '../../lib/date.ts';
import type { Article } from '../../model/index.ts';

/** The subset of the DOM this module touches (linkedom's document satisfies it). */
export interface MetaDocument {
  querySelector(selectors: string): MetaElement | null;
  querySelectorAll(selectors: string): ArrayLike<MetaElement>;
  documentElement: MetaElement | null;
  firstElementChild: MetaElement | null;
  title?: string;
}
export interface MetaNode {
  nodeType: number;
  nodeValue: string | null;
  firstChild: MetaNode | null;
  nextSibling: MetaNode | null;
}
export interface MetaElement extends MetaNode {
  getAttribute(name: string): string | null;
  getAttributeNode(name: string): { value: string } | null;
  textContent: string | null;
  tagName: string;
  /** Lower case in HTML documents; unlike tagName, read without making a string. */
  localName: string;
  parentElement?: MetaElement | null;
  firstElementChild: MetaElement | null;
  nextElementSibling: MetaElement | null;
}

/** What the page says about itself: the article's fields but its content, and the Chinese info line's. */
export interface PageMetadata extends Omit<Article, 'content' | 'textContent'> {
  /** Text of the "来源：" line, when the page prints one. */
  source: string | null;
  /** The author a Chinese info line names ("作者：张三", "本报记者　李心萍"), whatever the meta tags say. */
  visibleAuthor: string | null;
  /** The editor an info line names ("责任编辑：王五"): a byline of last resort, not folded into `byline`. */
  editor: string | null;
}

export interface ReadMetadataOptions {
  /**
   * The page is Chinese: dates without a zone are China time (UTC+08:00), a visible author
   * beats a meta author without Han characters (people.com.cn puts the uploader's login
   * there), and a time in the info line completes a meta date that has none.
   */
  chinese?: boolean;
  /** The page's URL, for what only some sites need (WeChat's publish time, below). */
  url?: string;
}

function clean(text: string | null | undefined): string | null {
  if (typeof text !== 'string') return null;
  const t = text.replace(/\s+/gu, ' ').trim();
  return t.length > 0 ? t : null;
}

/**
 * The `content` of the page's meta tags by the lower-cased words of their property, name and
 * itemprop attributes; the first non-empty one in document order wins for each word.
 */
function indexMetaContent(doc: MetaDocument): Map<string, string> {
  const found = new Map<string, string>();
  const metas = doc.querySelectorAll('meta');
  for (let i = 0; i < metas.length; i++) {
    const m = metas[i]!;
    const content = clean(m.getAttribute('content'));
    if (content === null) continue;
    for (const attr of ['property', 'name', 'itemprop']) {
      const v = m.getAttribute(attr);
      if (v === null) continue;
      for (const part of v.toLowerCase().split(/\s+/u)) {
        if (!found.has(part)) found.set(part, content);
      }
    }
  }
  return found;
}

/** The content of the first of `keys` (case-insensitive) that a meta tag has. */
function metaContent(metas: Map<string, string>, keys: string[]): string | null {
  for (const k of keys) {
    const v = metas.get(k.toLowerCase());
    if (v !== undefined) return v;
  }
  return null;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const ARTICLE_TYPES = /article|posting|report|blog|webpage|newsarticle/iu;

/** The first JSON-LD object that looks like an article (flattening @graph and arrays). */
function jsonLdArticle(doc: MetaDocument): Record<string, Json> | null {
  const scripts = doc.querySelectorAll('script[type="application/ld+json"]');
  for (let i = 0; i < scripts.length; i++) {
    const raw = scripts[i]!.textContent ?? '';
    let data: Json;
    try {
      data = JSON.parse(raw.replace(/^\s*<!\[CDATA\[|\]\]>\s*$/gu, '')) as Json;
    } catch {
      continue;
    }
    const queue: Json[] = [data];
    while (queue.length > 0) {
      const node = queue.shift();
      if (Array.isArray(node)) {
        queue.push(...node);
        continue;
      }
      if (node === null || typeof node !== 'object') continue;
      const type = node['@type'];
      const types = Array.isArray(type) ? type : [type];
      if (types.some((t) => typeof t === 'string' && ARTICLE_TYPES.test(t))) return node;
      if (Array.isArray(node['@graph'])) queue.push(...node['@graph']);
    }
  }
  return null;
}

function jsonString(v: Json | undefined): string | null {
  if (typeof v === 'string') return clean(v);
  if (Array.isArray(v)) {
    const names = v.map((x) => jsonString(x)).filter((x): x is string => x !== null);
    return names.length > 0 ? names.join(', ') : null;
  }
  if (v !== null && typeof v === 'object') return jsonString(v['name'] ?? v['url']);
  return null;
}

// "2022年02月02日 10:38", "2022-02-02 10:38:05", "2022/2/2 10:38" near the headline, and
// news.cn's "2023 05/20 16:22:41" (year, month/day and time in separate spans).
const CJK_DATE_RE =
  /((?:19|20)\d{2})(?:\s*(?:年|[-/.])\s*|\s+(?=\d{1,2}[-/.]\d{1,2}))(\d{1,2})\s*(?:月|[-/.])\s*(\d{1,2})\s*日?(?:\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?)?/u;
const SOURCE_RE = /来源\s*[:：]\s*([^\s|｜/　]{1,40})/u;

/** Chinese dates carry no zone; pages are written in China, so assume UTC+08:00. */
export function parseCjkDate(text: string): string | null {
  const m = CJK_DATE_RE.exec(text);
  if (m === null) return null;
  const pad = (s: string | undefined): string => (s ?? '0').padStart(2, '0');
  const iso = `${m[1]}-${pad(m[2])}-${pad(m[3])}T${pad(m[4])}:${pad(m[5])}:${pad(m[6])}+08:00`;
  return parseDate(iso);
}

// Bylines as Chinese pages print them. A name is Han (2–4 characters a person, more for a
// pen name or an outlet), Latin, or several of them separated by spaces ("李国利 黄一宸").
const PERSON = '\\p{Script=Han}{2,4}(?:[ 　、]\\p{Script=Han}{2,4})*';
// A further Latin word must end there: "张旭 PN094" is 张旭 and an editor's code.
const NAME = '[\\p{Script=Han}·A-Za-z]{2,20}(?:[ 　](?:[\\p{Script=Han}·]{2,10}|[A-Za-z]{2,10}(?![A-Za-z0-9]))){0,3}';
/** Words that end a name run into the next label: "作者：张三 来源：新华社". */
const AFTER_NAME_RE = /[ 　]*(?:来源|來源|时间|時間|日期|发布|發布|编辑|編輯|责任|責任|字号|摄影?|报道|報導|通讯员).*$/u;
const AUTHOR_PATTERNS: readonly RegExp[] = [
  // 作者：张三 / 撰文：… / 文｜财新 王婧 / 文/张三 (not 原文：, 全文：)
  new RegExp(`(?:作者|撰文|撰稿|(?<!\\p{Script=Han})文)\\s*[:：｜|︱/]\\s*(${NAME})`, 'u'),
  // 〔記者王大明／台北報導〕, 【记者 张三/北京报道】
  new RegExp(`[〔[【(（]\\s*(?:本报|本報|特约|特約)?(?:记者|記者)\\s*(${PERSON})\\s*[／/]`, 'u'),
  // (记者 史轶夫) in a dateline
  new RegExp(`[(（]\\s*(?:本报|本報|特约|特約)?(?:记者|記者)\\s*[:：]?\\s*(${PERSON})\\s*[)）]`, 'u'),
  // 本报记者　李心萍 / 澎湃新闻记者 周然 / 记者：张三, on a line of its own
  new RegExp(`(?:记者|記者)\\s*[:：]?\\s*(${PERSON})(?=$|[\\s,，。|｜/])`, 'u'),
];
const EDITOR_RE = new RegExp(`(?:责任编辑|責任編輯|责编|責編|编辑|編輯)\\s*[:：]\\s*(${NAME})`, 'u');

function cleanName(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const name = raw.replace(AFTER_NAME_RE, '').trim();
  return name.length >= 2 ? name : null;
}

/**
 * The author named in a Chinese byline or dateline: "作者：张三", "文｜财新 王婧",
 * "本报记者　李心萍", "（记者 史轶夫）", "〔記者王大明／台北報導〕". Editors (责任编辑) are not
 * authors: see chineseEditorIn. Null when the text names none.
 */
export function chineseAuthorIn(text: string): string | null {
  for (const re of AUTHOR_PATTERNS) {
    const name = cleanName(re.exec(text)?.[1]);
    if (name !== null) return name;
  }
  return null;
}

/** The editor named in a "责任编辑：王五" line, or null. */
export function chineseEditorIn(text: string): string | null {
  return cleanName(EDITOR_RE.exec(text)?.[1]);
}

const INFO_CLASS_WORDS = ['info', 'source', 'time', 'date', 'author', 'meta', 'byline'];
const INFO_ID_WORDS = ['info', 'source', 'time'];
const INFO_LINE_MAX = 200;
const INFO_LINES_MAX = 40;

/** Whether `c` is a character that `\s` matches. */
function isSpaceCode(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * clean(el.textContent) when that is at most `max` characters long, else null. Stops reading
 * once the subtree has more than `max` non-space characters, so that a candidate that is a
 * whole article column costs little.
 */
function shortText(el: MetaElement, max: number): string | null {
  const parts: string[] = [];
  let nonSpace = 0;
  /** Reads the text (and CDATA, as textContent does) under `node`; false once there is too much. */
  const read = (node: MetaNode): boolean => {
    for (let c = node.firstChild; c !== null; c = c.nextSibling) {
      if (c.nodeType === 3 || c.nodeType === 4) {
        const text = c.nodeValue ?? '';
        for (let i = 0; i < text.length; i++) if (!isSpaceCode(text.charCodeAt(i))) nonSpace++;
        if (nonSpace > max) return false;
        parts.push(text);
      } else if (!read(c)) {
        return false;
      }
    }
    return true;
  };
  if (!read(el)) return null;
  const t = clean(parts.join(''));
  return t !== null && t.length <= max ? t : null;
}

/**
 * Short text lines around the headline (the "info bar" of portal pages): in document order, the
 * elements that `[class*="info"], [class*="source"], [class*="time"], [class*="date"],
 * [class*="author"], [class*="meta"], [class*="byline"], [id*="info"], [id*="source"],
 * [id*="time"], h1 + p, h1 ~ div, time` select, walked by hand because matching that selector
 * list made more garbage than the rest of the metadata together; then the blocks after the
 * first h1 and after its parent.
 */
function headlineInfo(doc: MetaDocument): string[] {
  const out: string[] = [];
  const collect = (first: MetaElement | null): boolean => {
    let afterH1 = false;
    let h1Before = false;
    for (let el = first; el !== null; el = el.nextElementSibling) {
      const name = el.localName;
      // The attribute as written: linkedom's getAttribute('class') builds and joins a DOMTokenList.
      const cls = el.getAttributeNode('class')?.value ?? null;
      const id = el.getAttribute('id');
      const candidate =
        (cls !== null && INFO_CLASS_WORDS.some((w) => cls.includes(w))) ||
        (id !== null && INFO_ID_WORDS.some((w) => id.includes(w))) ||
        name === 'time' ||
        (name === 'div' && h1Before) ||
        (name === 'p' && afterH1);
      if (candidate) {
        const t = shortText(el, INFO_LINE_MAX);
        if (t !== null && out.push(t) >= INFO_LINES_MAX) return true;
      }
      if (collect(el.firstElementChild)) return true;
      afterH1 = name === 'h1';
      h1Before ||= afterH1;
    }
    return false;
  };
  collect(doc.firstElementChild);
  // The blocks right after the headline, and after the block that wraps it, whatever their
  // class (people.com.cn's date line is div.channel after div.rm_txt_title > h1).
  const h1 = doc.querySelector('h1');
  for (const start of [h1, h1?.parentElement ?? null]) {
    let next = start?.nextElementSibling ?? null;
    for (let i = 0; i < 3 && next != null; i++, next = next.nextElementSibling ?? null) {
      const t = clean(next.textContent);
      if (t !== null && t.length <= INFO_LINE_MAX) out.push(t);
    }
  }
  return out;
}

export function readMetadata(doc: MetaDocument, options: ReadMetadataOptions = {}): PageMetadata {
  const chinese = options.chinese === true;
  const ld = jsonLdArticle(doc);
  const metas = indexMetaContent(doc);

  const title =
    clean(ld ? jsonString(ld['headline'] ?? ld['name']) : null) ??
    metaContent(metas, ['og:title', 'twitter:title', 'dc:title', 'dcterm:title', 'title']) ??
    clean(doc.title);

  let byline =
    (ld ? jsonString(ld['author']) : null) ??
    metaContent(metas, ['author', 'dc:creator', 'dcterm:creator', 'article:author', 'parsely-author']) ??
    microdataAuthor(doc);
  if (byline !== null && /^https?:\/\//u.test(byline)) byline = null;

  const excerpt =
    (ld ? jsonString(ld['description']) : null) ??
    metaContent(metas, ['og:description', 'description', 'twitter:description', 'dc:description']);

  let published: string | null = null;
  let publishedRaw: string | null = null;
  for (const raw of [
    metaContent(metas, ['article:published_time', 'parsely-pub-date', 'datePublished', 'publishdate', 'pubdate', 'dc:date', 'dcterms.created']),
    ld ? jsonString(ld['datePublished'] ?? ld['dateCreated']) : null,
    doc.querySelector('time[datetime]')?.getAttribute('datetime') ?? null,
  ]) {
    if (raw === null) continue;
    published = parseDate(raw, chinese ? { assumeOffsetMinutes: CHINA_OFFSET_MINUTES } : undefined) ?? parseCjkDate(raw);
    publishedRaw = raw;
    if (published !== null) break;
  }

  published ??= options.url !== undefined ? weChatPublished(doc, options.url) : null;

  const lang = clean(doc.documentElement?.getAttribute('lang') ?? doc.documentElement?.getAttribute('xml:lang'));

  const siteName =
    metaContent(metas, ['og:site_name', 'application-name']) ??
    (ld ? jsonString((ld['publisher'] as Json) ?? null) : null);

  let image =
    metaContent(metas, ['og:image', 'og:image:url', 'og:image:secure_url', 'twitter:image', 'twitter:image:src']) ??
    (ld ? jsonString(ld['image'] as Json) : null);
  if (image !== null && !/^(?:https?:)?\/\/|^\//u.test(image)) image = image.startsWith('data:') ? null : image;

  let source: string | null = null;
  let visibleAuthor: string | null = null;
  let editor: string | null = null;
  let infoPublished: string | null = null;
  if (chinese || published === null || byline === null) {
    for (const line of headlineInfo(doc)) {
      infoPublished ??= parseCjkDate(line);
      visibleAuthor ??= chineseAuthorIn(line);
      editor ??= chineseEditorIn(line);
      if (source === null) {
        const s = SOURCE_RE.exec(line);
        if (s) source = clean(s[1]);
      }
    }
  }
  // A meta date without a time ("2021-05-06") is completed by the info line's time that day.
  const dateOnly = publishedRaw !== null && !/\d:\d/u.test(publishedRaw);
  if (published === null || (chinese && dateOnly && infoPublished !== null && sameChinaDay(published, infoPublished))) {
    published = infoPublished ?? published;
  }
  if (chinese && byline !== null && visibleAuthor !== null && !/\p{Script=Han}/u.test(byline)) byline = visibleAuthor;
  byline ??= visibleAuthor;

  return { title, byline, excerpt, published, lang, siteName, image, source, visibleAuthor, editor };
}

const CHINA_OFFSET_MINUTES = 8 * 60;

/**
 * A schema.org microdata author's name given as data, `<div itemprop="author" itemscope><meta
 * itemprop="name" content="…">` (Zhihu's AuthorInfo). Visible author markup is left to
 * Readability's byline finder, which reads it with its surroundings.
 */
function microdataAuthor(doc: MetaDocument): string | null {
  const name = doc.querySelector('[itemprop~="author"] meta[itemprop~="name"][content]');
  return name === null ? null : clean(name.getAttribute('content'));
}

/** WeChat's publish time (`var ct = "<epoch seconds>"`): its page fills #publish_time from that script, so no markup carries it. */
const WECHAT_CREATE_TIME = /\bvar\s+ct\s*=\s*["'](\d{9,11})["']/u;

function weChatPublished(doc: MetaDocument, url: string): string | null {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return null;
  }
  if (host !== 'mp.weixin.qq.com') return null;
  const scripts = doc.querySelectorAll('script:not([src])');
  for (let i = 0; i < scripts.length; i++) {
    const m = WECHAT_CREATE_TIME.exec(scripts[i]!.textContent ?? '');
    // Whole seconds, written as parseDate writes every other time (no milliseconds).
    if (m) return new Date(Number(m[1]) * 1000).toISOString().replace('.000Z', 'Z');
  }
  return null;
}

/** Whether two instants fall on the same calendar day in China. */
function sameChinaDay(a: string, b: string): boolean {
  const day = (iso: string): string => new Date(Date.parse(iso) + CHINA_OFFSET_MINUTES * 60_000).toISOString().slice(0, 10);
  return day(a) === day(b);
}

const PORTAL_WORDS =
  /(?:网|網|新闻|新聞|日报|日報|晚报|晚報|早报|早報|时报|時報|商报|商報|报|報|电子报|電子報|频道|頻道|中心|在线|在線|资讯|資訊|门户|首页|网站|網站|客户端|Online|News|Times|Daily)$/iu;
/** A Han portal name with an English brand after a bare hyphen: "澎湃新闻-The Paper". */
const BRANDED_PORTAL_RE = /([\p{Script=Han}]{2,12})-[A-Za-z][A-Za-z0-9 .&']{0,30}$/u;

/**
 * Strips portal suffixes from a page title: "标题_XX新闻中心", "标题 - XX日报", "标题-新华网",
 * "标题--社会·法治--人民网", "Title | Site", "标题_科技_腾讯网", "標題 - 自由時報電子報",
 * "标题_澎湃新闻-The Paper". A segment goes when it names the site (equals siteName) or, in Han
 * script, reads like a portal/channel name (ends in 网/新闻/日报/频道/中心 … in simplified or
 * traditional, or follows a segment already stripped, or is "_"-joined); after a bare hyphen
 * only a portal name goes ("COVID-19" stays). The headline itself is never removed.
 */
export function stripTitleSuffix(title: string, siteName: string | null): string {
  let t = title.trim();
  const site = siteName?.trim().toLowerCase() ?? null;
  const SEP = /\s*(?:[_|｜–—]|\s-\s|-{2}|::|»|·|(?<=\S)-(?=\p{Script=Han}))\s*([^_|｜–—»·]+?)\s*$/u;
  for (let i = 0; i < 6; i++) {
    const branded = BRANDED_PORTAL_RE.exec(t);
    if (branded !== null && PORTAL_WORDS.test(branded[1]!) && /[_|｜]\s*[\p{Script=Han}]/u.test(t.slice(0, branded.index + 1))) {
      t = t.slice(0, branded.index + branded[1]!.length);
    }
    const m = SEP.exec(t);
    if (m === null || m.index === 0) break;
    const seg = m[1]!.trim();
    const head = t.slice(0, m.index).trim();
    if (head.length === 0) break;
    const sep = t.slice(m.index, m.index + 3);
    const bareHyphen = sep[0] === '-' && sep[1] !== '-';
    const isSite = site !== null && seg.toLowerCase() === site;
    const cjkPortal =
      /\p{Script=Han}/u.test(seg) && seg.length <= 12 && (PORTAL_WORDS.test(seg) || (!bareHyphen && (i > 0 || /[_]/u.test(sep))));
    // Outside CJK portals only the site's own name goes: "Title | eHow" with og:site_name
    // "eHow"; "Title | Eleanor Ainge Roy" (a columnist) stays.
    if (!(isSite || cjkPortal)) break;
    t = head;
  }
  return t;
}

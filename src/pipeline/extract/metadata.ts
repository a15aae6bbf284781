// Page metadata read straight from the DOM before Readability rewrites it: meta tags,
// JSON-LD, <time>, <html lang>, and the Chinese "来源/作者/2022年02月02日 10:38" lines that
// portal pages print under the headline. Pure: a document in, plain values out.
import { parseDate } from '../../lib/date.ts';

/** The subset of the DOM this module touches (linkedom's document satisfies it). */
export interface MetaDocument {
  querySelector(selectors: string): MetaElement | null;
  querySelectorAll(selectors: string): ArrayLike<MetaElement>;
  documentElement: MetaElement | null;
  title?: string;
}
export interface MetaElement {
  getAttribute(name: string): string | null;
  textContent: string | null;
  tagName: string;
}

export interface PageMetadata {
  title: string | null;
  byline: string | null;
  excerpt: string | null;
  published: string | null;
  lang: string | null;
  siteName: string | null;
  image: string | null;
  /** Text of the "来源：" line, when the page prints one. */
  source: string | null;
}

function clean(text: string | null | undefined): string | null {
  if (typeof text !== 'string') return null;
  const t = text.replace(/\s+/gu, ' ').trim();
  return t.length > 0 ? t : null;
}

/** First non-empty `content` among meta tags matched by property/name/itemprop (case-insensitive names). */
function metaContent(doc: MetaDocument, keys: string[]): string | null {
  const wanted = new Set(keys.map((k) => k.toLowerCase()));
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
        if (wanted.has(part) && !found.has(part)) found.set(part, content);
      }
    }
  }
  for (const k of keys) {
    const v = found.get(k.toLowerCase());
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

// "2022年02月02日 10:38", "2022-02-02 10:38:05", "2022/2/2 10:38" near the headline.
const CJK_DATE_RE =
  /((?:19|20)\d{2})\s*(?:年|[-/.])\s*(\d{1,2})\s*(?:月|[-/.])\s*(\d{1,2})\s*日?(?:\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?)?/u;
const SOURCE_RE = /来源\s*[:：]\s*([^\s|｜/　]{1,40})/u;
const AUTHOR_RE = /(?:作者|记者|编辑|责任编辑|撰文|文)\s*[:：]\s*([^\s|｜/　:：]{1,30}(?:\s(?!\d)[^\s|｜/　:：]{1,10})?)/u;

/** Chinese dates carry no zone; pages are written in China, so assume UTC+08:00. */
export function parseCjkDate(text: string): string | null {
  const m = CJK_DATE_RE.exec(text);
  if (m === null) return null;
  const pad = (s: string | undefined): string => (s ?? '0').padStart(2, '0');
  const iso = `${m[1]}-${pad(m[2])}-${pad(m[3])}T${pad(m[4])}:${pad(m[5])}:${pad(m[6])}+08:00`;
  return parseDate(iso);
}

/** Short text lines around the headline (the "info bar" of portal pages). */
function headlineInfo(doc: MetaDocument): string[] {
  const out: string[] = [];
  const candidates = doc.querySelectorAll(
    '[class*="info"], [class*="source"], [class*="time"], [class*="date"], [class*="author"], [id*="info"], [id*="source"], [id*="time"], [class*="meta"], [class*="byline"], h1 + div, h1 + p, h1 ~ div, time',
  );
  for (let i = 0; i < candidates.length && out.length < 40; i++) {
    const t = clean(candidates[i]!.textContent);
    if (t !== null && t.length <= 200) out.push(t);
  }
  return out;
}

export function readMetadata(doc: MetaDocument): PageMetadata {
  const ld = jsonLdArticle(doc);

  const title =
    clean(ld ? jsonString(ld['headline'] ?? ld['name']) : null) ??
    metaContent(doc, ['og:title', 'twitter:title', 'dc:title', 'dcterm:title', 'title']) ??
    clean(doc.title);

  let byline =
    (ld ? jsonString(ld['author']) : null) ??
    metaContent(doc, ['author', 'dc:creator', 'dcterm:creator', 'article:author', 'parsely-author']);
  if (byline !== null && /^https?:\/\//u.test(byline)) byline = null;

  const excerpt =
    (ld ? jsonString(ld['description']) : null) ??
    metaContent(doc, ['og:description', 'description', 'twitter:description', 'dc:description']);

  let published: string | null = null;
  for (const raw of [
    metaContent(doc, ['article:published_time', 'parsely-pub-date', 'datePublished', 'publishdate', 'pubdate', 'dc:date', 'dcterms.created']),
    ld ? jsonString(ld['datePublished'] ?? ld['dateCreated']) : null,
    doc.querySelector('time[datetime]')?.getAttribute('datetime') ?? null,
  ]) {
    if (raw === null) continue;
    published = parseDate(raw) ?? parseCjkDate(raw);
    if (published !== null) break;
  }

  const lang = clean(doc.documentElement?.getAttribute('lang') ?? doc.documentElement?.getAttribute('xml:lang'));

  const siteName =
    metaContent(doc, ['og:site_name', 'application-name']) ??
    (ld ? jsonString((ld['publisher'] as Json) ?? null) : null);

  let image =
    metaContent(doc, ['og:image', 'og:image:url', 'og:image:secure_url', 'twitter:image', 'twitter:image:src']) ??
    (ld ? jsonString(ld['image'] as Json) : null);
  if (image !== null && !/^(?:https?:)?\/\/|^\//u.test(image)) image = image.startsWith('data:') ? null : image;

  let source: string | null = null;
  if (published === null || byline === null) {
    for (const line of headlineInfo(doc)) {
      if (published === null) published = parseCjkDate(line);
      if (byline === null) {
        const a = AUTHOR_RE.exec(line);
        if (a) byline = clean(a[1]);
      }
      if (source === null) {
        const s = SOURCE_RE.exec(line);
        if (s) source = clean(s[1]);
      }
    }
  }

  return { title, byline, excerpt, published, lang, siteName, image, source };
}

const PORTAL_WORDS = /(?:网|新闻|日报|晚报|早报|时报|商报|报|频道|中心|在线|资讯|门户|首页|网站|客户端|Online|News|Times|Daily)$/iu;

/**
 * Strips portal suffixes from a page title: "标题_XX新闻中心", "标题 - XX日报",
 * "Title | Site", "标题_科技_腾讯网". A segment goes when it names the site (equals siteName)
 * or, in Han script, reads like a portal/channel name (ends in 网/新闻/日报/频道/中心 …, or
 * follows a segment already stripped, or is "_"-joined); the headline itself is never removed.
 */
export function stripTitleSuffix(title: string, siteName: string | null): string {
  let t = title.trim();
  const site = siteName?.trim().toLowerCase() ?? null;
  const SEP = /\s*(?:[_|｜–—]|\s-\s|-{2}|::|»|·)\s*([^_|｜–—»·]+?)\s*$/u;
  for (let i = 0; i < 4; i++) {
    const m = SEP.exec(t);
    if (m === null || m.index === 0) break;
    const seg = m[1]!.trim();
    const head = t.slice(0, m.index).trim();
    if (head.length === 0) break;
    const isSite = site !== null && seg.toLowerCase() === site;
    const cjkPortal = /\p{Script=Han}/u.test(seg) && seg.length <= 12 && (PORTAL_WORDS.test(seg) || i > 0 || /[_]/u.test(t.slice(m.index, m.index + 3)));
    // Outside CJK portals only the site's own name goes: "Title | eHow" with og:site_name
    // "eHow"; "Title | Eleanor Ainge Roy" (a columnist) stays.
    if (!(isSite || cjkPortal)) break;
    t = head;
  }
  return t;
}

// Clutter of Chinese news pages, removed before the body is looked for. Portals wrap a short
// article in hot lists, rankings, related reading, comment threads (跟帖, 评论), tickers and
// legal footers, often in the article's own column and with as much running text as the
// article; Readability scores some of it as content. Each rule below is named, reads a table
// of words or patterns, and never removes the headline or a block holding most of the page's
// running text, so a badly named article wrapper ("article hot") survives.
//
// Rules, in the order they run:
//   clutterNames     class/id words of portal furniture: comment, gentie, hot, rank, related,
//                    share, ticker, footer, qrcode … (word by word, so "hotNews-3lX5w6T1", a
//                    CSS-module name, matches, and "photo" does not)
//   tickers          <marquee> crawls of 滚动新闻
//   clutterHeadings  a block introduced by 相关阅读, 热门推荐, 网友评论, 热门跟帖, 24小时热文 …,
//                    whatever its class; inside the body only the heading and the links after it
//   teaserLists      three or more sibling "cards" (a linked title or a time stamp plus a
//                    text part): comment threads, flash lists, teaser lists with summaries
//   trailerLines     责任编辑/责编/编辑 lines, 【纠错】, 本文来源 … lines and platform
//                    statements (声明：…, 返回搜狐，查看更多)
import { hanCount, punctuationCount } from './chinese-text.ts';
import { INLINE_TAGS, visibleText, type DomDocument, type DomElement } from './dom.ts';

export type ChineseClutterRule = 'clutterNames' | 'tickers' | 'clutterHeadings' | 'teaserLists' | 'trailerLines';

export interface ChineseClutterOptions {
  /** The article's headline element, never removed with what surrounds it. */
  headline: DomElement | null;
  /** Takes an element out of the page; by default `el.remove()`. The extract stage passes a journal's, to put the page back afterwards. */
  remove?: (el: DomElement) => void;
}

/**
 * Words in class and id names of blocks that are not the article. A name is cut into words
 * at "-", "_" and lower-to-upper case changes; a word matches an entry exactly, or starts
 * with an entry marked with a trailing "*".
 */
const CLUTTER_NAME_WORDS: readonly string[] = [
  // comment threads: 评论 (pinglun), 163's 跟帖 (gentie, tie-area), 留言 (liuyan)
  'comment*', 'comments', 'cmt*', 'pinglun*', 'gentie*', 'tie', 'reply', 'replies', 'discuss*', 'liuyan*',
  // hot lists and rankings: 热点, 排行 (paihang), 热榜
  'hot*', 'rank*', 'paihang*', 'toplist*',
  // related and recommended reading: 相关 (xiangguan), 推荐 (tuijian), 猜你喜欢
  'related*', 'relevant*', 'xiangguan*', 'recommend*', 'recommends', 'tuijian*', 'guess*',
  // sharing, rewards, QR codes of the app or the WeChat account (二维码, erweima)
  'share*', 'fenxiang*', 'bdshare*', 'reward*', 'dashang*', 'qr', 'qrcode*', 'erweima*', 'ewm',
  // tickers: 滚动 (gundong)
  'ticker*', 'marquee*', 'scroll*', 'gundong*', 'rolling*',
  // footers and legal lines: 版权 (banquan)
  'footer*', 'foot', 'copyright*', 'banquan*',
  // navigation, side columns, ads, keyword tags, print/size tool bars
  'nav', 'navbar', 'breadcrumb*', 'crumbs', 'menu', 'sidebar*', 'side', 'aside', 'ad', 'ads', 'advert*', 'guanggao*',
  'keyword*', 'toolbar*',
];

const EXACT_WORDS = new Set(CLUTTER_NAME_WORDS.filter((w) => !w.endsWith('*')));
const WORD_PREFIXES = CLUTTER_NAME_WORDS.filter((w) => w.endsWith('*')).map((w) => w.slice(0, -1));

/** The words of an element's class and id: "hotNews-3lX5w6T1 box" → hot, news, 3lx5w6t1, box. */
function nameWords(el: DomElement): string[] {
  const names = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
  return names
    .split(/\s+/u)
    .flatMap((name) => name.replace(/([a-z])([A-Z])/gu, '$1 $2').split(/[\s_-]+/u))
    .map((w) => w.toLowerCase())
    .filter((w) => w.length > 0);
}

function hasClutterName(el: DomElement): boolean {
  return nameWords(el).some((w) => EXACT_WORDS.has(w) || WORD_PREFIXES.some((p) => w.startsWith(p)));
}

/**
 * Headings that introduce a block of other stories or of readers' comments, in simplified and
 * traditional Chinese. A heading may carry a count or a colon after it ("评论（62）",
 * "热门跟帖 1.2万人参与").
 */
const CLUTTER_HEADING_RE = new RegExp(
  '^(?:' +
    [
      '相关(?:阅读|新闻|报道|文章|推荐|链接|专题|资讯)', '相關(?:閱讀|新聞|報導|文章|推薦|連結)', '延伸(?:阅读|閱讀)',
      '推荐(?:阅读|文章|新闻|视频)', '推薦(?:閱讀|文章|新聞)', '为你推荐', '編輯推薦', '编辑推荐', '精彩(?:推荐|视频推荐|图片)',
      '热门(?:推荐|文章|新闻|排行|评论|跟帖|视频|图片)?', '热点(?:推荐|新闻|排行|资讯)', '熱門(?:新聞|文章|推薦|排行)?',
      '今日(?:推荐|热点)', '猜你喜欢', '大家都在看', '[\\p{Script=Han}·]{0,6}排行榜?',
      '24小时(?:热文|热点|排行)', '热文', '热榜', '热搜',
      '(?:网友|读者|热门|最新|精彩|全部)?评论', '(?:網友|讀者)?評論', '(?:热门|最新)?跟帖', '留言',
      '滚动新闻', '即时新闻', '即時新聞', '最新(?:新闻|资讯)',
    ].join('|') +
    ')\\s*(?:[:：]|[(（]\\s*\\d+\\s*[)）]|[\\d.万]+\\s*(?:人参与|条|跟帖)[\\s\\d.万人参与跟帖条]*)?$',
  'u',
);

/** Editor, correction and source lines that close an article, and platform statements. */
const TRAILER_TOKENS: readonly RegExp[] = [
  // 责任编辑：张三 SN242 / [责任编辑:肖春芳] / (责编：王妍、岳弘彬) / 【编辑:刘欢】 / 编辑 / 校对 …
  /[[【(（]?\s*(?:责任编辑|責任編輯|责编|責編|编辑|編輯|版面编辑|图片编辑|值班编辑|校对|校對|审核|审校|监制|终审)\s*[:：]\s*[^[\]【】()（）|｜]{0,30}[\]】)）]?/gu,
  // 本文来源：新华网 / 来源：… / 作者：… on the same line as an editor
  /(?:本文)?来源\s*[:：]\s*\S{1,30}/gu,
  /作者\s*[:：]\s*\S{1,20}/gu,
  /[[【]\s*纠错\s*[\]】]/gu,
  // tool links: 【打印本页】【关闭窗口】
  /[[【]\s*(?:打印本页|打印|关闭窗口|关闭|收藏|返回顶部)\s*[\]】]/gu,
  /返回搜狐[，,]?\s*查看更多/gu,
  /^(?:特别|免责|版权)?声明\s*[:：].*$/gu,
  /^点击(?:关注|上方|下方).{0,30}$/gu,
];
/** What may be left of a trailer line once its tokens are gone: separators and image alt text. */
const TRAILER_REST_RE = /^[\s|｜/·、,，.。:：()（）[\]【】_-]*$/u;

/** Words that make a line a trailer; a line of only 来源/作者 is the info bar under the headline. */
const TRAILER_WORD_RE = /编辑|編輯|责编|責編|校对|校對|审核|审校|监制|终审|纠错|声明|返回搜狐|打印|关闭|点击/u;

/** True when a short text consists only of trailer tokens ("【纠错】【责任编辑:王萌】"). */
export function isTrailerText(text: string): boolean {
  const line = text.replace(/\s+/gu, ' ').trim();
  if (line.length === 0 || line.length > 160 || !TRAILER_WORD_RE.test(line)) return false;
  let rest = line;
  for (const re of TRAILER_TOKENS) rest = rest.replace(re, ' ');
  return TRAILER_REST_RE.test(rest);
}

/** Running-text weight of a block: its sentence punctuation plus a share of its Han characters. */
function textWeight(el: DomElement): number {
  const text = visibleText(el);
  return punctuationCount(text) + hanCount(text) / 40;
}

const TIME_LIKE_RE = /\d{1,2}:\d{2}|\d+\s*(?:分钟|小時|小时|天)前|刚刚|昨天|(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}/u;
const BLOCK_CHILD_TAGS = new Set(['DIV', 'P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'UL', 'OL', 'DL', 'SECTION', 'ARTICLE', 'HEADER', 'FOOTER', 'BLOCKQUOTE', 'TABLE']);

function linkTextLength(el: DomElement): number {
  let n = 0;
  const links = el.querySelectorAll('a');
  for (let i = 0; i < links.length; i++) n += visibleText(links[i]!).length;
  return n;
}

/** A teaser card: a structured item with a linked title or a time stamp, or an item that is mostly a link. */
function isCard(el: DomElement): boolean {
  const children = Array.from(el.children).filter((c) => c.tagName !== 'BR');
  if (children.length < 2) return false;
  const text = visibleText(el);
  if (text.length === 0) return false;
  const links = linkTextLength(el);
  if (links / text.length >= 0.5) return true;
  const structured = children.some((c) => BLOCK_CHILD_TAGS.has(c.tagName));
  return structured && (links > 0 || TIME_LIKE_RE.test(text));
}

/** A list of links, a card, or a paragraph that is mostly a link (推荐阅读 followed by titles). */
function isLinkList(el: DomElement): boolean {
  const text = visibleText(el);
  if (text.length === 0) return el.querySelector('img') === null;
  return /^(?:UL|OL|DL)$/u.test(el.tagName) || isCard(el) || linkTextLength(el) / text.length >= 0.6;
}

/** The smallest ancestor of the headline that holds running text besides it: the article's column. */
function headlineColumn(headline: DomElement): DomElement | null {
  const own = punctuationCount(visibleText(headline));
  for (let el = headline.parentElement; el !== null; el = el.parentElement) {
    if (punctuationCount(visibleText(el)) - own >= 3) return el;
  }
  return null;
}

const signature = (el: DomElement): string => `${el.tagName}.${el.getAttribute('class') ?? ''}`;

/** Removes the clutter of a Chinese page in place; returns the names of the rules that removed something. */
export function removeChinesePageClutter(doc: DomDocument, options: ChineseClutterOptions): ChineseClutterRule[] {
  const body = doc.body;
  if (body === null) return [];
  const headline = options.headline;
  const remove = options.remove ?? ((el: DomElement): void => el.remove());
  // Recomputed before each rule: once the comment threads are gone, the article is most of the page.
  let pageWeight = textWeight(body);
  const fired = new Set<ChineseClutterRule>();

  const column = headline === null ? null : headlineColumn(headline);

  /** The headline, the body element and any block holding most of the page's running text stay. */
  const isProtected = (el: DomElement): boolean =>
    el === body || el.tagName === 'HTML' || (headline !== null && el.contains(headline)) || textWeight(el) >= 0.4 * pageWeight;
  /**
   * A list of cards is the article only in the headline's own column (a live blog is a list
   * of timestamped entries); elsewhere it goes however much text it holds (a flash page's
   * column of other flashes holds more than the flash).
   */
  const isProtectedList = (el: DomElement): boolean =>
    column !== null && !column.contains(el) && !el.contains(column) ? el === body || (headline !== null && el.contains(headline)) : isProtected(el);
  const removeIf = (el: DomElement, rule: ChineseClutterRule): boolean => {
    if (!el.isConnected || (rule === 'teaserLists' ? isProtectedList(el) : isProtected(el))) return false;
    remove(el);
    fired.add(rule);
    return true;
  };

  for (const el of Array.from(body.querySelectorAll('[class], [id]'))) {
    if (el.isConnected && hasClutterName(el)) removeIf(el, 'clutterNames');
  }

  pageWeight = textWeight(body);
  for (const el of Array.from(body.querySelectorAll('marquee'))) removeIf(el, 'tickers');

  for (const el of Array.from(body.querySelectorAll('h1, h2, h3, h4, h5, h6, div, p, span, strong, b, td, li, dt, em, font'))) {
    if (!el.isConnected) continue;
    const text = visibleText(el);
    if (text.length === 0 || text.length > 24 || !CLUTTER_HEADING_RE.test(text)) continue;
    // The block the heading introduces: its largest ancestor that is not protected. When that
    // is the heading alone (it sits inside the body's column), the heading goes with the link
    // lists and cards right after it.
    let block = el;
    while (block.parentElement !== null && !isProtected(block.parentElement)) block = block.parentElement;
    if (visibleText(block) !== text) {
      removeIf(block, 'clutterHeadings');
      continue;
    }
    let next = block.nextElementSibling;
    if (!removeIf(block, 'clutterHeadings')) continue;
    while (next !== null && isLinkList(next)) {
      const after = next.nextElementSibling;
      if (!removeIf(next, 'clutterHeadings')) break;
      next = after;
    }
  }

  pageWeight = textWeight(body);
  for (const parent of Array.from(body.querySelectorAll('*'))) {
    if (!parent.isConnected || parent.children.length < 3) continue;
    const groups = new Map<string, DomElement[]>();
    for (const child of Array.from(parent.children)) {
      const key = signature(child);
      groups.set(key, [...(groups.get(key) ?? []), child]);
    }
    for (const items of groups.values()) {
      if (items.length < 3) continue;
      const cards = items.filter(isCard).length;
      if (cards * 4 >= items.length * 3) {
        // The whole list when it is all the parent holds, else just its items.
        if (items.length === parent.children.length) removeIf(parent, 'teaserLists');
        else for (const item of items) removeIf(item, 'teaserLists');
        break;
      }
    }
  }

  if (removeTrailerLines(body, remove)) fired.add('trailerLines');

  return [...fired];
}

/** Removes the blocks whose whole text is a trailer line (editor, correction, statement); true when any went. */
export function removeTrailerLines(root: DomElement, remove = (el: DomElement): void => el.remove()): boolean {
  let removed = false;
  for (const el of Array.from(root.querySelectorAll('p, div, span, section, li, td, dd, font, strong, em'))) {
    // Not inside a block already removed (a body being tidied is detached, so isConnected is false throughout).
    if (root.contains(el) && isTrailerText(visibleText(el))) {
      remove(el);
      removed = true;
    }
  }
  return removed;
}

// ---------------------------------------------------------------------------------------
// Lines at the top of the extracted body

const INFO_DATE_RE = /(?:19|20)\d{2}\s*(?:年|[-/.])\s*\d{1,2}\s*(?:月|[-/.])\s*\d{1,2}/u;
/** Labelled fields of an info line: 来源：…, 发布时间：…, 本报记者 …, 文｜…, 浏览次数：… */
const INFO_LABEL_RE =
  /(?:来源|來源|作者|发布时间|發布時間|时间|時間|日期|浏览次数|瀏覽次數|阅读数|字号|字體|字体)\s*[:：]|(?:记者|記者)[\s　:：]|(?<!\p{Script=Han})文\s*[｜|︱]/u;

export interface LeadingInfoOptions {
  /**
   * Also remove bare "source date" lines ("央视新闻 2022-02-09 16:24"). The Chinese body
   * finder takes in everything between the headline and the body, so its info bar comes
   * along whatever form it has; in Readability's body an unlabelled line may be a dateline,
   * and is kept.
   */
  bareDates: boolean;
}

const compact = (s: string): string => s.replace(/\s+/gu, '');

/**
 * Removes what portals print between the headline and the first sentence of the body when it
 * ends up inside the extracted content: the headline again, and the info lines (发布时间,
 * 来源, 作者, 本报记者 …) that metadata has already read. Stops at the first sentence.
 */
export function removeLeadingInfoLines(root: DomElement, title: string | null, options: LeadingInfoOptions): boolean {
  let removed = false;
  const wanted = title === null ? null : compact(title);
  for (const el of Array.from(root.querySelectorAll('*'))) {
    if (!root.contains(el) || Array.from(el.children).some((c) => !INLINE_TAGS.has(c.tagName) && c.tagName !== 'BR')) continue;
    const text = visibleText(el);
    if (text.length === 0) continue;
    const info = text.length <= 120 && !/[。！？]/u.test(text) && (INFO_LABEL_RE.test(text) || (options.bareDates && INFO_DATE_RE.test(text)));
    if ((wanted !== null && compact(text) === wanted) || info) {
      el.remove();
      removed = true;
      continue;
    }
    if (/[，。！？；]/u.test(text)) break;
  }
  return removed;
}

/** The clean-up of an extracted Chinese body: trailer lines anywhere, info lines at the top. */
export function tidyChineseContent(root: DomElement, title: string | null, options: LeadingInfoOptions): boolean {
  const trailers = removeTrailerLines(root);
  return removeLeadingInfoLines(root, title, options) || trailers;
}

// The demo's own small news site: two feeds and the article pages they link to, served on
// loopback by server.ts. Written for the demo (no third-party text), in the shapes Tidings
// meets in the wild: a summary-only Chinese portal feed in GBK whose pages carry the full
// story, and an English Atom feed with full content and images.
import { crc32, deflateSync } from 'node:zlib';
import iconv from 'iconv-lite';

/** One response of the demo site. */
export interface DemoResource {
  contentType: string;
  body: Uint8Array;
}

interface Story {
  slug: string;
  title: string;
  date: string;
  author: string;
  summary: string;
  paragraphs: string[];
}

const CN_STORIES: Story[] = [
  {
    slug: 'spring-travel',
    title: '春节假期出行人数创新高',
    date: '2022-02-02T02:38:00Z',
    author: '王晓',
    summary: '春节假期全国旅客发送量同比增长，重点枢纽运行平稳。',
    paragraphs: [
      '本报北京2月2日电 记者从交通运输部门获悉，春节假期以来，全国铁路、公路、水路和民航旅客发送量同比明显增长，出行需求集中释放。',
      '为应对客流高峰，各地加开临时旅客列车，延长地铁运营时间，并在重点枢纽增设引导人员，旅客进站候车秩序总体平稳。',
      '业内人士表示，假期出行数据反映出消费市场的持续回暖，文旅、餐饮等行业迎来新的增长机会。',
      '交通运输部门提醒，节后返程客流将在初六前后达到高峰，旅客请提前规划行程，错峰出行。',
    ],
  },
  {
    slug: 'library-night',
    title: '城市图书馆延长开放时间至晚十点',
    date: '2022-02-03T08:00:00Z',
    author: '李明',
    summary: '市图书馆自下月起工作日延长开放至晚上十点。',
    paragraphs: [
      '本报讯 市图书馆日前宣布，自下月起，工作日开放时间延长至晚上十点，周末开放时间保持不变。',
      '图书馆负责人介绍，延时开放期间，自习区、期刊阅览区和少儿阅读区均正常开放，自助借还设备全天可用。',
      '不少读者表示，下班后也能到图书馆看书学习，“城市书房”真正走进了日常生活。',
    ],
  },
  {
    slug: 'river-cleanup',
    title: '志愿者周末清理河道垃圾',
    date: '2022-02-05T01:30:00Z',
    author: '张华',
    summary: '两百余名志愿者沿河岸清理垃圾约三吨。',
    paragraphs: [
      '本报讯 上周末，两百余名志愿者来到城南河道，沿河岸分段清理生活垃圾和漂浮物，共清理垃圾约三吨。',
      '活动组织方表示，今年将把河道清理活动固定为每月一次，并在沿岸设置分类回收点，引导市民文明游览。',
    ],
  },
];

const EN_POSTS = [
  {
    id: 'harbour-lights',
    title: 'Harbour lights return after a two-year pause',
    date: '2022-02-04T19:00:00Z',
    author: 'Ada Park',
    html: '<p>The harbour light show returned on Friday night, drawing crowds to the waterfront for the first time in two years.</p><p><img src="/images/harbour.png" alt="The harbour at night"></p><p>Organisers said the show would run nightly until the end of the month, weather permitting.</p><p><a href="https://example.com/lights?utm_source=feed&amp;utm_medium=rss">Programme details</a></p>',
  },
  {
    id: 'tram-line',
    title: 'New tram line opens to passengers',
    date: '2022-02-06T07:30:00Z',
    author: 'Sam Lee',
    html: '<p>The city’s new tram line opened to passengers on Sunday morning, linking the old town with the university district in twelve minutes.</p><p><img src="/images/tram.png" alt="A tram at the first stop"><img src="/images/harbour.png" alt="Same picture, archived once"></p><script>alert("never reaches a reader")</script><p onclick="steal()">Trams run every six minutes at peak hours.</p>',
  },
];

/** A page in the portal layout of the Chinese feed: nav, info bar, body, hot list, comments, footer. */
function cnPage(story: Story): string {
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="gbk"><title>${story.title}_示例新闻网</title>
<meta property="og:site_name" content="示例新闻网"><meta property="article:published_time" content="${story.date}"></head><body>
<div class="nav"><a href="/">首页</a> <a href="/china/">国内</a> <a href="/world/">国际</a> <a href="/society/">社会</a></div>
<div class="main"><h1>${story.title}</h1>
<div class="info">来源：示例日报 作者：${story.author}</div>
<div class="content">${story.paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</div></div>
<div class="side"><h3>热门排行</h3><ul><li><a href="/a">热点新闻一</a></li><li><a href="/b">热点新闻二</a></li></ul></div>
<div class="footer">关于我们 | 联系我们 | 版权所有 © 示例新闻网</div></body></html>`;
}

function cnFeed(origin: string): string {
  const items = CN_STORIES.map(
    (s) => `<item><title>${s.title}</title><link>${origin}/cn/${s.slug}.html</link><guid>${origin}/cn/${s.slug}.html</guid>` +
      `<pubDate>${new Date(s.date).toUTCString()}</pubDate><author>${s.author}</author><description>${s.summary}</description></item>`,
  ).join('\n');
  return `<?xml version="1.0" encoding="gbk"?>\n<rss version="2.0"><channel><title>示例新闻网 - 国内新闻</title><link>${origin}/cn/</link><description>示例新闻网国内频道</description><language>zh-cn</language>\n${items}\n</channel></rss>`;
}

function enFeed(origin: string): string {
  const entries = EN_POSTS.map(
    (p) => `<entry><id>tag:demo.tidings,2022:${p.id}</id><title>${p.title}</title><link href="${origin}/en/${p.id}"/><updated>${p.date}</updated>` +
      `<author><name>${p.author}</name></author><content type="html"><![CDATA[${p.html}]]></content></entry>`,
  ).join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:base="${origin}/en/"><title>Harbour City Gazette - Local</title><id>tag:demo.tidings,2022:gazette</id><updated>2022-02-06T07:30:00Z</updated><link href="${origin}/en/"/>\n${entries}\n</feed>`;
}

/** An article page for `tidings repost`, the way a blog shares one (UTF-8, byline in the page). */
function repostPage(): string {
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>一座老城的新生 - 示例周刊</title>
<meta property="og:site_name" content="示例周刊"><meta name="author" content="陈静"></head><body>
<article><h1>一座老城的新生</h1><p class="byline">作者：陈静 2022年02月08日 09:00</p>
<p>老城区的街巷改造已经进行了三年。如今走在石板路上，修缮一新的骑楼与新开的小店相映成趣。</p>
<p>改造没有推倒重来，而是保留了原有的街巷格局和老建筑，只对危房进行加固，对管线进行入地改造。</p>
<p><img src="/images/old-town.png" alt="修缮后的骑楼"></p>
<p>居民说，街道变干净了，游客也多了，但老邻居还在，熟悉的烟火气也还在。</p>
</article><aside class="related"><h3>相关阅读</h3><ul><li><a href="/x">另一篇文章</a></li></ul></aside></body></html>`;
}

/**
 * A tiny valid PNG of one colour (8×8), built here so the demo needs no binary files: the
 * archive checks real image bytes, not names.
 */
function png(red: number, green: number, blue: number): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(8, 0);
  header.writeUInt32BE(8, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const row = Buffer.from([0, ...Array.from({ length: 8 }, () => [red, green, blue]).flat()]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: 8 }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}


/** Everything the demo site serves, by path, for a server at `origin`. */
export function demoSite(origin: string): Map<string, DemoResource> {
  const site = new Map<string, DemoResource>();
  const text = (contentType: string, body: string) => ({ contentType, body: Buffer.from(body, 'utf8') });
  site.set('/cn/feed.xml', { contentType: 'application/rss+xml', body: iconv.encode(cnFeed(origin), 'gbk') });
  for (const story of CN_STORIES) site.set(`/cn/${story.slug}.html`, { contentType: 'text/html', body: iconv.encode(cnPage(story), 'gbk') });
  site.set('/en/atom.xml', text('application/atom+xml; charset=utf-8', enFeed(origin)));
  site.set('/weekly/old-town.html', text('text/html; charset=utf-8', repostPage()));
  site.set('/images/harbour.png', { contentType: 'image/png', body: png(20, 60, 140) });
  site.set('/images/tram.png', { contentType: 'image/png', body: png(200, 40, 40) });
  site.set('/images/old-town.png', { contentType: 'image/png', body: png(160, 120, 60) });
  return site;
}

/** The demo's feeds and the page it reposts, relative to the server's origin. */
export const DEMO_FEEDS = [
  { path: '/cn/feed.xml', fullText: true, note: 'GBK, summary-only: full text fetched from each page' },
  { path: '/en/atom.xml', fullText: false, note: 'Atom, full content with images and a script to strip' },
] as const;
export const DEMO_REPOST = { path: '/weekly/old-town.html', via: '示例周刊' } as const;

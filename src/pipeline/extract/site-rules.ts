// Site rules Tidings ships with: sites where the generic extraction is known to go wrong, or
// whose images need a particular Referer. `sites:` in tidings.yaml adds more and overrides
// these host by host (extractArticle puts the user's rules first). Each rule has a fixture
// page in testdata/sites/ that shows its selectors change the result.
import type { SiteRule } from '../../lib/site-rules.ts';

const RULES: SiteRule[] = [
  {
    // WeChat official-account articles. #js_content is styled visibility:hidden until the
    // page's scripts run, so Readability (which skips hidden nodes) never sees the article.
    // Its images are lazy (data-src) on mmbiz.qpic.cn, which answers a foreign Referer with
    // a "此图片来自微信公众平台 未经允许不可引用" placeholder and serves requests without one.
    hosts: ['mp.weixin.qq.com', 'mmbiz.qpic.cn', 'mmbiz.qlogo.cn'],
    content: ['#js_content'],
    remove: ['#js_pc_qr_code', '.qr_code_pc_outer', '#js_tags', '.rich_media_tool', '.reward_area', '#js_sponsor_ad_area'],
    imageReferer: 'none',
  },
  {
    // Sina news and finance. The body carries the 新浪新闻公众号 QR box and the editor line, and
    // finance pages follow it with the 新浪声明 disclaimer, which reads like one more paragraph
    // to anything that does not know the class. Images are on
    // sinaimg.cn, which refuses a foreign Referer (403). Sending none worked in 2022 (an
    // RSSHub maintainer, DIYgod/RSSHub#11096) but was refused for wx*.sinaimg.cn by 2023
    // (dataabc/weiboSpider#503), while https://weibo.com/, what Weibo's own pages send, was
    // accepted in both reports; so that, rather than "none" or the page.
    hosts: ['sina.com.cn', 'sina.cn', 'sinaimg.cn'],
    content: ['#artibody', '#article', '.article-body'],
    remove: ['.appendQr_wrap', '.show_author', '.article-editor', '#left_hzh_ad', '.article-notice'],
    imageReferer: 'https://weibo.com/',
  },
  {
    // Zhihu columns. The platform appends e-commerce cards (MCNLinkCard: product, price,
    // 去购买) inside the post's own RichText, where nothing generic can tell them from text.
    hosts: ['zhuanlan.zhihu.com'],
    content: ['.Post-RichText', '.RichText.ztext'],
    remove: ['.MCNLinkCard', '.RichText-MCNLinkCardContainer', '.RichText-ADLinkCardContainer', '.ContentItem-time', '.Post-topicsAndReviewer'],
  },
  {
    // The Paper. Its Next.js pages hash class names (index_cententWrap__Jv8jK, sic), so the
    // body is matched by prefix; 2014–2020 pages used .news_txt. The 澎湃号 disclaimer follows.
    hosts: ['thepaper.cn'],
    content: ['div[class*="index_cententWrap"]', '.news_txt'],
    remove: ['div[class*="index_bottomDesc"]', '.news_love', '.news_keyword'],
  },
  {
    // NetEase (163). 网易号 posts open with the account's （原标题：…） line and end with a
    // statement in two languages; the byline and editor sit in .post_author.
    hosts: ['163.com'],
    content: ['.post_body', '#endText'],
    remove: ['.otitle', '.post_statement', '.post_author', '.ep-source'],
  },
];

/** The built-in rules, frozen: callers append them after the user's own. */
export const BUILT_IN_SITE_RULES: readonly SiteRule[] = Object.freeze(RULES.map((rule) => Object.freeze(rule)));

// Site rules: what Tidings knows about particular sites, as data. A rule names the hosts it
// applies to and may give CSS selectors for an article's content and for the clutter to
// remove before extraction, and the Referer / User-Agent that the site's images need
// (Chinese CDNs refuse off-site hotlinks, some refuse any Referer at all).
//
// Rules come from two places: a few built in (extract stage's built-ins), and `sites:` in
// tidings.yaml. A user's rule for a host wins over a built-in one for the same host.

/** One site's rule. Hosts match exactly or as a parent domain ("sina.com.cn" covers "news.sina.com.cn"). */
export interface SiteRule {
  /** Host names the rule covers, lower case, without port. */
  hosts: string[];
  /** CSS selectors of the article body; the first that matches wins over Readability's guess. */
  content?: string[];
  /** CSS selectors removed from the page before extraction (hot lists, comments, related reading). */
  remove?: string[];
  /**
   * Referer sent with image requests to these hosts: a URL, "page" (the article's own URL,
   * the default), or "none" (no Referer at all).
   */
  imageReferer?: string;
  /** User-Agent for requests to these hosts (pages and images). */
  userAgent?: string;
}

/** The rule covering a URL's host: the most specific host match, user rules before built-ins. Null when none. */
export function siteRuleFor(url: string, rules: ReadonlyArray<SiteRule>): SiteRule | null {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
  let best: SiteRule | null = null;
  let bestLength = -1;
  for (const rule of rules) {
    for (const candidate of rule.hosts) {
      const h = candidate.toLowerCase();
      if ((host === h || host.endsWith(`.${h}`)) && h.length > bestLength) {
        best = rule;
        bestLength = h.length;
      }
    }
  }
  return best;
}

/** The Referer an image on `imageUrl`, found in the page `pageUrl`, is fetched with; null for none. */
export function imageRefererFor(imageUrl: string, pageUrl: string | null, rules: ReadonlyArray<SiteRule>): string | null {
  const rule = siteRuleFor(imageUrl, rules) ?? (pageUrl ? siteRuleFor(pageUrl, rules) : null);
  const referer = rule?.imageReferer ?? 'page';
  if (referer === 'none') return null;
  if (referer === 'page') return pageUrl;
  return referer;
}

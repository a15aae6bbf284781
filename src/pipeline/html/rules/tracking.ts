// Rule stripTracking: query parameters that only tell a site where a click came from.
//
// Only http(s) URLs are touched, and only the query: the parameters kept stay byte-identical and in
// order, and the scheme, host, path and fragment are not re-encoded (so a URL without tracking
// comes back as the same string, and a second pass changes nothing). Names compare case-insensitively
// (`WT.mc_id` is written so by Microsoft). Generic names that are often real (`ref`, `source`, `src`,
// `cid`, `ts`, `share`) are not listed.

/** Parameter names, each with where it comes from. */
const TRACKING_NAMES: ReadonlyArray<readonly [name: string, origin: string]> = [
  ['fbclid', 'Facebook click id'],
  ['gclid', 'Google Ads click id'],
  ['gclsrc', 'Google Ads click source'],
  ['dclid', 'Google Display & Video 360 (DoubleClick) click id'],
  ['msclkid', 'Microsoft Advertising (Bing Ads) click id'],
  ['yclid', 'Yandex.Direct click id'],
  ['igshid', 'Instagram share id'],
  ['mc_cid', 'Mailchimp campaign id'],
  ['mc_eid', 'Mailchimp subscriber id'],
  ['_hsenc', 'HubSpot email tracking'],
  ['_hsmi', 'HubSpot email tracking'],
  ['mkt_tok', 'Marketo email tracking'],
  ['ref_src', 'Twitter/X embeds and share buttons (ref_src=twsrc^tfw)'],
  ['ref_url', 'Twitter/X embeds'],
  ['wt.mc_id', 'Microsoft / Webtrends campaign id'],
  ['xtor', 'AT Internet (French news sites)'],
  ['_ga', 'Google Analytics cross-domain linker'],
  ['_gl', 'Google Analytics cross-domain linker'],
  ['spm', 'Alibaba "super position model" (Taobao, Tmall, Youku, Alipay …)'],
  ['scene', 'WeChat: where an article was opened (scene=21 …)'],
  ['share_token', 'Douyin/TikTok and Bilibili share links'],
  ['share_source', 'Bilibili share links (share_source=copy_web)'],
  ['share_medium', 'Bilibili share links'],
  ['share_plat', 'Bilibili share links'],
  ['share_session_id', 'Bilibili share links'],
  ['share_tag', 'Bilibili share links'],
  ['share_from', 'Bilibili share links'],
  ['vd_source', 'Bilibili: the viewer who shared a video'],
  ['unique_k', 'Bilibili share links'],
  ['spm_id_from', 'Bilibili: the page position a video was clicked from'],
  ['isappinstalled', 'WeChat share links (from=singlemessage&isappinstalled=0)'],
  // `from` is a real parameter on some sites (date ranges `?from=2024-01-01&to=…`, search
  // filters, currency converters). In article bodies it is far more often share tracking
  // (WeChat `from=timeline|singlemessage|groupmessage`, Sina/Sohu/Toutiao `from=…`), so it is
  // stripped, except when the same query also has `to` or `until`: then it is most likely a range.
  // A source that links to such pages can switch stripTracking off.
  ['from', 'WeChat, Sina, Sohu, Toutiao share links'],
];

/** Name prefixes, each with where it comes from. */
const TRACKING_PREFIXES: ReadonlyArray<readonly [prefix: string, origin: string]> = [
  ['utm_', 'Google Analytics / Urchin campaign parameters (utm_source, utm_medium …)'],
  ['sharer_', 'WeChat article links (sharer_sharetime, sharer_shareid)'],
];

/** Parameters that make `from` part of a range, not tracking. */
const RANGE_PARTNERS = new Set(['to', 'until']);

/** Tells whether a (lower-case) parameter name is tracking. */
export interface TrackingMatcher {
  names: ReadonlySet<string>;
  prefixes: readonly string[];
}

export const DEFAULT_TRACKING: TrackingMatcher = {
  names: new Set(TRACKING_NAMES.map(([name]) => name)),
  prefixes: TRACKING_PREFIXES.map(([prefix]) => prefix),
};

/**
 * The default matcher plus a source's own entries: an entry ending in `_` or `*` is a prefix
 * (`share_`, `mp_*`), any other a whole name (`mpshare`).
 */
export function createTrackingMatcher(extra: readonly string[] | undefined): TrackingMatcher {
  if (extra === undefined || extra.length === 0) return DEFAULT_TRACKING;
  const names = new Set(DEFAULT_TRACKING.names);
  const prefixes = [...DEFAULT_TRACKING.prefixes];
  for (const entry of extra) {
    const lower = entry.trim().toLowerCase();
    if (lower === '' || lower === '*') continue;
    if (lower.endsWith('*')) prefixes.push(lower.slice(0, -1));
    else if (lower.endsWith('_')) prefixes.push(lower);
    else names.add(lower);
  }
  return { names, prefixes };
}

function parameterName(part: string): string {
  const eq = part.indexOf('=');
  return (eq === -1 ? part : part.slice(0, eq)).toLowerCase();
}

function isTracking(name: string, matcher: TrackingMatcher, inRange: boolean): boolean {
  if (matcher.names.has(name)) return name !== 'from' || !inRange;
  for (const prefix of matcher.prefixes) if (name.startsWith(prefix)) return true;
  return false;
}

const HTTP_URL = /^https?:\/\//i;

/** An http(s) URL without its tracking parameters; everything else of it byte-identical. */
export function stripTrackingParams(url: string, matcher: TrackingMatcher = DEFAULT_TRACKING): string {
  const q = url.indexOf('?');
  if (q === -1 || !HTTP_URL.test(url)) return url;
  const hash = url.indexOf('#');
  if (hash !== -1 && hash < q) return url; // the `?` is inside the fragment
  const end = hash === -1 ? url.length : hash;
  const parts = url.slice(q + 1, end).split('&');
  const names = parts.map(parameterName);
  const inRange = names.some((name) => RANGE_PARTNERS.has(name));
  const kept: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (!isTracking(names[i], matcher, inRange)) kept.push(parts[i]);
  }
  if (kept.length === parts.length) return url;
  // Something went: empty pieces (`a=1&&b=2`, a trailing `&`) go with it.
  for (let i = kept.length - 1; i >= 0; i--) if (kept[i] === '') kept.splice(i, 1);
  return url.slice(0, q) + (kept.length === 0 ? '' : '?' + kept.join('&')) + url.slice(end);
}

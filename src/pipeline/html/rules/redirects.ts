// Rule unwrapRedirects: links through a click-counting redirector replaced by their target.
//
// A link is unwrapped when its query carries an absolute http(s) URL (as written, or
// percent-encoded once or twice) in a parameter that names a target, and either
//   - its host and path are a known redirector (KNOWN_REDIRECTORS), or
//   - the last segment of its path reads like one (`track.php`, `/redirect`, `/out`, `/r` …) and
//     the parameter has one of the generic names (`url`, `u`, `t`, `target`, `to` …).
// Both conditions are needed: `?url=` alone is also how share buttons and validators take their
// subject (`facebook.com/sharer.php?u=`, `twitter.com/intent/tweet?url=`), which are not redirects.
// Redirectors that carry no target (t.co, bit.ly) or an encoded one (bing.com/ck/a) are left alone.
// A target that is itself wrapped is unwrapped again; each step yields a shorter string, so it ends.

/** Generic parameter names that carry a redirect target. */
const TARGET_PARAMS = ['url', 'u', 't', 'target', 'to', 'dest', 'destination', 'redirect', 'redirect_url', 'link', 'goto', 'out'];

/** The last path segment of a redirector: a word, optionally with a script extension. */
const REDIRECTOR_PATH = /(?:^|\/)(?:track|trk|redirect|redir|link|links|out|outbound|goto|go|url|r|click|jump|away|exit|external)(?:\.(?:php|aspx?|jsp|cgi|html?))?\/?$/;

interface KnownRedirector {
  host: RegExp;
  path: RegExp;
  params: readonly string[];
}

/** Redirectors whose path or parameter the generic rule does not recognize. */
const KNOWN_REDIRECTORS: readonly KnownRedirector[] = [
  // Facebook and Instagram outbound links: l.facebook.com/l.php?u=…&h=…
  { host: /^(?:l|lm)\.facebook\.com$/, path: /^\/l\.php$/, params: ['u'] },
  { host: /^l\.instagram\.com$/, path: /^\/?$/, params: ['u'] },
  // Google search results and Gmail: www.google.com/url?q=… (older: url=…)
  { host: /^(?:www\.)?google\.(?:[a-z]{2,3}|com?\.[a-z]{2})$/, path: /^\/url$/, params: ['q', 'url'] },
  // YouTube descriptions: www.youtube.com/redirect?event=…&q=…
  { host: /^(?:www\.|m\.)?youtube\.com$/, path: /^\/redirect$/, params: ['q'] },
  // Zhihu, Juejin and CSDN outbound links: link.zhihu.com/?target=https%3A//…
  { host: /^link\.zhihu\.com$|^link\.juejin\.cn$|^link\.csdn\.net$/, path: /^\/?$/, params: ['target'] },
  // Weibo mobile: weibo.cn/sinaurl?u=…
  { host: /^(?:m\.)?weibo\.cn$/, path: /^\/sinaurl$/, params: ['u'] },
  // Jianshu: links.jianshu.com/go?to=… and www.jianshu.com/go-wild?ac=2&url=…
  { host: /^links\.jianshu\.com$/, path: /^\/go$/, params: ['to'] },
  { host: /^(?:www\.)?jianshu\.com$/, path: /^\/go-wild$/, params: ['url'] },
  // Douban: www.douban.com/link2/?url=…
  { host: /^(?:www\.)?douban\.com$/, path: /^\/link2\/?$/, params: ['url'] },
  // Steam: steamcommunity.com/linkfilter/?url=…
  { host: /^steamcommunity\.com$/, path: /^\/linkfilter\/?$/, params: ['url'] },
];

const HOST_AND_PATH = /^https?:\/\/(?:[^@/?#]*@)?([^/?#:]*)(?::\d*)?([^?#]*)/i;
const ABSOLUTE_HTTP = /^https?:\/\/[^/?#\s]/i;
// A target with spaces, controls or markup characters in it is not a URL anyone wrote on purpose.
// eslint-disable-next-line no-control-regex
const NOT_IN_URL = /[\x00-\x20\x7f"<>\\^`{|}]/;

/** The target of a redirect parameter's raw value, or null when it holds no absolute http(s) URL. */
function decodeTarget(raw: string): string | null {
  let value = raw;
  for (let i = 0; i < 2 && !ABSOLUTE_HTTP.test(value); i++) {
    try {
      value = decodeURIComponent(value);
    } catch {
      return null;
    }
  }
  if (!ABSOLUTE_HTTP.test(value) || NOT_IN_URL.test(value)) return null;
  try {
    new URL(value);
  } catch {
    return null;
  }
  return value;
}

/** One level of unwrapping, or null when the URL is not a redirect this rule knows. */
function unwrapOnce(url: string): string | null {
  const q = url.indexOf('?');
  if (q === -1) return null;
  const m = HOST_AND_PATH.exec(url);
  // The path must run up to the `?`: otherwise the `?` is inside the fragment.
  if (m === null || m[0].length !== q) return null;
  const host = m[1].toLowerCase();
  const path = m[2].toLowerCase();
  const known = KNOWN_REDIRECTORS.find((r) => r.host.test(host) && r.path.test(path));
  const params = known !== undefined ? known.params : REDIRECTOR_PATH.test(path) ? TARGET_PARAMS : null;
  if (params === null) return null;
  const hash = url.indexOf('#', q);
  for (const part of url.slice(q + 1, hash === -1 ? url.length : hash).split('&')) {
    const eq = part.indexOf('=');
    if (eq === -1 || !params.includes(part.slice(0, eq).toLowerCase())) continue;
    const target = decodeTarget(part.slice(eq + 1));
    if (target !== null) return target;
  }
  return null;
}

/** An http(s) link through a redirector → its target (unwrapped until it is not one); any other URL as is. */
export function unwrapRedirect(url: string): string {
  if (!ABSOLUTE_HTTP.test(url)) return url;
  let current = url;
  for (let next = unwrapOnce(current); next !== null && next.length < current.length; next = unwrapOnce(current)) {
    current = next;
  }
  return current;
}

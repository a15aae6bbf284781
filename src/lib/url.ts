/** Query parameters that only say where a click came from; dropping them never changes the page. */
const TRACKING_PARAM = /^(?:utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|spm|_hsenc|_hsmi|mkt_tok|ref_src)$/i;

/**
 * A link reduced to what identifies the page: scheme and host lower-cased, default port,
 * fragment and tracking parameters dropped, `http` and `https` kept apart (some sites
 * serve different things). Returns the input trimmed when it is not an absolute URL.
 */
export function normalizeLink(link: string): string {
  const trimmed = link.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return trimmed;
  }
  url.hash = '';
  const kept = [...url.searchParams].filter(([name]) => !TRACKING_PARAM.test(name));
  if (kept.length !== [...url.searchParams].length) {
    url.search = '';
    for (const [name, value] of kept) url.searchParams.append(name, value);
  }
  return url.href;
}

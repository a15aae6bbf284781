// Which proxy, if any, a URL goes through: HTTP_PROXY / HTTPS_PROXY / NO_PROXY semantics as
// curl reads them, with the values passed in (the app layer reads the environment).
//
// NO_PROXY entries, comma- or space-separated, case-insensitive:
//   *                 no proxy for anything
//   example.com       example.com and every subdomain (a leading '.' or '*.' means the same)
//   example.com:8080  only that port
//   127.0.0.1, [::1]  that IP literal (optionally with :port); CIDR ranges are not supported
import type { ProxyOptions } from './types.ts';

function defaultPort(protocol: string): string {
  return protocol === 'https:' ? '443' : '80';
}

function parseEntry(entry: string): { host: string; port: string | null } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { host: bracketed[1]!, port: bracketed[2] ?? null };
  const colons = entry.split(':').length - 1;
  if (colons === 1) {
    const [host, port] = entry.split(':') as [string, string];
    return { host, port: /^\d+$/.test(port) ? port : null };
  }
  return { host: entry, port: null }; // a bare host, or a bare IPv6 literal
}

/** True when NO_PROXY says this URL goes direct. */
export function bypassesProxy(url: URL, noProxy: string | null | undefined): boolean {
  if (!noProxy) return false;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || defaultPort(url.protocol);
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const parsed = parseEntry(entry);
    if (parsed.port !== null && parsed.port !== port) continue;
    const name = parsed.host.replace(/^\*?\./, '');
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

/** The proxy URL to use for `url`, or null to connect directly. */
export function selectProxy(url: URL, proxy: ProxyOptions | null | undefined): string | null {
  if (!proxy) return null;
  const chosen = url.protocol === 'https:' ? proxy.https : url.protocol === 'http:' ? proxy.http : null;
  if (!chosen) return null;
  return bypassesProxy(url, proxy.noProxy) ? null : chosen;
}

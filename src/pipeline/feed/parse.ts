import type { Feed, FeedFormat } from '../../model/index.ts';
import { NotAFeedError } from '../../errors.ts';
import { decodeBytes } from '../encoding/index.ts';
import { MapContext } from './context.ts';
import { readRss } from './rss.ts';
import { readAtom } from './atom.ts';
import { readJsonFeed } from './json-feed.ts';
import { readCdf } from './cdf.ts';
import { readXml, type XmlElement } from './xml-tree.ts';

export interface ParseFeedOptions {
  /** The HTTP Content-Type header, whose charset takes part in choosing the encoding. */
  contentType?: string | null;
  /** The document's URL: the base for relative links when the feed has no xml:base. */
  url?: string | null;
  /** The HTTP Content-Location header: when present it, not the request URL, names the document (RFC 9110 §8.7). */
  contentLocation?: string | null;
  /** The HTTP Content-Language header: the feed's language when the feed names none. */
  contentLanguage?: string | null;
  /** An encoding label that wins over everything (for feeds that lie about their charset). */
  encodingOverride?: string | null;
  /** What to call the document in error messages (a file name or URL). */
  name?: string;
}

/**
 * Detects the format from the content (never the file name) and hands the document to
 * that format's adapter. Throws NotAFeedError for anything that is not a feed;
 * everything else it recovers from is listed in `warnings`.
 */
export function parseFeed(input: Uint8Array | string, options: ParseFeedOptions = {}): Feed {
  let text: string;
  let encoding = 'utf-8';
  const warnings: string[] = [];
  if (typeof input === 'string') {
    text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  } else {
    const decoded = decodeBytes(input, { contentType: options.contentType ?? null, override: options.encodingOverride ?? null });
    text = decoded.text;
    encoding = decoded.encoding;
    warnings.push(...decoded.warnings);
  }
  const documentUrl = documentUrlOf(options.url ?? null, options.contentLocation ?? null);
  const context = new MapContext(warnings);
  const name = options.name ?? 'the document';

  const start = firstSignificantChar(text);
  if (start === '{') {
    const feed = parseJsonDocument(text, context, documentUrl, name);
    return assembleFeed(feed, encoding, warnings);
  }

  const document = readXml(text, documentUrl);
  warnings.push(...document.warnings.filter((w) => !warnings.includes(w)));
  const root = document.root;
  const format = root ? detectXmlFormat(root) : null;
  if (!root || format === null) throw notAFeed(name, text);
  let body: Omit<Feed, 'encoding' | 'warnings'>;
  if (format === 'atom10' || format === 'atom03') body = readAtom(root, format, context);
  else if (format === 'unknown') body = readCdf(root, context);
  else body = readRss(root, format, context);
  if (body.language === null && options.contentLanguage) body.language = options.contentLanguage.split(',')[0]!.trim() || null;
  if (body.language !== null) body.language = body.language.replace(/_/g, '-');
  return assembleFeed(body, encoding, warnings);
}

/** The model with its keys in CONTRACT.md's order, so JSON output reads the same everywhere. */
function assembleFeed(body: Omit<Feed, 'encoding' | 'warnings'>, encoding: string, warnings: string[]): Feed {
  const { format, title, link, description, language, updated, image, authors, items, ttl } = body;
  return { format, encoding, title, link, description, language, updated, image, authors, items, ttl, warnings };
}

/** The URL relative links resolve against: Content-Location (resolved, if safe) else the request URL. */
function documentUrlOf(url: string | null, contentLocation: string | null): string | null {
  if (!contentLocation) return url;
  try {
    const resolved = url ? new URL(contentLocation.trim(), url) : new URL(contentLocation.trim());
    return resolved.protocol === 'http:' || resolved.protocol === 'https:' ? resolved.href : url;
  } catch {
    return url;
  }
}

/** The format named by the root element, its namespace and version; null when not a feed. */
export function detectXmlFormat(root: XmlElement): FeedFormat | null {
  switch (root.local) {
    case 'rss':
      return rssVersion(root.attrs['version']);
    case 'rdf': {
      // RSS 1.0 and 0.90 are both RDF; the channel's namespace tells them apart.
      const declaresRss090 = Object.entries(root.attrs).some(
        ([name, value]) => name.startsWith('xmlns') && value.includes('my.netscape.com/rdf/simple/0.9'),
      );
      return declaresRss090 ? 'rss090' : 'rss10';
    }
    case 'feed':
      if (root.ns === 'atom03' || root.attrs['version']?.trim() === '0.3') return 'atom03';
      return 'atom10';
    case 'channel':
      // A bare <channel> root is Microsoft CDF; the model has no name for it.
      return 'unknown';
    default:
      return null;
  }
}

function rssVersion(version: string | undefined): FeedFormat {
  const v = (version ?? '').trim();
  if (v.startsWith('0.90')) return 'rss090';
  if (v.startsWith('0.91')) return 'rss091';
  if (v.startsWith('0.92')) return 'rss092';
  if (v.startsWith('0.93')) return 'rss093';
  if (v.startsWith('0.94')) return 'rss094';
  // 2.0, 2.0.1, and the many feeds with no version at all read as RSS 2.0.
  return 'rss20';
}

function parseJsonDocument(text: string, context: MapContext, documentUrl: string | null, name: string): Omit<Feed, 'encoding' | 'warnings'> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new NotAFeedError('parse.json', `parse: ${name} is not valid JSON (${(error as Error).message})`, {
      hint: 'a JSON Feed must be a single JSON object',
    });
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw notAFeed(name, text);
  const version = (data as Record<string, unknown>)['version'];
  if (typeof version !== 'string' || !/jsonfeed\.org\/version\/1/i.test(version)) {
    if (!Array.isArray((data as Record<string, unknown>)['items'])) throw notAFeed(name, text);
    context.warn('feed: JSON document without a JSON Feed version; read as JSON Feed 1.1');
  }
  const format: FeedFormat = typeof version === 'string' && /version\/1(?:\.0)?\/?$/i.test(version.trim()) ? 'json10' : 'json11';
  return readJsonFeed(data as Record<string, unknown>, format, context, documentUrl);
}

function firstSignificantChar(text: string): string {
  const match = /[^\s\ufeff]/.exec(text);
  return match ? match[0] : '';
}

function notAFeed(name: string, text: string): NotAFeedError {
  const head = text.replace(/^[\s\ufeff]+/, '').slice(0, 15).replace(/\s+/g, ' ');
  return new NotAFeedError(
    'parse.not_a_feed',
    `parse: no RSS, Atom or JSON feed found in ${name} (${head === '' ? 'it is empty' : `starts with '${head}'`})`,
    { hint: 'check the URL: it may point at a web page rather than its feed' },
  );
}

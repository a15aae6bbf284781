import { createHash } from 'node:crypto';
import type { Enclosure, FeedItem, Person } from '../../model/index.ts';
import { parseDate } from '../../lib/date.ts';
import { sanitizeHtml } from '../html/index.ts';
import { escapeHtml } from '../../lib/text.ts';

/**
 * What every format adapter needs while mapping wire shapes to the model: URL
 * resolution, sanitizing, dates and warnings. One per parse; no I/O.
 */
export class MapContext {
  readonly warnings: string[];
  /** The feed's own link, the last fallback base for relative URLs. */
  feedLink: string | null = null;

  constructor(warnings: string[]) {
    this.warnings = warnings;
  }

  warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  /** Resolves a possibly relative URL against the element's base (xml:base or document URL), else the feed link. */
  url(value: string | null | undefined, base: string | null): string | null {
    if (value === null || value === undefined) return null;
    const trimmed = value.trim();
    if (trimmed === '') return null;
    let resolved = trimmed;
    // Absolute URLs are kept as written (the model reports what the feed says); only relative ones are resolved.
    if (!ABSOLUTE_URL.test(trimmed)) {
      const against = base ?? this.feedLink;
      try {
        if (against) resolved = new URL(trimmed, against).href;
      } catch {
        // Not resolvable: keep the text as written.
      }
    }
    // A link is shown to readers as an href: executable or local schemes never pass.
    if (UNSAFE_SCHEME.test(resolved)) {
      this.warn(`feed: unsafe link '${resolved.slice(0, 40)}' dropped`);
      return null;
    }
    return resolved;
  }

  /** The last html() call, so that a summary repeated as the content is sanitized once. */
  private lastHtml: { value: string; base: string | null; result: string | null } | null = null;

  /** Sanitizes HTML with relative links resolved; empty results become null. */
  html(value: string | null | undefined, base: string | null): string | null {
    if (value === null || value === undefined) return null;
    const baseUrl = base ?? this.feedLink;
    const last = this.lastHtml;
    if (last !== null && last.base === baseUrl && last.value === value) return last.result;
    const clean = sanitizeHtml(value.trim(), { baseUrl }).trim();
    const result = clean === '' ? null : clean;
    this.lastHtml = { value, base: baseUrl, result };
    return result;
  }

  /** Plain text made safe to embed as HTML (summary/content must always be HTML). */
  textAsHtml(value: string | null | undefined): string | null {
    if (value === null || value === undefined) return null;
    const trimmed = value.trim();
    return trimmed === '' ? null : escapeHtml(trimmed);
  }

  /** Parses a date; an unreadable one is null plus a warning, never a guess. */
  date(value: string | null | undefined, where: string): string | null {
    if (value === null || value === undefined) return null;
    const trimmed = value.trim();
    if (trimmed === '') return null;
    const parsed = parseDate(trimmed);
    if (parsed === null) this.warn(`feed: unreadable date '${trimmed.slice(0, 60)}' in ${where}`);
    return parsed;
  }
}

const ABSOLUTE_URL = /^[a-z][a-z0-9+.-]*:/i;
const UNSAFE_SCHEME = /^\s*(?:javascript|vbscript|data|file):/i;

const LOOKS_LIKE_HTML = /<\/?[a-z][a-z0-9]*(?:[\s/>]|$)|&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i;
const EMAIL_THEN_NAME = /^([^\s()<>]+@[^\s()<>]+)\s*\((.*)\)$/;
const NAME_THEN_EMAIL = /^(.*?)\s*[(<]([^\s()<>]+@[^\s()<>]+)[)>]$/;
const EMAIL_ONLY = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAILTO = /^mailto:/i;

/** Looks like markup a feed author meant as HTML (a tag or a character reference). */
export function looksLikeHtml(text: string): boolean {
  return LOOKS_LIKE_HTML.test(text);
}

/** Splits the RSS author forms "mail@host (Name)" and "Name (mail@host)" and "Name <mail@host>". */
export function parsePerson(text: string): Person {
  const value = text.trim();
  // Every form with an address has an @; most authors are just a name.
  if (!value.includes('@')) return { name: value || null, email: null, url: null };
  let match = EMAIL_THEN_NAME.exec(value);
  if (match) return { name: match[2]!.trim() || null, email: match[1]!, url: null };
  match = NAME_THEN_EMAIL.exec(value);
  if (match) return { name: match[1]!.trim() || null, email: match[2]!, url: null };
  if (EMAIL_ONLY.test(value)) return { name: null, email: value.replace(MAILTO, ''), url: null };
  return { name: value || null, email: null, url: null };
}

/** Adds a person unless an equal one is already there. */
export function addPerson(people: Person[], person: Person): void {
  if (person.name === null && person.email === null && person.url === null) return;
  if (people.some((p) => p.name === person.name && p.email === person.email && p.url === person.url)) return;
  people.push(person);
}

export function parseLength(value: string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const n = Number.parseInt(value.trim(), 10);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

export function addEnclosure(list: Enclosure[], enclosure: Enclosure): void {
  if (list.some((e) => e.url === enclosure.url)) return;
  list.push(enclosure);
}

/**
 * An id that is stable across parses for an item without one: from its link, else
 * its title and date, else its content — the most stable thing the item has.
 */
export function deriveItemId(item: Omit<FeedItem, 'id'>): string {
  let basis: string;
  if (item.link) basis = `link:${item.link}`;
  else if (item.title || item.published) basis = `title:${item.title ?? ''}|${item.published ?? item.updated ?? ''}`;
  else basis = `content:${item.content ?? item.summary ?? ''}|${item.enclosures.map((e) => e.url).join(' ')}`;
  return `tidings:${createHash('sha256').update(basis).digest('hex').slice(0, 24)}`;
}

export function emptyItem(): Omit<FeedItem, 'id'> {
  return {
    title: null,
    link: null,
    published: null,
    updated: null,
    authors: [],
    summary: null,
    content: null,
    categories: [],
    enclosures: [],
    comments: null,
    image: null,
  };
}

// Reads ../shared/corpus/feeds/feedparser/expectations.json and scores a parser's
// output against its checks, following the operators its README defines.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Parser } from 'htmlparser2';

export const SHARED_DIR = resolve(process.cwd(), '../shared');
export const FEEDPARSER_DIR = join(SHARED_DIR, 'corpus/feeds/feedparser');

export interface Check {
  path: string;
  op: 'eq' | 'contains' | 'not_contains' | 'truthy' | 'falsy' | 'len';
  value?: unknown;
  html?: boolean;
  icase?: boolean;
}

export interface Entry {
  file: string;
  category: string;
  description: string;
  headers?: Record<string, string>;
  url?: string;
  notes?: string[];
  checks: Check[];
}

/** Why the corpus suites cannot run, or null when they can. */
export function corpusMissingReason(): string | null {
  return existsSync(join(FEEDPARSER_DIR, 'expectations.json'))
    ? null
    : `../shared/corpus/feeds/feedparser not found beside the repository (looked in ${FEEDPARSER_DIR})`;
}

export function loadEntries(): Entry[] {
  return JSON.parse(readFileSync(join(FEEDPARSER_DIR, 'expectations.json'), 'utf8')) as Entry[];
}

function valueAt(model: unknown, path: string): unknown {
  let current: unknown = model;
  for (const part of path.match(/[^.[\]]+/g) ?? []) {
    if (current === null || current === undefined) return undefined;
    if (/^\d+$/.test(part)) current = (current as unknown[])[Number(part)];
    else current = (current as Record<string, unknown>)[part];
  }
  return current;
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

/** Canonical HTML: references decoded and re-escaped one way, attributes sorted and double-quoted. */
export function canonicalHtml(html: string): string {
  let out = '';
  const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const names = Object.keys(attrs).sort();
        out += `<${name}${names.map((n) => ` ${n}="${escapeText(attrs[n]!).replace(/"/g, '&quot;')}"`).join('')}>`;
      },
      ontext(text) {
        out += escapeText(text);
      },
      onclosetag(name) {
        if (!VOID.has(name)) out += `</${name}>`;
      },
      oncomment(text) {
        out += `<!--${text}-->`;
      },
    },
    { decodeEntities: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  return out;
}

function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

function sameInstant(a: unknown, b: unknown): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return a === b;
  const x = Date.parse(a);
  const y = Date.parse(b);
  return !Number.isNaN(x) && x === y;
}

/** Applies one check; returns null when it passes, else a short description of the failure. */
export function applyCheck(model: unknown, check: Check): string | null {
  let actual = valueAt(model, check.path);
  if (/items\[\d+\]\.image$/.test(check.path) && actual && typeof actual === 'object') {
    actual = (actual as { url?: unknown }).url;
  }
  const fail = () => `${check.path} ${check.op} ${JSON.stringify(check.value)} — got ${JSON.stringify(actual)?.slice(0, 200)}`;
  switch (check.op) {
    case 'eq': {
      if (/(^|\.)(updated|published)$/.test(check.path)) return sameInstant(actual, check.value) ? null : fail();
      if (typeof actual === 'number' && typeof check.value === 'string') return String(actual) === check.value ? null : fail();
      if (check.html && typeof actual === 'string' && typeof check.value === 'string') {
        return canonicalHtml(actual) === canonicalHtml(check.value) ? null : fail();
      }
      return JSON.stringify(actual) === JSON.stringify(check.value) ? null : fail();
    }
    case 'contains':
    case 'not_contains': {
      let hay = typeof actual === 'string' ? actual : actual === null || actual === undefined ? '' : JSON.stringify(actual);
      let needle = String(check.value);
      if (check.icase) {
        hay = hay.toLowerCase();
        needle = needle.toLowerCase();
      }
      const has = hay.includes(needle);
      return has === (check.op === 'contains') ? null : fail();
    }
    case 'truthy':
      return truthy(actual) ? null : fail();
    case 'falsy':
      return truthy(actual) ? fail() : null;
    case 'len':
      return (Array.isArray(actual) || typeof actual === 'string') && actual.length === check.value ? null : fail();
  }
}

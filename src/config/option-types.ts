// The kinds of value an option can hold. Each kind says, once, how text is coerced (the
// environment and flags give strings, YAML sometimes does: `archive: yes` is a string in
// YAML 1.2), what is allowed (the schema) and how to say so in an error ("must be …").
import { z } from 'zod';
import { formatDuration, formatSize, parseDuration, parseSize } from './units.ts';

/** How one option's values are read, checked and described. */
export interface OptionType {
  /** Short name for the docs: "whole number 1–64", "duration", "sqlite | postgres". */
  readonly name: string;
  /** What follows "must be" in an error about the whole value: "a whole number from 1 to 64". */
  readonly allowed: string;
  /**
   * Checks a value from tidings.yaml, the environment or a flag and gives the Config value.
   * Issues about a map entry or list element carry a path and say what that entry allows.
   */
  readonly schema: z.ZodType;
  /** An environment variable's text → the value the schema reads (maps and lists have a text form). */
  readonly fromText: (text: string) => unknown;
  /** True for maps: a later layer changes entries one by one instead of replacing the map. */
  readonly mergesEntries: boolean;
  /** True when null is allowed; then an empty environment variable means null. */
  readonly nullable: boolean;
  /** Names a map (or each entry of a map of records) may hold, when the set is fixed (for suggestions on a typo). */
  readonly knownNames?: readonly string[];
}

const asIs = (text: string): unknown => text;
const trimmed = (value: unknown): unknown => (typeof value === 'string' ? value.trim() : value);

function scalar(name: string, allowed: string, schema: z.ZodType): OptionType {
  return { name, allowed, schema, fromText: asIs, mergesEntries: false, nullable: false };
}

/** A whole number in [min, max]; "8" and " 8 " count as 8. */
export function wholeNumber(min: number, max: number): OptionType {
  const allowed = `a whole number from ${min} to ${max}`;
  const schema = z.preprocess(
    (value) => (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : value),
    z.number({ error: allowed }).int({ error: allowed }).min(min, { error: allowed }).max(max, { error: allowed }),
  );
  return scalar(`whole number ${min}–${max}`, allowed, schema);
}

const TRUE_WORDS = new Set(['true', 'yes', 'on', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'off', '0']);
const BOOLEAN_ALLOWED = 'true or false (also yes/no, on/off, 1/0)';

/** Reads true/false, yes/no, on/off, 1/0 (any case) as a boolean; anything else stays as it was. */
function toBoolean(value: unknown): unknown {
  const word = typeof value === 'string' ? value.trim().toLowerCase() : typeof value === 'number' ? String(value) : null;
  if (word === null) return value;
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return value;
}

const booleanSchema = z.preprocess(toBoolean, z.boolean({ error: BOOLEAN_ALLOWED }));

/** true or false. */
export function boolean(): OptionType {
  return scalar('true | false', BOOLEAN_ALLOWED, booleanSchema);
}

/** One of a few words, compared without regard to case. */
export function oneOf<const T extends string>(values: readonly [T, ...T[]]): OptionType {
  const allowed = `one of ${values.join(', ')}`;
  const schema = z.preprocess(
    (value) => (typeof value === 'string' ? value.trim().toLowerCase() : value),
    z.enum(values, { error: allowed }),
  );
  return scalar(values.join(' | '), allowed, schema);
}

/** A duration ("90s", "15m", "24h", "1d"; a bare number is seconds) in [min, max] seconds → seconds. */
export function duration(minSeconds: number, maxSeconds: number): OptionType {
  const allowed = `a duration from ${formatDuration(minSeconds)} to ${formatDuration(maxSeconds)}, such as "90s", "15m", "24h" or "1d"`;
  const schema = z.preprocess(
    (value) => (typeof value === 'string' || typeof value === 'number' ? (parseDuration(value) ?? value) : value),
    z.number({ error: allowed }).min(minSeconds, { error: allowed }).max(maxSeconds, { error: allowed }),
  );
  return scalar(`duration ${formatDuration(minSeconds)}–${formatDuration(maxSeconds)}`, allowed, schema);
}

/** A size ("512KB", "20MB"; KB = 1024 bytes; a bare number is bytes) in [min, max] bytes → bytes. */
export function size(minBytes: number, maxBytes: number): OptionType {
  const allowed = `a size from ${formatSize(minBytes)} to ${formatSize(maxBytes)}, such as "512KB" or "20MB"`;
  const schema = z.preprocess(
    (value) => (typeof value === 'string' || typeof value === 'number' ? (parseSize(value) ?? value) : value),
    z.number({ error: allowed }).min(minBytes, { error: allowed }).max(maxBytes, { error: allowed }),
  );
  return scalar(`size ${formatSize(minBytes)}–${formatSize(maxBytes)}`, allowed, schema);
}

/** Non-empty text on one line, trimmed. */
export function text(what = 'non-empty text on one line'): OptionType {
  const schema = z.preprocess(
    trimmed,
    z.string({ error: what }).min(1, { error: what }).regex(/^[^\r\n\0]*$/, { error: what }),
  );
  return scalar('text', what, schema);
}

/** A file or folder path (relative to the workspace unless absolute). */
export function path(): OptionType {
  return { ...text('a non-empty path'), name: 'path' };
}

/** An absolute URL with one of the given schemes; trailing slashes are dropped so routes can be appended. */
export function url(protocols: readonly string[]): OptionType {
  const schemes = protocols.map((p) => `${p}://`);
  const allowed = `a ${schemes.join(' or ')} URL`.replace(/^a (?=h)/, 'an ');
  const schema = z.preprocess(
    trimmed,
    z
      .string({ error: allowed })
      .refine((value) => {
        try {
          return protocols.includes(new URL(value).protocol.slice(0, -1));
        } catch {
          return false;
        }
      }, { error: allowed })
      .transform((value) => value.replace(/\/+$/, '')),
  );
  return scalar('URL', allowed, schema);
}

/** The same kind, or null; "" and "null" read as null, so an environment variable can clear it. */
export function orNull(type: OptionType): OptionType {
  const schema = z.preprocess(
    (value) => (typeof value === 'string' && /^\s*(null|~)?\s*$/i.test(value) ? null : value),
    z.union([z.null(), type.schema]),
  );
  return { ...type, name: `${type.name} or null`, allowed: `${type.allowed}, or null`, schema, nullable: true };
}

/** True when Intl knows the zone, or it is a fixed offset such as "+08:00". */
function isTimeZone(zone: string): boolean {
  if (/^[+-](?:[01]\d|2[0-3]):?[0-5]\d$/.test(zone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone ("Asia/Shanghai", "UTC") or a fixed offset ("+08:00"). */
export function timeZone(): OptionType {
  const allowed = 'an IANA time zone such as "Asia/Shanghai" or "UTC", or an offset such as "+08:00"';
  return scalar('time zone', allowed, z.preprocess(trimmed, z.string({ error: allowed }).refine(isTimeZone, { error: allowed })));
}

/** The tokens a post folder layout may use (the render stage expands them). */
export const LAYOUT_TOKENS = ['group', 'site', 'channel', 'source', 'categories', 'year', 'month', 'day'] as const;

function isLayout(layout: string): boolean {
  if (layout.startsWith('/') || layout.includes('\\')) return false;
  for (const segment of layout.split('/')) {
    if (segment.trim() === '..' || segment.trim() === '.') return false;
    const tokens = segment.match(/\{[^}]*\}?/g) ?? [];
    if (tokens.some((token) => !(LAYOUT_TOKENS as readonly string[]).includes(token.slice(1, -1)) || !token.endsWith('}'))) return false;
  }
  return true;
}

/** A "/"-separated folder layout such as "{group}/{site}/{channel}"; "" puts every post in one folder. */
export function folderLayout(): OptionType {
  const allowed = `"/"-separated folders of text and ${LAYOUT_TOKENS.map((t) => `{${t}}`).join(' ')} (no ".."), or "" for none`;
  const schema = z.preprocess(
    (value) => (value === null ? '' : trimmed(value)),
    z.string({ error: allowed }).refine(isLayout, { error: allowed }),
  );
  return scalar('folder layout', allowed, schema);
}

/** Environment text for a map: a JSON object, or "k=v,k=v". */
function mapFromText(text: string): unknown {
  const source = text.trim();
  if (source.startsWith('{')) {
    try {
      return JSON.parse(source) as unknown;
    } catch {
      return text; // not a mapping: the schema says what is allowed
    }
  }
  const entries: Record<string, string> = {};
  for (const part of source.split(',')) {
    if (part.trim() === '') continue;
    const equals = part.indexOf('=');
    if (equals <= 0) return text;
    entries[part.slice(0, equals).trim()] = part.slice(equals + 1).trim();
  }
  return entries;
}

/** Environment text for a list: a JSON array, or "a,b,c". */
function listFromText(text: string): unknown {
  const source = text.trim();
  if (source.startsWith('[')) {
    try {
      return JSON.parse(source) as unknown;
    } catch {
      return text;
    }
  }
  return source.split(',').map((part) => part.trim()).filter((part) => part !== '');
}

const isPlainObject = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A map of free-form names to non-empty labels; entries given override lower layers one by one. */
export function labelMap(what: string): OptionType {
  const allowed = `a mapping of ${what}, such as {"new-media": "新媒体"} (in the environment: JSON or k=v,k=v)`;
  const entry = 'non-empty text on one line';
  const schema = z.preprocess(
    (value) => (value === null ? {} : value),
    z.custom<object>(isPlainObject, { error: allowed }).pipe(
      z.record(
        z.string().regex(/^[^\s]+$/, { error: 'a name without spaces' }),
        z.preprocess(
          (value) => (typeof value === 'number' ? String(value) : trimmed(value)),
          z.string({ error: entry }).min(1, { error: entry }).regex(/^[^\r\n\0]*$/, { error: entry }),
        ),
      ),
    ),
  );
  return { name: 'map of name → label', allowed, schema, fromText: mapFromText, mergesEntries: true, nullable: false };
}

/** A map from a fixed set of names to true/false; entries given override lower layers one by one. */
export function switches(names: readonly string[]): OptionType {
  const allowed = `a mapping of rule name to true or false (in the environment: JSON or name=false,name=true)`;
  const shape = Object.fromEntries(names.map((name) => [name, booleanSchema.optional()]));
  const schema = z.preprocess(
    (value) => (value === null ? {} : value),
    z.custom<object>(isPlainObject, { error: allowed }).pipe(z.strictObject(shape)),
  );
  return { name: 'map of rule → true | false', allowed, schema, fromText: mapFromText, mergesEntries: true, nullable: false, knownNames: names };
}

/** A list of names (no spaces); null or an empty list means none. */
export function nameList(): OptionType {
  const allowed = 'a list of names, such as ["spm", "from"] (in the environment: JSON or a,b,c)';
  const entry = 'a name without spaces';
  const schema = z.preprocess(
    (value) => (value === null ? [] : value),
    z.array(z.preprocess(trimmed, z.string({ error: entry }).regex(/^[^\s]+$/, { error: entry })), { error: allowed }),
  );
  return { name: 'list of names', allowed, schema, fromText: listFromText, mergesEntries: false, nullable: false };
}

/** The fields of one site rule in tidings.yaml, in the order they are documented. */
export const SITE_RULE_FIELDS = ['content', 'remove', 'image_referer', 'user_agent'] as const;

const HOST_LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?';
const HOST_RE = new RegExp(`^(?:\\*\\.)?${HOST_LABEL}(?:\\.${HOST_LABEL})*\\.?$`, 'u');

/** "a.com, *.b.com" → ["a.com", "b.com"] as URL hostnames (lower case, punycode); null when any part is not a host name. */
function hostsOfKey(key: string): string[] | null {
  const hosts: string[] = [];
  for (const part of key.split(',').map((p) => p.trim())) {
    if (part === '') continue;
    // "*.example.com" says what "example.com" already means: subdomains are covered.
    if (!HOST_RE.test(part)) return null;
    try {
      hosts.push(new URL(`http://${part.replace(/^\*\./u, '').replace(/\.$/u, '')}/`).hostname);
    } catch {
      return null;
    }
  }
  return hosts.length > 0 ? hosts : null;
}

const isHttpUrl = (value: string): boolean => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

/**
 * `sites:`, a map of host names (several as "a.com, b.com") to site rules → SiteRule[].
 * Each rule may give `content` and `remove` CSS selectors (one string or a list),
 * `image_referer` (page, none or an http(s) URL) and `user_agent`; null or {} means none.
 * Selectors are checked to be non-empty text here, and skipped at extraction when they are
 * not valid CSS.
 */
export function siteRules(): OptionType {
  const allowed = 'a mapping of host names to site rules, such as {"example.com": {"remove": [".hot-list"]}} (in the environment: JSON)';
  const selector = 'a non-empty CSS selector';
  const selectors = z.preprocess(
    (value) => (value === null ? [] : typeof value === 'string' ? [value] : value),
    z.array(z.preprocess(trimmed, z.string({ error: selector }).min(1, { error: selector })), { error: `${selector}, or a list of them` }),
  );
  const referer = 'page, none, or an http:// or https:// URL';
  const rule = z.strictObject(
    {
      content: selectors.optional(),
      remove: selectors.optional(),
      image_referer: z.preprocess(
        (value) => (typeof value === 'string' && /^\s*(page|none)\s*$/iu.test(value) ? value.trim().toLowerCase() : trimmed(value)),
        z.string({ error: referer }).refine((value) => value === 'page' || value === 'none' || isHttpUrl(value), { error: referer }),
      ).optional(),
      user_agent: text('non-empty text on one line').schema.optional(),
    },
    { error: `a site rule: a mapping of ${SITE_RULE_FIELDS.join(', ')}` },
  );
  const schema = z.preprocess(
    (value) => (value === null ? {} : value),
    z
      .custom<object>(isPlainObject, { error: allowed })
      .pipe(z.record(z.string(), z.preprocess((value) => (value === null ? {} : value), rule)))
      .superRefine((map, ctx) => {
        for (const key of Object.keys(map)) {
          if (hostsOfKey(key) === null) {
            ctx.addIssue({ code: 'custom', path: [key], message: 'keyed by host names such as example.com, or several as "a.com, b.com"' });
          }
        }
      })
      .transform((map) =>
        Object.entries(map).map(([key, r]) => ({
          hosts: hostsOfKey(key)!,
          ...(r.content !== undefined && r.content.length > 0 ? { content: r.content } : {}),
          ...(r.remove !== undefined && r.remove.length > 0 ? { remove: r.remove } : {}),
          ...(r.image_referer !== undefined ? { imageReferer: r.image_referer } : {}),
          ...(r.user_agent !== undefined ? { userAgent: r.user_agent as string } : {}),
        })),
      ),
  );
  const fromJson = (source: string): unknown => {
    try {
      return JSON.parse(source) as unknown;
    } catch {
      return source; // not JSON: the schema says what is allowed
    }
  };
  return {
    name: 'map of host → site rule',
    allowed,
    schema,
    fromText: fromJson,
    mergesEntries: false,
    nullable: false,
    knownNames: SITE_RULE_FIELDS,
  };
}

// Front matter as YAML, written by the `yaml` library with a quoting policy that every
// static-site generator reads back to the same values.
//
// The readers we write for: Hexo (js-yaml, YAML 1.2 core + timestamps), Hugo (Go yaml),
// Jekyll (Ruby Psych, YAML 1.1). They disagree on what a plain scalar means (`yes`, `on`,
// `2022-02-02`, `1:20`, `:sym`, `0o17` …), so:
// - every string is quoted: single quotes when the text is printable, double quotes (JSON
//   syntax, which every YAML parser reads) when it holds a line break, a control character,
//   or a character YAML 1.1 treats as a line break (NEL, LS, PS) or that some readers refuse
//   raw (DEL, C1 controls, BOM, U+FFFE/U+FFFF). Those are written as \uXXXX escapes, so the
//   document is printable ASCII-or-text on every line;
// - no line folding (lineWidth 0): a 2,000-character title stays on one line, and no
//   continuation line can ever read `---` and end the front matter early;
// - dates are the one plain scalar: `2022-02-02T10:38:07+08:00` is a timestamp to all three;
// - lone UTF-16 surrogates (not encodable in a UTF-8 file) become U+FFFD;
// - keys are plain identifiers, checked.
import { Document, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Node } from 'yaml';
import { InputError } from '../../errors.ts';

/** A date written as a plain YAML timestamp (ISO 8601 with offset), not as a quoted string. */
export class Timestamp {
  constructor(readonly text: string) {}
}

/** What a front-matter value may be. */
export type FrontMatterValue =
  | string
  | number
  | boolean
  | null
  | Timestamp
  | readonly FrontMatterValue[]
  | { readonly [key: string]: FrontMatterValue };

/** Front matter in the order it is written. */
export type FrontMatterEntries = ReadonlyArray<readonly [string, FrontMatterValue]>;

/** Marks an ISO 8601 date to be written unquoted. */
export function timestamp(text: string): Timestamp {
  return new Timestamp(text);
}

const KEY_RE = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
/** Characters that need double quotes: line breaks, controls, and what YAML 1.1 or js-yaml refuse raw. */
const NEEDS_DOUBLE_RE = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;
/** The same set minus what JSON.stringify already escapes: to be written as \uXXXX after it. */
const ESCAPE_AFTER_JSON_RE = /[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g;
const LONE_SURROGATE_RE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Replaces lone UTF-16 surrogates, which no UTF-8 file can hold, with U+FFFD. */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE_RE, '\ufffd');
}

/** Writes the YAML between the `---` lines (ending with a newline); every string reads back exactly. */
export function stringifyFrontMatter(entries: FrontMatterEntries): string {
  const doc = new Document();
  const map = new YAMLMap();
  for (const [key, value] of entries) map.items.push(new Pair(keyNode(key), valueNode(value)));
  doc.contents = map;
  const text = doc.toString({ lineWidth: 0, minContentWidth: 0, doubleQuotedAsJSON: true });
  // Only double-quoted scalars can hold these characters (see NEEDS_DOUBLE_RE), and there
  // a \uXXXX escape means the same character.
  return text.replace(ESCAPE_AFTER_JSON_RE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function keyNode(key: string): Scalar {
  if (!KEY_RE.test(key)) {
    throw new InputError('render.front-matter-key', `render: front-matter key ${JSON.stringify(key)} is not a plain identifier`, {
      hint: 'use letters, digits, "_", "-" and "." in front-matter keys',
    });
  }
  const node = new Scalar(key);
  node.type = 'PLAIN';
  return node;
}

function valueNode(value: FrontMatterValue): Node {
  if (typeof value === 'string') {
    const text = wellFormed(value);
    const node = new Scalar(text);
    node.type = NEEDS_DOUBLE_RE.test(text) ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE';
    return node;
  }
  if (value === null || typeof value === 'number' || typeof value === 'boolean') {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new InputError('render.front-matter-value', `render: front-matter number ${value} cannot be written`);
    }
    return new Scalar(value);
  }
  if (Array.isArray(value)) {
    const seq = new YAMLSeq();
    for (const item of value as readonly FrontMatterValue[]) seq.items.push(valueNode(item));
    if (seq.items.length === 0) seq.flow = true;
    return seq;
  }
  if (value instanceof Timestamp) {
    const node = new Scalar(value.text);
    node.type = 'PLAIN';
    return node;
  }
  const map = new YAMLMap();
  for (const [key, item] of Object.entries(value)) map.items.push(new Pair(keyNode(key), valueNode(item)));
  if (map.items.length === 0) map.flow = true;
  return map;
}

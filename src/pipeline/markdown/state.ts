// What one conversion carries between turndown's rules. turndown's rules are set up once per
// service (building them per call would cost more than a small article's conversion), so the
// per-call state lives here for the duration of one synchronous htmlToMarkdown call. Plain Maps,
// not WeakMaps: they die with the conversion, and weak entries cost the garbage collector more.
import type { DomNode } from './dom.ts';

export interface ConversionState {
  baseUrl: URL | null;
  /** Code block contents, referenced from the Markdown by CODE_SLOT placeholders until the end. */
  codeBlocks: string[];
  /** <figcaption> Markdown by its <figure>, and <caption> Markdown by its <table>. */
  captions: Map<DomNode, string>;
  /** Table cell Markdown by cell, for the table rule to lay out. */
  cells: Map<DomNode, string>;
  /** The Markdown of converted inline elements, for the emphasis rules of their later siblings. */
  edges: Map<DomNode, string>;
  /** Whether a <table> is laid out as blocks (nested tables, a single cell) rather than as a GFM table. */
  layoutTables: Map<DomNode, boolean>;
}

let current: ConversionState | null = null;

export function createState(baseUrl: string | null | undefined): ConversionState {
  let base: URL | null = null;
  if (baseUrl) {
    try {
      base = new URL(baseUrl);
    } catch {
      base = null; // an unusable base leaves relative URLs as written
    }
  }
  return { baseUrl: base, codeBlocks: [], captions: new Map(), cells: new Map(), edges: new Map(), layoutTables: new Map() };
}

/** Runs `fn` with `state` as the current conversion's state. */
export function withState<T>(state: ConversionState, fn: () => T): T {
  const previous = current;
  current = state;
  try {
    return fn();
  } finally {
    current = previous;
  }
}

export function state(): ConversionState {
  if (!current) throw new Error('markdown: rule called outside a conversion');
  return current;
}

/** An href/src as the Markdown should carry it: trimmed, and resolved against the base when relative. */
export function resolveUrl(raw: string): string {
  const url = raw.trim();
  if (!url) return '';
  const base = state().baseUrl;
  if (!base || /^[a-z][a-z0-9+.-]*:/i.test(url)) return url;
  try {
    return new URL(url, base).href;
  } catch {
    return url;
  }
}

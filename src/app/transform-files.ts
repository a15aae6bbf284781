import { readFileSync } from 'node:fs';
import { InputError } from '../errors.ts';
import { decodeBytes } from '../pipeline/encoding/index.ts';
import { cleanHtml } from '../pipeline/html/index.ts';
import { htmlToMarkdown } from '../pipeline/markdown/index.ts';
import { renderPost, type ProfileName, type RenderedPost, type RenderItem } from '../pipeline/render/index.ts';

export type { ProfileName } from '../pipeline/render/index.ts';

/** Reads a file for a command, turning a missing or unreadable file into an InputError naming it. */
export function readInputFile(command: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new InputError(`${command}.read`, `${command}: cannot read ${file} (${reason})`, { hint: 'check the path', cause: error });
  }
}

/** `tidings convert`: an HTML fragment or page (any encoding) → cleaned, sanitized → GFM Markdown. */
export function convertHtmlFile(file: string, options: { url?: string | null } = {}): string {
  const { text } = decodeBytes(readInputFile('convert', file), { kind: 'html' });
  const clean = cleanHtml(text, { baseUrl: options.url ?? null });
  return htmlToMarkdown(clean, { baseUrl: options.url ?? null });
}

/** `tidings render`: one normalized item (JSON, as `parse --json` prints items) → one post file. */
export function renderItemFile(file: string, options: { profile?: ProfileName; timeZone?: string } = {}): RenderedPost {
  let item: RenderItem;
  try {
    item = JSON.parse(readInputFile('render', file).toString('utf8')) as RenderItem;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError('render.json', `render: ${file} is not valid JSON (${(error as Error).message})`, {
      hint: 'pass one item as printed in the items[] of `tidings parse --json`',
    });
  }
  if (item === null || typeof item !== 'object' || Array.isArray(item) || typeof item.id !== 'string') {
    throw new InputError('render.item', `render: ${file} does not hold an item (an object with at least an "id")`, {
      hint: 'pass one item as printed in the items[] of `tidings parse --json`',
    });
  }
  return renderPost(cleanItem(normalizeItem(item)), { profile: options.profile ?? 'hexo', timeZone: options.timeZone });
}

/** The clean stage for an item: its HTML rewritten by the default rules (tracking stripped, lazy images, …). */
export function cleanItem(item: RenderItem): RenderItem {
  const baseUrl = item.link;
  return {
    ...item,
    summary: item.summary === null ? null : cleanHtml(item.summary, { baseUrl }),
    content: item.content === null ? null : cleanHtml(item.content, { baseUrl }),
  };
}

/** Items written by hand may leave fields out; the renderer gets every field of the model. */
function normalizeItem(item: RenderItem): RenderItem {
  return {
    ...item,
    title: item.title ?? null,
    link: item.link ?? null,
    published: item.published ?? null,
    updated: item.updated ?? null,
    authors: item.authors ?? [],
    summary: item.summary ?? null,
    content: item.content ?? null,
    categories: item.categories ?? [],
    enclosures: item.enclosures ?? [],
    comments: item.comments ?? null,
    image: item.image ?? null,
  };
}

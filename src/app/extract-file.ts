import { decodeBytes } from '../pipeline/encoding/index.ts';
import { extractArticle, type Article } from '../pipeline/extract/index.ts';
import { readInputFile } from './transform-files.ts';

/** `tidings extract FILE --url URL`: a saved article page (any encoding) → its article and metadata. */
export function extractArticleFile(file: string, options: { url: string; contentType?: string | null }): Article {
  const { text } = decodeBytes(readInputFile('extract', file), { kind: 'html', contentType: options.contentType ?? null });
  return extractArticle(text, { url: options.url });
}

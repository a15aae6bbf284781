import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FILE_NAME } from '../config/index.ts';
import { decodeBytes } from '../pipeline/encoding/index.ts';
import { extractArticle, type Article } from '../pipeline/extract/index.ts';
import { readInputFile } from './transform-files.ts';
import { readWorkspaceConfig } from './workspace.ts';

export interface ExtractFileOptions {
  url: string;
  contentType?: string | null;
  /** A workspace folder: when it holds a tidings.yaml, its `sites:` rules apply (before the built-in ones). */
  workspaceDir?: string;
}

/** `tidings extract FILE --url URL`: a saved article page (any encoding) → its article and metadata. */
export function extractArticleFile(file: string, options: ExtractFileOptions): Article {
  const { text } = decodeBytes(readInputFile('extract', file), { kind: 'html', contentType: options.contentType ?? null });
  // Outside a workspace the built-in rules alone apply; inside one, a bad tidings.yaml is reported as for any command.
  const inWorkspace = options.workspaceDir !== undefined && existsSync(join(options.workspaceDir, CONFIG_FILE_NAME));
  const siteRules = inWorkspace ? readWorkspaceConfig(options.workspaceDir!).sites : [];
  return extractArticle(text, { url: options.url, siteRules });
}

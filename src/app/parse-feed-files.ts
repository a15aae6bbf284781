import { readInputFile } from './transform-files.ts';
import { parseFeed, type ParseFeedOptions } from '../pipeline/feed/index.ts';
import type { Feed } from '../model/index.ts';

/** Reads one feed file from disk and parses it; a missing or unreadable file is an InputError naming it. */
export function parseFeedFile(file: string, options: Omit<ParseFeedOptions, 'name'> = {}): Feed {
  const bytes = readInputFile('parse', file);
  return parseFeed(bytes, { ...options, name: file });
}

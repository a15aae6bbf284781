import { readFileSync } from 'node:fs';
import { InputError } from '../errors.ts';
import { parseFeed, type ParseFeedOptions } from '../pipeline/feed/index.ts';
import type { Feed } from '../model/index.ts';

/** Reads one feed file from disk and parses it; a missing or unreadable file is an InputError naming it. */
export function parseFeedFile(file: string, options: Omit<ParseFeedOptions, 'name'> = {}): Feed {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new InputError('parse.read', `parse: cannot read ${file} (${reason})`, { hint: 'check the path', cause: error });
  }
  return parseFeed(bytes, { ...options, name: file });
}

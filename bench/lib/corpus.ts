/** Benchmark inputs: finding ../shared, generating (once) and loading feed corpora and the Readability pages. */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

/** One input file, read into memory so that disk I/O stays out of every timing. */
export interface LoadedFile {
  name: string;
  path: string;
  bytes: Buffer;
}

/** ../shared relative to the repository root, or null when it is not there. */
export function findSharedDir(repoRoot: string): string | null {
  const dir = resolve(repoRoot, '../shared');
  return existsSync(dir) && statSync(dir).isDirectory() ? dir : null;
}

export interface GeneratedCorpusOptions {
  sharedDir: string;
  outDir: string;
  items: number;
  feeds: number;
  seed: number;
  log: (message: string) => void;
}

export interface GeneratedCorpusResult {
  dir: string;
  /** The generator command, for the notes. */
  command: string;
  /** False when an earlier run's copy was reused. */
  generated: boolean;
}

/**
 * Makes bench/out/news-<feeds>x<items> with ../shared/tools/gen-news-corpus.mjs unless a
 * complete copy made with the same arguments is already there. The tool writes dupes.json
 * last, so a directory whose dupes.json names the same generator arguments is complete.
 * It writes into a temporary directory that is renamed when done, so an interrupted run
 * leaves nothing that looks complete. Throws with the tool's stderr when it fails.
 */
export function ensureGeneratedNewsCorpus(options: GeneratedCorpusOptions): GeneratedCorpusResult {
  const { sharedDir, outDir, items, feeds, seed, log } = options;
  const tool = join(sharedDir, 'tools', 'gen-news-corpus.mjs');
  const dir = join(outDir, `news-${feeds}x${items}` + (seed === 1 ? '' : `-seed${seed}`));
  const args = ['--items', String(items), '--feeds', String(feeds), '--seed', String(seed)];
  const command = `node ../shared/tools/gen-news-corpus.mjs ${args.join(' ')} --out ${relative(process.cwd(), dir)}`;
  if (isCompleteCorpus(dir, items, feeds, seed)) return { dir, command, generated: false };
  if (!existsSync(tool)) throw new Error(`${tool} is missing`);

  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  log(`generating ${items} items in ${feeds} feeds into ${dir} (once; reused on later runs)`);
  const result = spawnSync(process.execPath, [tool, ...args, '--out', tmp], { encoding: 'utf8' });
  if (result.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`gen-news-corpus failed (exit ${result.status}): ${(result.stderr || result.error?.message || '').trim()}`);
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return { dir, command, generated: true };
}

function isCompleteCorpus(dir: string, items: number, feeds: number, seed: number): boolean {
  const dupes = join(dir, 'dupes.json');
  if (!existsSync(dupes)) return false;
  try {
    const head = readFileSync(dupes, 'utf8').slice(0, 4096);
    const generator = /"generator"\s*:\s*(\{[^}]*\})/.exec(head);
    if (!generator) return false;
    const g = JSON.parse(generator[1]) as { items?: number; feeds?: number; seed?: number };
    if (g.items !== items || g.feeds !== feeds || g.seed !== seed) return false;
    return readdirSync(dir).filter((n) => n.endsWith('.xml')).length === feeds;
  } catch {
    return false;
  }
}

/** Every file in dir whose name passes the filter, sorted by name, read into memory. */
export function loadFiles(dir: string, accept: (name: string) => boolean): LoadedFile[] {
  return readdirSync(dir)
    .filter(accept)
    .sort()
    .map((name) => {
      const path = join(dir, name);
      return { name, path, bytes: readFileSync(path) };
    });
}

/** The encoding label in the XML declaration (`<?xml … encoding="gb2312"?>`), lower case, or null. */
export function declaredXmlEncoding(bytes: Uint8Array): string | null {
  // The declaration is ASCII in every encoding these corpora use, so latin1 reads it safely.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 200)).toString('latin1');
  const match = /^(?:\ufeff|\xef\xbb\xbf)?\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return match ? match[1].toLowerCase() : null;
}

/** The URL upstream Readability's tests give every page of ../shared/corpus/readability (its README). */
export const READABILITY_PAGE_URL = 'http://fakehost/test/page.html';

/** One page of ../shared/corpus/readability: its folder name and its source.html as text. */
export interface ReadabilityPage {
  name: string;
  html: string;
  /** Bytes of source.html on disk. */
  bytes: number;
}

/**
 * Every page's source.html under pagesDir (../shared/corpus/readability/pages), sorted by
 * name, read as UTF-8 and trimmed (which also drops the two byte-order marks), the way
 * src/pipeline/extract/extract.test.ts reads them.
 */
export function loadReadabilityPages(pagesDir: string): ReadabilityPage[] {
  return readdirSync(pagesDir)
    .sort()
    .map((name) => {
      const bytes = readFileSync(join(pagesDir, name, 'source.html'));
      return { name, html: bytes.toString('utf8').trim(), bytes: bytes.length };
    });
}

/**
 * The same pages, each read from disk when its `html` is asked for and dropped after: how a
 * mirror meets pages, one at a time, so a peak-RSS figure is the extractor's and not the
 * whole corpus held in memory (about 60 MB of strings). Reading from the page cache costs a
 * few milliseconds per pass.
 */
export function streamReadabilityPages(pagesDir: string): ReadabilityPage[] {
  return readdirSync(pagesDir)
    .sort()
    .map((name) => {
      const file = join(pagesDir, name, 'source.html');
      return {
        name,
        get html() {
          return readFileSync(file).toString('utf8').trim();
        },
        bytes: statSync(file).size,
      };
    });
}

/**
 * Parse throughput: Tidings' parseFeed against rss-parser, @rowanmanning/feed-parser and
 * feedsmith, on the same in-memory files, in one process, one parser after the other.
 *
 * Two data sets, measured separately:
 *   generated  bench/out/news-200x50000, made once by ../shared/tools/gen-news-corpus.mjs
 *              (RSS 2.0, UTF-8, CDATA descriptions)
 *   real       ../shared/corpus/news/feeds (UTF-8 RSS, GB18030 declared as gb2312, Big5, Atom)
 *
 * Per data set: each parser first warms up on the leading files (up to WARM_UP_BYTES);
 * then N timed rounds, each running every parser once over every file, in the same order,
 * with a full garbage collection before each parser's pass. Interleaving the rounds spreads
 * load from other processes on the machine over all parsers instead of one. The fastest
 * pass gives MB/s (input file bytes, 10^6 per MB) and items/s: the machine is shared, and
 * other processes only ever add time. The median is reported beside it. Items and
 * failures are counted in the first round.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import RssParser from 'rss-parser';
import { parseFeed as parseWithFeedParser } from '@rowanmanning/feed-parser';
import { parseFeed as parseWithFeedsmith } from 'feedsmith';
import iconv from 'iconv-lite';
import { declaredXmlEncoding, ensureGeneratedNewsCorpus, findSharedDir, loadFiles, type LoadedFile } from './lib/corpus.ts';
import { collectGarbage, median, megabytesPerSecond, nowMs, perSecond } from './lib/timing.ts';
import type { BenchContext, BenchReport, Benchmark, Table } from './lib/types.ts';

const GENERATED = { items: 50_000, feeds: 200, seed: 1 };
const DEFAULT_PASSES = 3;
/** Enough for the JIT to settle; the whole 100 MB set would cost a fifth of the run for nothing. */
const WARM_UP_BYTES = 20e6;

/** A file as each side receives it: Tidings the raw bytes, the peers decoded text. */
interface PreparedFile {
  name: string;
  bytes: Buffer;
  text: string;
  /** The encoding the peers' text was decoded from. */
  peerEncoding: string;
}

interface Contender {
  /** Row label. */
  name: string;
  version: string;
  input: 'bytes' | 'text';
  /** True for Tidings itself: excluded when looking for the fastest peer. */
  isTidings: boolean;
  /** Parses one file completely and returns how many items it found. */
  parse: (file: PreparedFile) => number | Promise<number>;
}

interface FileFailure {
  file: string;
  message: string;
}

export interface ParseMeasurement {
  parser: string;
  version: string;
  input: 'bytes' | 'text';
  isTidings: boolean;
  /** Null when the parser could not be loaded at all. */
  unavailable: string | null;
  passesMs: number[];
  medianMs: number | null;
  bestMs: number | null;
  mbPerSecond: number | null;
  itemsPerSecond: number | null;
  items: number;
  failedFiles: number;
  failures: FileFailure[];
  /** This parser's MB/s (best pass) divided by the fastest peer's; > 1 is faster. */
  ratioToFastestPeer: number | null;
}

export interface DataSetResult {
  id: string;
  title: string;
  files: number;
  bytes: number;
  expectedItems: number | null;
  /** U+FFFD that decoding put into the peers' text, per file that has any (should stay empty). */
  replacementChars: Record<string, number>;
  fastestPeer: string | null;
  /** What decoding the peers' text took, once, outside their timings (ms). */
  peerDecodeMs: number;
  /** 1-minute load average before and after, to judge how busy the machine was. */
  loadAverage: { before: number; after: number };
  measurements: ParseMeasurement[];
}

export const benchmark: Benchmark = {
  name: 'parse',
  description: 'feed parsing throughput: Tidings vs rss-parser, @rowanmanning/feed-parser, feedsmith',
  run: runParseBenchmark,
};

/** Runs the parse benchmark on both data sets and returns its tables. */
export async function runParseBenchmark(context: BenchContext): Promise<BenchReport> {
  const { repoRoot, outDir, log } = context;
  const passes = context.passes ?? DEFAULT_PASSES;
  const sharedDir = findSharedDir(repoRoot);
  if (!sharedDir) {
    return skipped(`../shared is missing (looked for ${join(repoRoot, '..', 'shared')}); it holds the corpus and its generator`);
  }
  const realDir = join(sharedDir, 'corpus', 'news', 'feeds');
  if (!existsSync(realDir)) return skipped(`${realDir} is missing`);
  let generated;
  try {
    generated = ensureGeneratedNewsCorpus({ sharedDir, outDir, ...GENERATED, log });
  } catch (error) {
    return skipped(`could not generate the corpus: ${(error as Error).message}`);
  }

  const contenders = await loadContenders(log);
  const dataSets = [
    {
      id: 'generated',
      title: `generated: ${GENERATED.feeds} RSS 2.0 feeds, ${GENERATED.items.toLocaleString('en-US')} items, UTF-8`,
      files: loadFiles(generated.dir, (n) => n.endsWith('.xml')),
      expectedItems: GENERATED.items,
    },
    {
      id: 'real',
      title: 'real: ../shared/corpus/news/feeds (UTF-8, GB18030, Big5, Atom)',
      files: loadFiles(realDir, (n) => n.endsWith('.xml') || n.endsWith('.json')),
      expectedItems: countIndexedItems(join(sharedDir, 'corpus', 'news', 'index.json')),
    },
  ];

  const results: DataSetResult[] = [];
  for (const set of dataSets) {
    const decodeStart = nowMs();
    const prepared = set.files.map(prepareFile);
    const peerDecodeMs = nowMs() - decodeStart;
    const bytes = prepared.reduce((sum, f) => sum + f.bytes.length, 0);
    log(`parse/${set.id}: ${prepared.length} files, ${(bytes / 1e6).toFixed(1)} MB, ${passes} timed rounds`);
    const loadBefore = loadavg()[0];
    const measurements = await measureAll(contenders, prepared, bytes, passes, log);
    const loadAfter = loadavg()[0];
    const fastestPeer = addRatios(measurements);
    const replacementChars: Record<string, number> = {};
    for (const f of prepared) {
      const count = countReplacementCharsAddedByDecoding(f);
      if (count > 0) replacementChars[f.name] = count;
    }
    results.push({
      id: set.id,
      title: set.title,
      files: prepared.length,
      bytes,
      expectedItems: set.expectedItems,
      replacementChars,
      fastestPeer,
      peerDecodeMs: round1(peerDecodeMs),
      loadAverage: { before: round1(loadBefore), after: round1(loadAfter) },
      measurements,
    });
  }

  return {
    name: 'parse',
    skipped: null,
    tables: results.map((r) => toTable(r, passes)),
    notes: notesFor(results, passes, generated.command),
    data: { passes, generatorCommand: generated.command, dataSets: results },
  };
}

function skipped(reason: string): BenchReport {
  return { name: 'parse', skipped: reason, tables: [], notes: [], data: { skipped: reason } };
}

// ---------------------------------------------------------------- contenders

type MaybeContender = Contender | { name: string; unavailable: string };

const require = createRequire(import.meta.url);

function versionOf(pkg: string): string {
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return '?';
  }
}

async function loadContenders(log: (message: string) => void): Promise<MaybeContender[]> {
  const contenders: MaybeContender[] = [];
  try {
    // Imported here, not at the top, so that a Tidings parser that does not load yet
    // leaves the peers' figures standing instead of failing the whole benchmark.
    const tidings = await import('../src/pipeline/feed/index.ts');
    const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    contenders.push({
      name: 'tidings',
      version,
      input: 'bytes',
      isTidings: true,
      parse: (file) => tidings.parseFeed(file.bytes, { name: file.name }).items.length,
    });
    // The same parser handed the peers' decoded text: the difference to the row above is
    // what decoding costs Tidings, and this row is the like-for-like comparison.
    contenders.push({
      name: 'tidings',
      version,
      input: 'text',
      isTidings: true,
      parse: (file) => tidings.parseFeed(file.text, { name: file.name }).items.length,
    });
  } catch (error) {
    const reason = `Tidings' parseFeed could not be loaded: ${firstLine(error)}`;
    log(`parse: ${reason}`);
    contenders.push({ name: 'tidings', unavailable: reason });
  }

  const rssParser = new RssParser();
  contenders.push({
    name: 'rss-parser',
    version: versionOf('rss-parser'),
    input: 'text',
    isTidings: false,
    parse: async (file) => (await rssParser.parseString(file.text)).items.length,
  });
  contenders.push({
    name: '@rowanmanning/feed-parser',
    version: versionOf('@rowanmanning/feed-parser'),
    input: 'text',
    isTidings: false,
    // Its feed object is lazy: every field is a getter over the XML tree. toJSON() reads
    // every field once, which is the work the other parsers do up front.
    parse: (file) => parseWithFeedParser(file.text).toJSON().items.length,
  });
  contenders.push({
    name: 'feedsmith',
    version: versionOf('feedsmith'),
    input: 'text',
    isTidings: false,
    parse: (file) => {
      const { feed } = parseWithFeedsmith(file.text);
      const items = (feed as { items?: unknown[]; entries?: unknown[] }).items ?? (feed as { entries?: unknown[] }).entries;
      return items?.length ?? 0;
    },
  });
  return contenders;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].slice(0, 300);
}

// ---------------------------------------------------------------- inputs

/**
 * Decodes the text the peers get, outside every timed region. They take strings only, and
 * a caller would hand them correctly decoded text: UTF-8 for most files; the encoding the
 * XML declaration names otherwise, decoded with iconv-lite. `gb2312` is read as GB18030,
 * its superset: the real "gb2312" feed holds GBK and 4-byte GB18030 sequences (see
 * ../shared/corpus/news/README.md). Tidings gets the bytes and decodes them on its own time.
 */
function prepareFile(file: LoadedFile): PreparedFile {
  const declared = declaredXmlEncoding(file.bytes);
  let peerEncoding = declared === null || declared === 'utf-8' || declared === 'utf8' ? 'utf-8' : declared;
  if (peerEncoding === 'gb2312' || peerEncoding === 'gbk' || peerEncoding === 'x-gbk') peerEncoding = 'gb18030';
  let text = peerEncoding === 'utf-8' ? file.bytes.toString('utf8') : iconv.decode(file.bytes, peerEncoding);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { name: file.name, bytes: file.bytes, text, peerEncoding };
}

/** U+FFFD in the peers' text that the file did not already hold (some real feeds do, as EF BF BD). */
function countReplacementCharsAddedByDecoding(file: PreparedFile): number {
  let inText = 0;
  for (let i = file.text.indexOf('\ufffd'); i !== -1; i = file.text.indexOf('\ufffd', i + 1)) inText++;
  if (file.peerEncoding !== 'utf-8') return inText;
  const encoded = Buffer.from([0xef, 0xbf, 0xbd]);
  let inBytes = 0;
  for (let i = file.bytes.indexOf(encoded); i !== -1; i = file.bytes.indexOf(encoded, i + 3)) inBytes++;
  return inText - inBytes;
}

function countIndexedItems(indexPath: string): number | null {
  try {
    const index = JSON.parse(readFileSync(indexPath, 'utf8')) as unknown;
    return Array.isArray(index) ? index.length : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- measuring

interface PassResult {
  ms: number;
  items: number;
  failures: FileFailure[];
}

/** One pass over the files, in order; a file the parser throws on counts as failed. */
async function runPass(contender: Contender, files: readonly PreparedFile[]): Promise<PassResult> {
  let items = 0;
  const failures: FileFailure[] = [];
  const start = nowMs();
  for (const file of files) {
    try {
      const found = contender.parse(file);
      items += typeof found === 'number' ? found : await found;
    } catch (error) {
      failures.push({ file: file.name, message: firstLine(error) });
    }
  }
  return { ms: nowMs() - start, items, failures };
}

/** The leading files up to WARM_UP_BYTES (at least one). */
function warmUpFiles(files: readonly PreparedFile[]): PreparedFile[] {
  const chosen: PreparedFile[] = [];
  let bytes = 0;
  for (const file of files) {
    if (chosen.length > 0 && bytes >= WARM_UP_BYTES) break;
    chosen.push(file);
    bytes += file.bytes.length;
  }
  return chosen;
}

async function measureAll(
  contenders: readonly MaybeContender[],
  files: readonly PreparedFile[],
  bytes: number,
  passes: number,
  log: (message: string) => void,
): Promise<ParseMeasurement[]> {
  const runnable = contenders.filter((c): c is Contender => !('unavailable' in c));
  const warmUp = warmUpFiles(files);
  for (const contender of runnable) {
    collectGarbage();
    await runPass(contender, warmUp);
  }
  const rounds = new Map<Contender, PassResult[]>(runnable.map((c) => [c, []]));
  for (let round = 1; round <= passes; round++) {
    const line: string[] = [];
    for (const contender of runnable) {
      collectGarbage();
      const pass = await runPass(contender, files);
      rounds.get(contender)?.push(pass);
      line.push(`${label(contender)} ${(pass.ms / 1000).toFixed(2)} s`);
    }
    log(`  round ${round}/${passes}: ${line.join(', ')}`);
  }
  return contenders.map((contender) => {
    if ('unavailable' in contender) return unavailableMeasurement(contender.name, contender.unavailable);
    const results = rounds.get(contender) ?? [];
    const passesMs = results.map((r) => r.ms);
    const medianMs = median(passesMs);
    const bestMs = Math.min(...passesMs);
    const first = results[0];
    return {
      parser: contender.name,
      version: contender.version,
      input: contender.input,
      isTidings: contender.isTidings,
      unavailable: null,
      passesMs: passesMs.map(round1),
      medianMs: round1(medianMs),
      bestMs: round1(bestMs),
      mbPerSecond: megabytesPerSecond(bytes, bestMs),
      itemsPerSecond: perSecond(first.items, bestMs),
      items: first.items,
      failedFiles: first.failures.length,
      failures: first.failures,
      ratioToFastestPeer: null,
    };
  });
}

function label(contender: Contender): string {
  return contender.isTidings ? `${contender.name} (${contender.input})` : contender.name;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function unavailableMeasurement(parser: string, reason: string): ParseMeasurement {
  return {
    parser,
    version: '?',
    input: 'bytes',
    isTidings: parser === 'tidings',
    unavailable: reason,
    passesMs: [],
    medianMs: null,
    bestMs: null,
    mbPerSecond: null,
    itemsPerSecond: null,
    items: 0,
    failedFiles: 0,
    failures: [],
    ratioToFastestPeer: null,
  };
}

/** Fills in ratioToFastestPeer (by MB/s, i.e. by time on the same bytes); returns the fastest peer's name. */
function addRatios(measurements: ParseMeasurement[]): string | null {
  const peers = measurements.filter((m) => !m.isTidings && m.mbPerSecond !== null);
  if (peers.length === 0) return null;
  const fastest = peers.reduce((a, b) => ((b.mbPerSecond ?? 0) > (a.mbPerSecond ?? 0) ? b : a));
  for (const m of measurements) {
    if (m.mbPerSecond !== null) m.ratioToFastestPeer = m.mbPerSecond / (fastest.mbPerSecond ?? 1);
  }
  return fastest.parser;
}

// ---------------------------------------------------------------- report

function toTable(result: DataSetResult, passes: number): Table {
  const expected = result.expectedItems === null ? '' : `, ${result.expectedItems.toLocaleString('en-US')} items expected`;
  return {
    title: `Parse — ${result.title} (${result.files} files, ${(result.bytes / 1e6).toFixed(1)} MB${expected}; best of ${passes} rounds)`,
    columns: [
      { key: 'parser', title: 'parser' },
      { key: 'input', title: 'input' },
      { key: 'mbs', title: 'MB/s', digits: 1 },
      { key: 'itemss', title: 'items/s', digits: 0 },
      { key: 'ratio', title: '× fastest peer', digits: 2 },
      { key: 'items', title: 'items found' },
      { key: 'failed', title: 'failed files' },
      { key: 'best', title: 'best s', digits: 2 },
      { key: 'median', title: 'median s', digits: 2 },
    ],
    rows: result.measurements.map((m) => ({
      parser: `${m.parser} ${m.version}${m.parser === result.fastestPeer ? ' (fastest peer)' : ''}`,
      input: m.unavailable ? 'unavailable' : m.input,
      mbs: m.mbPerSecond,
      itemss: m.itemsPerSecond,
      ratio: m.ratioToFastestPeer,
      items: m.unavailable ? null : m.items,
      failed: m.unavailable ? null : m.failedFiles,
      best: m.bestMs === null ? null : m.bestMs / 1000,
      median: m.medianMs === null ? null : m.medianMs / 1000,
    })),
  };
}

function notesFor(results: DataSetResult[], passes: number, generatorCommand: string): string[] {
  const notes = [
    `Corpus: ${generatorCommand} (made once, reused from bench/out).`,
    `Method: files read into memory first; each parser warms up on the first ${WARM_UP_BYTES / 1e6} MB, then ${passes} interleaved rounds of one full pass per parser (GC before each pass); MB/s and items/s from the fastest pass (other processes on a shared machine only add time), median beside it. MB = 10^6 input bytes.`,
    'Tidings (bytes) decodes inside the timed region; the peers, and Tidings (text), get text decoded beforehand, outside it (UTF-8, or iconv-lite with the declared encoding, gb2312 read as GB18030).',
    'rss-parser is async (parseString awaited per file); @rowanmanning/feed-parser is lazy, so its toJSON() is called to read every field.',
    'Tidings also sanitizes every item\'s HTML and derives ids; the peers return the HTML as found.',
  ];
  for (const r of results) {
    notes.push(
      `${r.id}: decoding the peers' text took ${(r.peerDecodeMs / 1000).toFixed(2)} s (once, cold; not in their figures); load average ${r.loadAverage.before} before, ${r.loadAverage.after} after, on ${availableParallelism()} cores.`,
    );
    for (const m of r.measurements) {
      if (m.unavailable) notes.push(`${r.id}: ${m.parser} not measured: ${m.unavailable}`);
      else if (m.failedFiles > 0) {
        const sample = m.failures.slice(0, 3).map((f) => `${f.file}: ${f.message}`).join('; ');
        notes.push(`${r.id}: ${m.parser} failed on ${m.failedFiles} file(s): ${sample}`);
      }
    }
    const bad = Object.entries(r.replacementChars);
    if (bad.length > 0) notes.push(`${r.id}: decoding put U+FFFD into the peers' text of ${bad.map(([f, n]) => `${f} (${n})`).join(', ')}`);
  }
  return notes;
}

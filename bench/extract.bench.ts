/**
 * Article extraction over ../shared/corpus/readability (130 pages, source.html each, all given
 * the corpus' fixed URL): three ways of getting the article out of a page, side by side.
 *
 *   tidings     extractArticle (src/pipeline/extract): Readability 0.6 over linkedom, plus
 *               metadata and sanitizing — the product
 *   linkedom    parseHTML(html) from linkedom, new Readability(document).parse() — the engine alone
 *   jsdom       new JSDOM(html, { url }), new Readability(dom.window.document).parse(),
 *               dom.window.close() — THE PEER
 *
 * Each variant runs in its own child process (this file, started with --worker <variant>), so
 * that its peak RSS is its own: the child's process.resourceUsage().maxRSS at exit, as
 * bench/lib/measure-child.ts reports it. In the child each page is read from disk when it is extracted;
 * the variant warms up on the leading pages (up to WARM_UP_BYTES of source), then makes its
 * timed passes over all 130 pages, with a full GC before each. pages/s comes from the fastest
 * pass, the median beside it. jsdom makes one timed pass (about 100 s on a slow machine);
 * the others make --passes of them (default 3). Target: Tidings ≥ 5× the jsdom peer's pages/s,
 * with peak RSS under 300 MB.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findSharedDir, loadReadabilityPages, READABILITY_PAGE_URL, streamReadabilityPages, type ReadabilityPage } from './lib/corpus.ts';
import { maxPeakRssGapMb, runMeasured } from './lib/measure-child.ts';
import { collectGarbage, median, nowMs, perSecond } from './lib/timing.ts';
import type { BenchContext, BenchReport, Benchmark, Table } from './lib/types.ts';

const TARGET = { ratioToPeer: 5, peakRssMb: 300 };
const DEFAULT_PASSES = 3;
/** jsdom's passes whatever --passes says: one takes 40–100 s. */
const PEER_PASSES = 1;
/** About the first 17 pages: enough for the JIT, a few seconds even for jsdom. */
const WARM_UP_BYTES = 2e6;
const MB = 1e6;
const SELF = fileURLToPath(import.meta.url);

type VariantId = 'tidings' | 'linkedom' | 'jsdom';

interface Variant {
  id: VariantId;
  /** Row label, without versions. */
  label: string;
  /** Packages whose versions go into the row label. */
  packages: string[];
  isPeer: boolean;
}

const VARIANTS: readonly Variant[] = [
  { id: 'tidings', label: 'tidings extractArticle', packages: ['@mozilla/readability', 'linkedom'], isPeer: false },
  { id: 'linkedom', label: 'Readability on linkedom', packages: ['@mozilla/readability', 'linkedom'], isPeer: false },
  { id: 'jsdom', label: 'Readability on jsdom', packages: ['@mozilla/readability', 'jsdom'], isPeer: true },
];

/** What a worker prints, as one JSON line, on stdout. */
interface WorkerResult {
  pages: number;
  bytes: number;
  warmUpPages: number;
  passesMs: number[];
  /** The three slowest pages of the fastest pass. */
  slowest: { page: string; ms: number }[];
  /** Pages that gave no article content (null result or empty content), in the first timed pass. */
  noArticle: string[];
  /** Pages the variant threw on, in the first timed pass. */
  errors: { page: string; message: string }[];
}

export interface ExtractMeasurement {
  variant: VariantId;
  label: string;
  isPeer: boolean;
  /** Why there are no figures (the child failed), else null. */
  unavailable: string | null;
  passes: number;
  passesMs: number[];
  bestMs: number | null;
  medianMs: number | null;
  pagesPerSecond: number | null;
  /** pages/s ÷ the jsdom peer's pages/s; > 1 is faster. */
  ratioToPeer: number | null;
  peakRssBytes: number | null;
  polledHwmBytes: number | null;
  /** The whole child: start-up, reading the pages, warm-up and every pass. */
  childWallMs: number;
  childCpuMs: number | null;
  warmUpPages: number;
  slowest: WorkerResult['slowest'];
  noArticle: string[];
  errors: WorkerResult['errors'];
  loadAverage: { before: number; after: number };
}

export const benchmark: Benchmark = {
  name: 'extract',
  description: 'article extraction over the Readability corpus: Tidings vs Readability on linkedom and on jsdom (the peer)',
  run: runExtractBenchmark,
};

/** Runs every variant in its own child process over the corpus and returns the table. */
export async function runExtractBenchmark(context: BenchContext): Promise<BenchReport> {
  const { repoRoot, log } = context;
  const passes = context.passes ?? DEFAULT_PASSES;
  const sharedDir = findSharedDir(repoRoot);
  if (!sharedDir) return skipped(`../shared is missing (looked for ${join(repoRoot, '..', 'shared')}); it holds the Readability corpus`);
  const pagesDir = join(sharedDir, 'corpus', 'readability', 'pages');
  if (!existsSync(pagesDir)) return skipped(`${pagesDir} is missing`);
  const pages = loadReadabilityPages(pagesDir);
  const bytes = pages.reduce((sum, p) => sum + p.bytes, 0);

  log(`extract: baseline child (reads the pages, extracts nothing)…`);
  const baseline = await runWorker(repoRoot, 'baseline', pagesDir, 0);
  const measurements: ExtractMeasurement[] = [];
  for (const variant of VARIANTS) {
    const variantPasses = variant.isPeer ? PEER_PASSES : passes;
    log(`extract: ${variant.id}, ${pages.length} pages, ${variantPasses} timed pass(es) in a child process…`);
    const loadBefore = loadavg()[0];
    const run = await runWorker(repoRoot, variant.id, pagesDir, variantPasses);
    const loadAfter = loadavg()[0];
    const m = measure(variant, versionLabel(repoRoot, variant), variantPasses, run, { before: loadBefore, after: loadAfter });
    log(
      m.unavailable
        ? `extract: ${variant.id} failed: ${m.unavailable}`
        : `extract: ${variant.id}: passes ${m.passesMs.map((ms) => (ms / 1000).toFixed(2)).join(', ')} s, peak RSS ${((m.peakRssBytes ?? 0) / MB).toFixed(0)} MB`,
    );
    measurements.push(m);
  }
  const peer = measurements.find((m) => m.isPeer && m.pagesPerSecond !== null);
  for (const m of measurements) {
    if (peer && m.pagesPerSecond !== null) m.ratioToPeer = m.pagesPerSecond / peer.pagesPerSecond!;
  }

  const tidings = measurements.find((m) => m.variant === 'tidings')!;
  const verdict = {
    ratioToPeer: tidings.ratioToPeer,
    peakRssMb: tidings.peakRssBytes === null ? null : tidings.peakRssBytes / MB,
    ratioMet: tidings.ratioToPeer !== null && tidings.ratioToPeer >= TARGET.ratioToPeer,
    peakRssMet: tidings.peakRssBytes !== null && tidings.peakRssBytes / MB < TARGET.peakRssMb,
  };
  const baselineRssBytes = baseline.run.code === 0 ? baseline.run.peakRssBytes : null;
  return {
    name: 'extract',
    skipped: null,
    tables: [toTable(measurements, pages.length, bytes, passes)],
    notes: notesFor(measurements, verdict, baselineRssBytes, passes),
    data: { passes, peerPasses: PEER_PASSES, warmUpBytes: WARM_UP_BYTES, corpus: { dir: pagesDir, pages: pages.length, bytes, url: READABILITY_PAGE_URL }, target: TARGET, verdict, baselinePeakRssBytes: baselineRssBytes, measurements },
  };
}

function skipped(reason: string): BenchReport {
  return { name: 'extract', skipped: reason, tables: [], notes: [], data: { skipped: reason } };
}

function versionLabel(repoRoot: string, variant: Variant): string {
  const versions = variant.packages.map((pkg) => {
    try {
      const { version } = JSON.parse(readFileSync(join(repoRoot, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string };
      return `${pkg.replace(/^@mozilla\//, '')} ${version}`;
    } catch {
      return `${pkg} ?`;
    }
  });
  return `${variant.label} (${versions.join(', ')})${variant.isPeer ? ' — the peer' : ''}`;
}

// ---------------------------------------------------------------- parent side

async function runWorker(repoRoot: string, variant: VariantId | 'baseline', pagesDir: string, passes: number) {
  const run = await runMeasured(SELF, ['--worker', variant, '--pages', pagesDir, '--passes', String(passes)], {
    nodeOptions: ['--import', 'tsx', '--expose-gc'],
    cwd: repoRoot,
  });
  let result: WorkerResult | null = null;
  if (run.code === 0) {
    const last = run.stdout.trim().split('\n').at(-1) ?? '';
    try {
      result = JSON.parse(last) as WorkerResult;
    } catch {
      result = null;
    }
  }
  return { run, result };
}

function measure(
  variant: Variant,
  label: string,
  passes: number,
  { run, result }: Awaited<ReturnType<typeof runWorker>>,
  loadAverage: { before: number; after: number },
): ExtractMeasurement {
  const common = {
    variant: variant.id,
    label,
    isPeer: variant.isPeer,
    passes,
    ratioToPeer: null,
    peakRssBytes: run.peakRssBytes,
    polledHwmBytes: run.polledHwmBytes,
    childWallMs: round1(run.wallMs),
    childCpuMs: run.cpuMs,
    loadAverage: { before: round1(loadAverage.before), after: round1(loadAverage.after) },
  };
  if (result === null) {
    const reason = `child exited with ${run.code ?? run.signal}: ${run.stderr.trim().split('\n').at(-1)?.slice(0, 300) ?? ''}`;
    return { ...common, unavailable: reason, passesMs: [], bestMs: null, medianMs: null, pagesPerSecond: null, warmUpPages: 0, slowest: [], noArticle: [], errors: [] };
  }
  const bestMs = Math.min(...result.passesMs);
  return {
    ...common,
    unavailable: null,
    passesMs: result.passesMs.map(round1),
    bestMs: round1(bestMs),
    medianMs: round1(median(result.passesMs)),
    pagesPerSecond: perSecond(result.pages, bestMs),
    warmUpPages: result.warmUpPages,
    slowest: result.slowest,
    noArticle: result.noArticle,
    errors: result.errors,
  };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

// ---------------------------------------------------------------- report

function toTable(measurements: ExtractMeasurement[], pages: number, bytes: number, passes: number): Table {
  return {
    title: `Extract — ../shared/corpus/readability: ${pages} pages, ${(bytes / MB).toFixed(1)} MB of source.html (best of ${passes} passes, jsdom ${PEER_PASSES}; each variant in its own process)`,
    columns: [
      { key: 'variant', title: 'variant' },
      { key: 'passes', title: 'passes' },
      { key: 'pagess', title: 'pages/s', digits: 1 },
      { key: 'best', title: 'best s', digits: 2 },
      { key: 'median', title: 'median s', digits: 2 },
      { key: 'ratio', title: '× jsdom', digits: 2 },
      { key: 'rss', title: 'peak RSS MB', digits: 0 },
      { key: 'noArticle', title: 'no article' },
      { key: 'errors', title: 'errors' },
    ],
    rows: measurements.map((m) => ({
      variant: m.label,
      passes: m.unavailable ? 'failed' : m.passes,
      pagess: m.pagesPerSecond,
      best: m.bestMs === null ? null : m.bestMs / 1000,
      median: m.medianMs === null ? null : m.medianMs / 1000,
      ratio: m.ratioToPeer,
      rss: m.unavailable || m.peakRssBytes === null ? null : m.peakRssBytes / MB,
      noArticle: m.unavailable ? null : m.noArticle.length,
      errors: m.unavailable ? null : m.errors.length,
    })),
  };
}

function notesFor(
  measurements: ExtractMeasurement[],
  verdict: { ratioToPeer: number | null; peakRssMb: number | null; ratioMet: boolean; peakRssMet: boolean },
  baselineRssBytes: number | null,
  passes: number,
): string[] {
  const met = verdict.ratioMet && verdict.peakRssMet;
  const ratio = verdict.ratioToPeer === null ? '?' : `${verdict.ratioToPeer.toFixed(2)}×`;
  const rss = verdict.peakRssMb === null ? '?' : `${verdict.peakRssMb.toFixed(0)} MB`;
  const warmUp = measurements.find((m) => !m.unavailable)?.warmUpPages ?? 0;
  const notes = [
    `Target (Tidings ≥ ${TARGET.ratioToPeer}× the jsdom peer's pages/s, peak RSS < ${TARGET.peakRssMb} MB): ${met ? 'met' : 'MISSED'} — ${ratio} (${verdict.ratioMet ? 'met' : 'missed'}), peak RSS ${rss} (${verdict.peakRssMet ? 'met' : 'missed'}).`,
    `Method: one child process per variant (node --import tsx --expose-gc bench/extract.bench.ts --worker <variant>); it reads each page from disk when it extracts it, as a mirror meets pages one at a time (each given the URL ${READABILITY_PAGE_URL}), warms up on the first ${warmUp} pages (${WARM_UP_BYTES / MB} MB of source), then makes its timed passes over every page with a full GC before each: ${passes} for tidings and linkedom (--passes), ${PEER_PASSES} for jsdom. pages/s from the fastest pass; "best s" is that pass's total.`,
    `Peak RSS: the child's process.resourceUsage().maxRSS at exit (all its passes and the warm-up), MB = 10^6 bytes; /proc VmHWM polled every 50 ms agrees within ${maxPeakRssGapMb(measurements)} MB. tsx's esbuild helper process is not counted. A child that reads every page and extracts nothing peaks at ${baselineRssBytes === null ? '?' : (baselineRssBytes / MB).toFixed(0)} MB.`,
    'Work done: tidings also reads metadata from the untouched DOM, removes comments, resolves URLs and sanitizes the content; the two Readability rows are the bare engine with its defaults (linkedom documents have no documentURI, so Readability leaves relative links alone there). jsdom gets a silent VirtualConsole (its "Could not parse CSS stylesheet" messages would otherwise go to stderr).',
  ];
  for (const m of measurements) {
    if (m.unavailable) {
      notes.push(`${m.variant}: not measured: ${m.unavailable}`);
      continue;
    }
    const slow = m.slowest.map((s) => `${s.page} ${(s.ms / 1000).toFixed(2)} s`).join(', ');
    notes.push(
      `${m.variant}: passes ${m.passesMs.map((ms) => (ms / 1000).toFixed(2)).join(', ')} s; child ${(m.childWallMs / 1000).toFixed(1)} s wall, ${((m.childCpuMs ?? 0) / 1000).toFixed(1)} s CPU; slowest pages ${slow}; load average ${m.loadAverage.before} before, ${m.loadAverage.after} after, on ${availableParallelism()} cores.`,
    );
    if (m.noArticle.length > 0) notes.push(`${m.variant}: no article content on ${m.noArticle.join(', ')}.`);
    if (m.errors.length > 0) notes.push(`${m.variant}: threw on ${m.errors.slice(0, 3).map((e) => `${e.page}: ${e.message}`).join('; ')}.`);
  }
  return notes;
}

// ---------------------------------------------------------------- child side

/** Extracts one page; true when it gave article content. */
type Extract = (page: ReadabilityPage) => boolean;

/** The bits of jsdom used here; typed locally, see loadExtractor. */
interface JsdomModule {
  JSDOM: new (html: string, options: { url: string; virtualConsole: unknown }) => { window: { document: unknown; close(): void } };
  VirtualConsole: new () => unknown;
}

/** Imports only the chosen variant's modules, so that each child's memory is its own. */
async function loadExtractor(variant: VariantId): Promise<Extract> {
  const hasContent = (content: string | null | undefined): boolean => typeof content === 'string' && content.trim() !== '';
  if (variant === 'tidings') {
    const { extractArticle } = await import('../src/pipeline/extract/index.ts');
    return (page) => hasContent(extractArticle(page.html, { url: READABILITY_PAGE_URL }).content);
  }
  const { Readability } = await import('@mozilla/readability');
  type ReadabilityDocument = ConstructorParameters<typeof Readability>[0];
  if (variant === 'linkedom') {
    const { parseHTML } = await import('linkedom');
    return (page) => {
      const { document } = parseHTML(page.html);
      return hasContent(new Readability(document as unknown as ReadabilityDocument).parse()?.content);
    };
  }
  // Through a variable, so that tsc does not load @types/jsdom: it pulls the DOM lib into the
  // whole program, and src/ is meant to compile without it.
  const jsdomSpecifier = 'jsdom';
  const { JSDOM, VirtualConsole } = (await import(jsdomSpecifier)) as JsdomModule;
  return (page) => {
    const dom = new JSDOM(page.html, { url: READABILITY_PAGE_URL, virtualConsole: new VirtualConsole() });
    try {
      return hasContent(new Readability(dom.window.document as ReadabilityDocument).parse()?.content);
    } finally {
      dom.window.close();
    }
  };
}

interface PassOutcome {
  ms: number;
  pageMs: number[];
  noArticle: string[];
  errors: { page: string; message: string }[];
}

function runPass(extract: Extract, pages: readonly ReadabilityPage[]): PassOutcome {
  const pageMs: number[] = [];
  const noArticle: string[] = [];
  const errors: PassOutcome['errors'] = [];
  const start = nowMs();
  for (const page of pages) {
    const pageStart = nowMs();
    try {
      if (!extract(page)) noArticle.push(page.name);
    } catch (error) {
      errors.push({ page: page.name, message: (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 200) });
    }
    pageMs.push(nowMs() - pageStart);
  }
  return { ms: nowMs() - start, pageMs, noArticle, errors };
}

/** `--worker <variant|baseline> --pages <dir> --passes <n>`: measures one variant, prints a WorkerResult line. */
async function workerMain(argv: string[]): Promise<void> {
  const option = (name: string): string => {
    const value = argv[argv.indexOf(name) + 1];
    if (!argv.includes(name) || value === undefined) throw new Error(`extract worker: ${name} is required`);
    return value;
  };
  const variant = option('--worker') as VariantId | 'baseline';
  const passes = Number(option('--passes'));
  const pages = streamReadabilityPages(option('--pages'));
  const bytes = pages.reduce((sum, p) => sum + p.bytes, 0);
  const result: WorkerResult = { pages: pages.length, bytes, warmUpPages: 0, passesMs: [], slowest: [], noArticle: [], errors: [] };
  // The baseline reads every page once, as the variants do, and extracts nothing.
  if (variant === 'baseline') for (const page of pages) void page.html.length;
  if (variant !== 'baseline') {
    const extract = await loadExtractor(variant);
    let warmUpBytes = 0;
    for (const page of pages) {
      if (warmUpBytes >= WARM_UP_BYTES) break;
      runPass(extract, [page]);
      warmUpBytes += page.bytes;
      result.warmUpPages++;
    }
    let best: PassOutcome | null = null;
    for (let pass = 0; pass < passes; pass++) {
      collectGarbage();
      const outcome = runPass(extract, pages);
      result.passesMs.push(outcome.ms);
      if (pass === 0) {
        result.noArticle = outcome.noArticle;
        result.errors = outcome.errors;
      }
      if (best === null || outcome.ms < best.ms) best = outcome;
    }
    result.slowest = (best?.pageMs ?? [])
      .map((ms, i) => ({ page: pages[i]!.name, ms: round1(ms) }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 3);
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === SELF) {
  await workerMain(process.argv.slice(2));
}

/**
 * End-to-end ingest: `tidings fetch` of 200 generated feeds (100,000 items) from a loopback
 * server into a fresh workspace, then a second fetch of the same, unchanged feeds.
 *
 *   corpus     bench/out/news-200x100000, made once by ../shared/tools/gen-news-corpus.mjs
 *   server     test/helpers/fixture-server.ts in this process, serving the corpus folder from
 *              disk with ETag / Last-Modified, so the second fetch gets 304 Not Modified
 *   workspace  a fresh one per pass in the system temp folder: `tidings init`, `tidings add`
 *              with the 200 URLs (neither timed), removed afterwards; media.archive is off
 *              (the corpus' images are on real-world hosts: this times ingest, not downloads)
 *   measured   `node bin/tidings.js fetch` as a child process: wall time from spawn to exit
 *              (Node and tsx start-up included), peak RSS (the child's own resourceUsage().maxRSS
 *              at exit, reported by a preloaded module, cross-checked against /proc VmHWM),
 *              CPU time; items and posts counted in the store and on disk afterwards
 *
 * items/s = items stored ÷ the fetch command's wall time. Target: ≥ 2,000 items/s with peak
 * RSS under 400 MB. Between the two fetches every source is made due again by setting its
 * next_check_at to NULL in the store (the CLI has no "as if later" option).
 *
 * TIDINGS_BENCH_PROFILE=1 adds one more first fetch, run with --cpu-prof (slower; not used for
 * the figures), and reports where its time went; the profile stays in bench/out/ingest-profile.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { startFixtureServer } from '../test/helpers/fixture-server.ts';
import { ensureGeneratedNewsCorpus, findSharedDir } from './lib/corpus.ts';
import { summarizeCpuProfile, type ProfileSummary } from './lib/cpu-profile.ts';
import { runMeasured, type MeasuredRun } from './lib/measure-child.ts';
import { median, perSecond } from './lib/timing.ts';
import type { BenchContext, BenchReport, Benchmark, Table } from './lib/types.ts';

const CORPUS = { items: 100_000, feeds: 200, seed: 1 };
const TARGET = { itemsPerSecond: 2_000, peakRssMb: 400 };
const DEFAULT_PASSES = 1;
const MB = 1e6;

export interface FetchMeasurement {
  pass: number;
  kind: 'first fetch' | 're-fetch' | 'first fetch, --cpu-prof';
  summary: string;
  sourcesOk: number | null;
  notModified: number | null;
  failed: number | null;
  /** Items in the store after the fetch, and how many of those this fetch added. */
  itemsStored: number;
  newItems: number;
  postsWritten: number | null;
  postFiles: number;
  wallMs: number;
  itemsPerSecond: number | null;
  cpuMs: number | null;
  peakRssBytes: number | null;
  polledHwmBytes: number | null;
  loadAverage: { before: number; after: number };
}

export const benchmark: Benchmark = {
  name: 'ingest',
  description: `end-to-end ingest: \`tidings fetch\` of ${CORPUS.feeds} generated feeds (${CORPUS.items.toLocaleString('en-US')} items) from a loopback server`,
  run: runIngestBenchmark,
};

/** Runs the ingest benchmark: `passes` fresh workspaces, each fetched twice. */
export async function runIngestBenchmark(context: BenchContext): Promise<BenchReport> {
  const { repoRoot, outDir, log } = context;
  const passes = context.passes ?? DEFAULT_PASSES;
  const bin = resolve(repoRoot, 'bin', 'tidings.js');
  const sharedDir = findSharedDir(repoRoot);
  if (!sharedDir) return skipped(`../shared is missing (looked for ${join(repoRoot, '..', 'shared')}); it holds the corpus generator`);
  let corpus;
  try {
    corpus = ensureGeneratedNewsCorpus({ sharedDir, outDir, ...CORPUS, log });
  } catch (error) {
    return skipped(`could not generate the corpus: ${(error as Error).message}`);
  }
  const feedFiles = readdirSync(corpus.dir).filter((n) => n.endsWith('.xml')).sort();
  const corpusBytes = feedFiles.reduce((sum, n) => sum + statSize(join(corpus.dir, n)), 0);

  const startup = await runMeasured(bin, ['--help']);
  const server = await startFixtureServer({ root: corpus.dir });
  const urls = feedFiles.map((name) => server.url(`/${name}`));
  const measurements: FetchMeasurement[] = [];
  let profile: ProfileSummary | null = null;
  let profileDir: string | null = null;
  try {
    for (let pass = 1; pass <= passes; pass++) {
      measurements.push(...(await ingestPass(bin, urls, pass, false, log)));
    }
    if (process.env['TIDINGS_BENCH_PROFILE'] === '1') {
      profileDir = join(outDir, 'ingest-profile');
      rmSync(profileDir, { recursive: true, force: true });
      mkdirSync(profileDir, { recursive: true });
      measurements.push(...(await ingestPass(bin, urls, passes + 1, profileDir, log)));
      const file = readdirSync(profileDir).find((n) => n.endsWith('.cpuprofile'));
      if (file) profile = summarizeCpuProfile(join(profileDir, file), repoRoot, 25);
    }
  } finally {
    await server.close();
  }

  const firsts = measurements.filter((m) => m.kind === 'first fetch');
  const best = firsts.reduce((a, b) => ((b.itemsPerSecond ?? 0) > (a.itemsPerSecond ?? 0) ? b : a));
  const peakRss = Math.max(...measurements.filter((m) => m.kind !== 'first fetch, --cpu-prof').map((m) => m.peakRssBytes ?? 0));
  const verdict = {
    itemsPerSecond: best.itemsPerSecond,
    medianItemsPerSecond: median(firsts.map((m) => m.itemsPerSecond ?? 0)),
    peakRssMb: peakRss / MB,
    itemsPerSecondMet: (best.itemsPerSecond ?? 0) >= TARGET.itemsPerSecond,
    peakRssMet: peakRss / MB < TARGET.peakRssMb,
  };
  return {
    name: 'ingest',
    skipped: null,
    tables: [toTable(measurements, feedFiles.length, corpusBytes), ...(profile ? profileTables(profile) : [])],
    notes: notesFor(measurements, verdict, corpus.command, startup, profileDir),
    data: { passes, corpus: { command: corpus.command, files: feedFiles.length, bytes: corpusBytes }, target: TARGET, verdict, startupMs: startup.wallMs, measurements, profile },
  };
}

function skipped(reason: string): BenchReport {
  return { name: 'ingest', skipped: reason, tables: [], notes: [], data: { skipped: reason } };
}

function statSize(path: string): number {
  return statSync(path).size;
}

// ---------------------------------------------------------------- one pass

/** A fresh workspace subscribed to every feed, fetched once from scratch and once more unchanged. */
async function ingestPass(bin: string, urls: string[], pass: number, profileDir: string | false, log: (message: string) => void): Promise<FetchMeasurement[]> {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-ingest-'));
  // media.archive off: this measures feed ingest (fetch, parse, clean, store, posts), as it did
  // before images were archived. The corpus' items show real-world image URLs on other hosts
  // (assets.gnews.org …), so archiving would time the network, or DNS failures without one.
  const env = { TIDINGS_FETCH_ALLOW_PRIVATE_NETWORKS: 'true', TIDINGS_MEDIA_ARCHIVE: 'false' };
  try {
    await mustSucceed(runMeasured(bin, ['--dir', dir, 'init'], { env }), 'init');
    await mustSucceed(runMeasured(bin, ['--dir', dir, 'add', ...urls], { env }), 'add');
    const out: FetchMeasurement[] = [];
    const kinds: FetchMeasurement['kind'][] = profileDir ? ['first fetch, --cpu-prof'] : ['first fetch', 're-fetch'];
    for (const kind of kinds) {
      if (kind === 're-fetch') makeEverySourceDue(dir);
      const itemsBefore = countItems(dir);
      log(`ingest: pass ${pass}, ${kind}…`);
      const loadBefore = loadavg()[0];
      const nodeOptions = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
      const run = await mustSucceed(runMeasured(bin, ['--dir', dir, 'fetch'], { env, nodeOptions }), 'fetch');
      const loadAfter = loadavg()[0];
      const itemsStored = countItems(dir);
      const m = measure(pass, kind, run, itemsStored, itemsStored - itemsBefore, countPostFiles(join(dir, 'source', '_posts')), { before: loadBefore, after: loadAfter });
      log(`ingest: ${m.summary} — ${(m.wallMs / 1000).toFixed(1)} s, peak RSS ${((m.peakRssBytes ?? 0) / MB).toFixed(0)} MB`);
      out.push(m);
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function mustSucceed(running: Promise<MeasuredRun>, what: string): Promise<MeasuredRun> {
  const run = await running;
  if (run.code !== 0) throw new Error(`ingest: tidings ${what} failed (exit ${run.code ?? run.signal}): ${run.stderr.trim()}`);
  return run;
}

function measure(
  pass: number,
  kind: FetchMeasurement['kind'],
  run: MeasuredRun,
  itemsStored: number,
  newItems: number,
  postFiles: number,
  loadAverage: { before: number; after: number },
): FetchMeasurement {
  const summary = /fetch: .*/.exec(run.stderr)?.[0] ?? run.stderr.trim().split('\n').at(-1) ?? '';
  const num = (re: RegExp): number | null => {
    const match = re.exec(summary);
    return match ? Number(match[1]) : null;
  };
  return {
    pass,
    kind,
    summary,
    sourcesOk: num(/(\d+) ok/),
    notModified: num(/(\d+) not modified/),
    failed: num(/(\d+) failed/),
    itemsStored,
    newItems,
    postsWritten: num(/(\d+) post\(s\) written/),
    postFiles,
    wallMs: run.wallMs,
    itemsPerSecond: newItems > 0 ? perSecond(newItems, run.wallMs) : null,
    cpuMs: run.cpuMs,
    peakRssBytes: run.peakRssBytes,
    polledHwmBytes: run.polledHwmBytes,
    loadAverage: { before: round1(loadAverage.before), after: round1(loadAverage.after) },
  };
}

function countItems(dir: string): number {
  const path = join(dir, 'tidings.db');
  if (!existsSync(path)) return 0;
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM items').pluck().get() as number;
  } finally {
    db.close();
  }
}

function makeEverySourceDue(dir: string): void {
  const db = new Database(join(dir, 'tidings.db'));
  try {
    db.prepare('UPDATE fetch_state SET next_check_at = NULL').run();
  } finally {
    db.close();
  }
}

function countPostFiles(root: string): number {
  if (!existsSync(root)) return 0;
  return readdirSync(root, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).length;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

// ---------------------------------------------------------------- report

function toTable(measurements: FetchMeasurement[], files: number, bytes: number): Table {
  return {
    title: `Ingest — ${files} generated RSS 2.0 feeds, ${CORPUS.items.toLocaleString('en-US')} items, ${(bytes / MB).toFixed(1)} MB, over loopback HTTP into a fresh workspace`,
    columns: [
      { key: 'run', title: 'run' },
      { key: 'sources', title: 'sources ok / 304 / failed' },
      { key: 'newItems', title: 'new items' },
      { key: 'posts', title: 'posts written' },
      { key: 'wall', title: 'wall s', digits: 1 },
      { key: 'itemss', title: 'items/s', digits: 0 },
      { key: 'cpu', title: 'CPU s', digits: 1 },
      { key: 'rss', title: 'peak RSS MB', digits: 0 },
    ],
    rows: measurements.map((m) => ({
      run: measurements.some((o) => o.pass > 1 && o.kind === m.kind) ? `${m.kind} (pass ${m.pass})` : m.kind,
      sources: `${m.sourcesOk ?? '?'} / ${m.notModified ?? '?'} / ${m.failed ?? '?'}`,
      newItems: m.newItems,
      posts: m.postsWritten,
      wall: m.wallMs / 1000,
      itemss: m.itemsPerSecond,
      cpu: m.cpuMs === null ? null : m.cpuMs / 1000,
      rss: m.peakRssBytes === null ? null : m.peakRssBytes / MB,
    })),
  };
}

function profileTables(profile: ProfileSummary): Table[] {
  const columns = [
    { key: 'name', title: 'function' },
    { key: 'ms', title: 'ms', digits: 0 },
    { key: 'share', title: '%', digits: 1 },
  ];
  const rows = (entries: ProfileSummary['self'], n: number) => entries.slice(0, n).map((e) => ({ name: e.name, ms: e.ms, share: e.share * 100 }));
  return [
    { title: `Ingest profile — self time by area (of ${(profile.totalMs / 1000).toFixed(1)} s sampled)`, columns: [{ key: 'name', title: 'area' }, columns[1]!, columns[2]!], rows: rows(profile.byArea, 15) },
    { title: 'Ingest profile — self time by function', columns, rows: rows(profile.self, 25) },
    { title: 'Ingest profile — inclusive time by function', columns, rows: rows(profile.inclusive, 25) },
  ];
}

function notesFor(
  measurements: FetchMeasurement[],
  verdict: { itemsPerSecond: number | null; medianItemsPerSecond: number; peakRssMb: number; itemsPerSecondMet: boolean; peakRssMet: boolean },
  generatorCommand: string,
  startup: MeasuredRun,
  profileDir: string | null,
): string[] {
  const met = verdict.itemsPerSecondMet && verdict.peakRssMet;
  const notes = [
    `Target (≥ ${TARGET.itemsPerSecond.toLocaleString('en-US')} items/s, peak RSS < ${TARGET.peakRssMb} MB): ${met ? 'met' : 'MISSED'} — ${Math.round(verdict.itemsPerSecond ?? 0).toLocaleString('en-US')} items/s, best first fetch (median ${Math.round(verdict.medianItemsPerSecond).toLocaleString('en-US')}; ${verdict.itemsPerSecondMet ? 'met' : 'missed'}), peak RSS ${verdict.peakRssMb.toFixed(0)} MB, highest of all runs (${verdict.peakRssMet ? 'met' : 'missed'}).`,
    `Corpus: ${generatorCommand} (made once, reused from bench/out); served from disk by test/helpers/fixture-server.ts in the benchmark process, with ETag and Last-Modified.`,
    `Method: per pass a fresh workspace (init and add not timed), then \`node bin/tidings.js fetch\` as a child process with the default configuration (fetch.concurrency 8, fetch.per_host_concurrency 2: all feeds are on one loopback host). items/s = new items stored ÷ the command's wall time, start-up included; the re-fetch runs after every next_check_at is set to NULL, and the server answers 304.`,
    `Peak RSS: the child's process.resourceUsage().maxRSS at exit (a preloaded module writes it), MB = 10^6 bytes; /proc VmHWM polled every 50 ms agrees within ${maxHwmGap(measurements)} MB. Only the tidings process: tsx's esbuild helper process is not counted.`,
    `Start-up: \`tidings --help\` takes ${(startup.wallMs / 1000).toFixed(2)} s here (Node + tsx + loading the CLI), part of every wall time above.`,
  ];
  for (const m of measurements) {
    notes.push(`${m.kind} (pass ${m.pass}): ${m.summary}; ${m.postFiles.toLocaleString('en-US')} post files on disk; ${m.itemsStored.toLocaleString('en-US')} items stored; load average ${m.loadAverage.before} before, ${m.loadAverage.after} after, on ${availableParallelism()} cores.`);
    if (m.itemsStored !== CORPUS.items) notes.push(`${m.kind} (pass ${m.pass}): expected ${CORPUS.items} items in the store, found ${m.itemsStored}.`);
    if (m.postFiles !== m.itemsStored) notes.push(`${m.kind} (pass ${m.pass}): ${m.postFiles} post files on disk for ${m.itemsStored} stored items.`);
  }
  if (profileDir) notes.push(`Profile: the "--cpu-prof" run (not used for the figures) wrote ${profileDir}; open it in Chrome DevTools → Performance.`);
  return notes;
}

function maxHwmGap(measurements: FetchMeasurement[]): string {
  const gaps = measurements
    .filter((m) => m.peakRssBytes !== null && m.polledHwmBytes !== null)
    .map((m) => Math.abs(m.peakRssBytes! - m.polledHwmBytes!) / MB);
  return gaps.length === 0 ? '?' : Math.max(...gaps).toFixed(0);
}

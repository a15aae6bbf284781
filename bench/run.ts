/**
 * `npm run bench [-- <name> …] [--passes N] [--markdown]`: runs every bench/*.bench.ts in
 * turn, or the ones named, prints their tables to stdout (as Markdown with --markdown, for
 * BENCHMARKS.md; progress goes to stderr) and merges the results into bench/out/latest.json.
 *
 * It restarts itself once with --expose-gc so that benchmarks can collect garbage
 * between measurements. A benchmark that cannot run (missing ../shared, …) prints its
 * reason and is skipped; that is not a failure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatMarkdownTable, formatTable } from './lib/table.ts';
import type { BenchContext, BenchReport, Benchmark } from './lib/types.ts';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const SUFFIX = '.bench.ts';

interface RunArguments {
  names: string[];
  passes: number | null;
  markdown: boolean;
}

function parseArguments(argv: string[]): RunArguments {
  const names: string[] = [];
  let passes: number | null = null;
  let markdown = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--passes') {
      passes = Number(argv[++i]);
      if (!Number.isInteger(passes) || passes < 1) fail('--passes needs a positive integer');
    } else if (arg === '--markdown') {
      markdown = true;
    } else if (arg === '-h' || arg === '--help') {
      process.stdout.write(`usage: npm run bench [-- <name> …] [--passes N] [--markdown]\nbenchmarks: ${availableNames().join(', ')}\n`);
      process.exit(0);
    } else if (arg.startsWith('-')) {
      fail(`unknown option ${arg}`);
    } else {
      names.push(arg);
    }
  }
  return { names, passes, markdown };
}

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

function availableNames(): string[] {
  return readdirSync(BENCH_DIR)
    .filter((n) => n.endsWith(SUFFIX))
    .map((n) => n.slice(0, -SUFFIX.length))
    .sort();
}

async function loadBenchmark(name: string): Promise<Benchmark> {
  const mod = (await import(pathToFileURL(join(BENCH_DIR, name + SUFFIX)).href)) as { benchmark?: Benchmark };
  if (!mod.benchmark) fail(`bench/${name}${SUFFIX} does not export \`benchmark\``);
  return mod.benchmark;
}

function machine(): Record<string, unknown> {
  const cpuList = cpus();
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpu: cpuList[0]?.model ?? 'unknown',
    cores: cpuList.length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
  };
}

/** Merges the reports into bench/out/latest.json, keeping other benchmarks' last results. */
function writeLatest(outDir: string, reports: BenchReport[], startedAt: string): string {
  const path = join(outDir, 'latest.json');
  let previous: { benchmarks?: Record<string, unknown> } = {};
  if (existsSync(path)) {
    try {
      previous = JSON.parse(readFileSync(path, 'utf8')) as typeof previous;
    } catch {
      previous = {};
    }
  }
  const benchmarks: Record<string, unknown> = { ...(previous.benchmarks ?? {}) };
  const info = machine();
  for (const report of reports) benchmarks[report.name] = { ranAt: startedAt, machine: info, ...report };
  writeFileSync(path, JSON.stringify({ updatedAt: new Date().toISOString(), benchmarks }, null, 2) + '\n');
  return path;
}

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  const available = availableNames();
  const unknown = args.names.filter((n) => !available.includes(n));
  if (unknown.length > 0) fail(`no benchmark named ${unknown.join(', ')} (have: ${available.join(', ')})`);
  const names = args.names.length > 0 ? args.names : available;

  const repoRoot = process.cwd();
  const outDir = resolve(repoRoot, 'bench', 'out');
  mkdirSync(outDir, { recursive: true });
  const context: BenchContext = {
    repoRoot,
    outDir,
    passes: args.passes,
    log: (message) => process.stderr.write(`${message}\n`),
  };
  const info = machine();
  process.stdout.write(`Node ${info.node}, ${info.platform}, ${info.cores} × ${info.cpu}, ${info.memoryGb} GB\n`);

  const startedAt = new Date().toISOString();
  const reports: BenchReport[] = [];
  for (const name of names) {
    const benchmark = await loadBenchmark(name);
    process.stdout.write(`\n== ${benchmark.name}: ${benchmark.description}\n`);
    const report = await benchmark.run(context);
    reports.push(report);
    if (report.skipped) {
      process.stdout.write(`skipped: ${report.skipped}\n`);
      continue;
    }
    for (const table of report.tables) {
      process.stdout.write(args.markdown ? `\n${table.title}\n\n${formatMarkdownTable(table)}\n` : `\n${formatTable(table)}\n`);
    }
    if (report.notes.length > 0) process.stdout.write(`\n${report.notes.map((n) => `* ${n}`).join('\n')}\n`);
  }
  const written = writeLatest(outDir, reports, startedAt);
  process.stdout.write(`\nresults: ${written}\n`);
}

// Benchmarks collect garbage between measurements; that needs --expose-gc, which a
// plain `node --import tsx bench/run.ts` lacks, so restart once with it.
if (typeof (globalThis as { gc?: unknown }).gc !== 'function' && process.env.TIDINGS_BENCH_CHILD !== '1') {
  const child = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, TIDINGS_BENCH_CHILD: '1' },
  });
  process.exit(child.status ?? 1);
} else {
  await main();
}

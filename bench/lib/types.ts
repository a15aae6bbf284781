/** The shapes every benchmark module shares with bench/run.ts. */

/** What run.ts hands to a benchmark. */
export interface BenchContext {
  /** The repository root (process.cwd() when run through `npm run bench`). */
  repoRoot: string;
  /** bench/out: generated corpora and results; git-ignored. */
  outDir: string;
  /** Timed passes per measurement, when given with --passes; each benchmark has its own default. */
  passes: number | null;
  /** Progress lines, written to stderr so that stdout holds only the tables. */
  log: (message: string) => void;
}

export type Cell = string | number | null;

export interface Column {
  key: string;
  title: string;
  /** Numbers align right by default, text left. */
  align?: 'left' | 'right';
  /** Digits after the point for numbers; default 0. */
  digits?: number;
}

export interface Table {
  title: string;
  columns: Column[];
  rows: Record<string, Cell>[];
}

export interface BenchReport {
  name: string;
  /** Set when the benchmark could not run (missing data, …): the reason, printed instead of tables. */
  skipped: string | null;
  tables: Table[];
  /** Method and fairness notes printed under the tables. */
  notes: string[];
  /** Everything measured, for bench/out/latest.json. */
  data: unknown;
}

export interface Benchmark {
  /** The name used on the command line: `npm run bench -- <name>`. */
  name: string;
  description: string;
  run(context: BenchContext): Promise<BenchReport>;
}

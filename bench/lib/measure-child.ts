/** Runs a Node child process and measures it from outside: wall time and peak resident memory. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nowMs } from './timing.ts';

export interface MeasuredRunOptions {
  /** Extra Node options placed before the script (e.g. --cpu-prof). */
  nodeOptions?: string[];
  env?: Record<string, string | undefined>;
  cwd?: string;
}

export interface MeasuredRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** From spawn to exit, on the parent's monotonic clock. */
  wallMs: number;
  /**
   * Peak resident set size in bytes: the child's own process.resourceUsage().maxRSS at exit
   * (exact), else the last VmHWM read from /proc/<pid>/status while it ran; null if neither.
   */
  peakRssBytes: number | null;
  /** The same from /proc/<pid>/status VmHWM, polled every 50 ms (Linux only), for comparison. */
  polledHwmBytes: number | null;
  /** The child's CPU time (user + system) in ms, from its resourceUsage at exit. */
  cpuMs: number | null;
}

/**
 * A module preloaded with --import that writes process.resourceUsage() to the file named in
 * TIDINGS_BENCH_USAGE_FILE when the process exits. A data: URL, so it needs no file and no
 * loader (bin/tidings.js registers tsx only after it runs).
 */
const USAGE_PRELOAD =
  'data:text/javascript,' +
  encodeURIComponent(
    "import { writeFileSync } from 'node:fs';" +
      "process.on('exit', () => { const f = process.env.TIDINGS_BENCH_USAGE_FILE; if (f) writeFileSync(f, JSON.stringify(process.resourceUsage())); });",
  );

function readHwmBytes(pid: number): number | null {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Runs `node [nodeOptions] script args…` and waits for it; never throws for a failing child. */
export async function runMeasured(script: string, args: string[], options: MeasuredRunOptions = {}): Promise<MeasuredRun> {
  const usageDir = mkdtempSync(join(tmpdir(), 'tidings-bench-usage-'));
  const usageFile = join(usageDir, 'usage.json');
  try {
    const start = nowMs();
    const child = spawn(process.execPath, [...(options.nodeOptions ?? []), '--import', USAGE_PRELOAD, script, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env, TIDINGS_BENCH_USAGE_FILE: usageFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    let polledHwm: number | null = null;
    const poll = setInterval(() => {
      if (child.pid === undefined) return;
      const hwm = readHwmBytes(child.pid);
      if (hwm !== null) polledHwm = Math.max(polledHwm ?? 0, hwm);
    }, 50);
    const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
      child.on('exit', (exitCode, exitSignal) => done({ code: exitCode, signal: exitSignal }));
    });
    const wallMs = nowMs() - start;
    clearInterval(poll);
    // Let the pipes drain ('close' comes after 'exit').
    await new Promise<void>((done) => (child.stdout.readableEnded && child.stderr.readableEnded ? done() : child.once('close', () => done())));
    let maxRss: number | null = null;
    let cpuMs: number | null = null;
    if (existsSync(usageFile)) {
      const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as NodeJS.ResourceUsage;
      maxRss = usage.maxRSS * 1024; // kB on Linux
      cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
    }
    return { code, signal, stdout, stderr, wallMs, peakRssBytes: maxRss ?? polledHwm, polledHwmBytes: polledHwm, cpuMs };
  } finally {
    rmSync(usageDir, { recursive: true, force: true });
  }
}

/**
 * How far, at most, the exact peak RSS and the polled VmHWM of some runs disagree, in MB
 * (10^6 bytes) with no decimals, for a benchmark's notes; '?' when no run has both.
 */
export function maxPeakRssGapMb(runs: readonly Pick<MeasuredRun, 'peakRssBytes' | 'polledHwmBytes'>[]): string {
  const gaps = runs
    .filter((r) => r.peakRssBytes !== null && r.polledHwmBytes !== null)
    .map((r) => Math.abs(r.peakRssBytes! - r.polledHwmBytes!) / 1e6);
  return gaps.length === 0 ? '?' : Math.max(...gaps).toFixed(0);
}

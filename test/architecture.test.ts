// Fails when an import points the wrong way (../shared/design/ARCHITECTURE.md,
// "Which way imports point"). An unenforced rule decays one import at a time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';

const SRC = resolve('src');

/** The layer a source file belongs to: its first folder under src/ (pipeline stages count as "pipeline"). */
function layerOf(file: string, srcRoot: string): string {
  const rel = relative(srcRoot, file).split(sep);
  if (rel.length === 1) return rel[0]!.replace(/\.ts$/, ''); // errors.ts
  return rel[0]!;
}

/** Which layers each layer may import (itself always allowed). */
const ALLOWED: Record<string, string[]> = {
  model: [],
  errors: [],
  lib: ['model', 'errors'],
  pipeline: ['lib', 'model', 'errors'],
  store: ['lib', 'model', 'errors'],
  config: ['lib', 'model', 'errors'],
  views: ['lib', 'model', 'errors'],
  publish: ['views', 'lib', 'model', 'errors'],
  app: ['publish', 'views', 'store', 'pipeline', 'config', 'lib', 'model', 'errors'],
  // `tidings demo` is a CLI command: its shell (cli/commands/demo.ts) calls into demo/, as it calls app/.
  cli: ['app', 'demo', 'config', 'lib', 'model', 'errors'],
  web: ['app', 'views', 'config', 'lib', 'model', 'errors'],
  demo: ['app', 'web', 'config', 'lib', 'model', 'errors'],
};

/** Node built-ins a pure stage may not touch: no file system, no processes. */
const IMPURE_BUILTINS = /^(node:)?(fs|fs\/promises|child_process|cluster|worker_threads)$/;

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'testdata') sourceFiles(path, out);
    } else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

function importsOf(source: string): string[] {
  const found: string[] = [];
  const pattern = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(source)) !== null) found.push((match[1] ?? match[2])!);
  return found;
}

/** Every violation in the tree, as "file → import (reason)". */
function findViolations(srcRoot: string): string[] {
  const files = sourceFiles(srcRoot);
  const violations: string[] = [];
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    const from = layerOf(file, srcRoot);
    const allowed = ALLOWED[from];
    const rel = relative(srcRoot, file);
    if (!allowed) {
      violations.push(`${rel}: layer '${from}' is not in the architecture`);
      continue;
    }
    if (from === 'pipeline' && /process\.env/.test(source)) violations.push(`${rel}: pipeline reads process.env`);
    for (const spec of importsOf(source)) {
      if (!spec.startsWith('.')) {
        if (from === 'pipeline' && IMPURE_BUILTINS.test(spec)) violations.push(`${rel} → ${spec} (pipeline stages do no I/O)`);
        continue;
      }
      const target = resolve(dirname(file), spec);
      if (!target.startsWith(srcRoot + sep)) continue;
      const to = layerOf(target, srcRoot);
      if (to !== from && !allowed.includes(to)) violations.push(`${rel} → ${spec} (${from} may not import ${to})`);
      const concreteStore = /store[/\\](sqlite|postgres)/.test(relative(srcRoot, target));
      if (concreteStore && from !== 'store' && rel !== join('app', 'workspace.ts')) {
        violations.push(`${rel} → ${spec} (only app/workspace.ts names a concrete store)`);
      }
    }
  }
  return violations;
}

test('imports point the way ARCHITECTURE.md says', () => {
  assert.deepEqual(findViolations(SRC), []);
});

test('the checker catches wrong-way imports', (t) => {
  // A throwaway tree shaped like src/, so the rules are tested without touching real code.
  const root = mkdtempSync(join(tmpdir(), 'tidings-arch-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const files: Record<string, string> = {
    'pipeline/feed/reads-store.ts': "import { x } from '../../store/store.ts';\n",
    'pipeline/feed/reads-disk.ts': "import { readFileSync } from 'node:fs';\n",
    'pipeline/feed/reads-env.ts': "export const home = process.env['HOME'];\n",
    'store/reads-pipeline.ts': "import { parseFeed } from '../pipeline/feed/index.ts';\n",
    'app/names-sqlite.ts': "import { openSqlite } from '../store/sqlite/index.ts';\n",
    'app/workspace.ts': "import { openSqlite } from '../store/sqlite/index.ts';\n",
    'cli/fine.ts': "import { run } from '../app/run.ts';\n",
  };
  for (const [path, body] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), body);
  }
  const found = findViolations(root).map((v) => v.split(/[: ]/)[0]).sort();
  assert.deepEqual(found, [
    join('app', 'names-sqlite.ts'),
    join('pipeline', 'feed', 'reads-disk.ts'),
    join('pipeline', 'feed', 'reads-env.ts'),
    join('pipeline', 'feed', 'reads-store.ts'),
    join('store', 'reads-pipeline.ts'),
  ]);
});

/** Reads a V8 .cpuprofile (node --cpu-prof) into the few figures a benchmark report needs. */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileEntry {
  /** "function (file:line)", or a V8 pseudo-frame such as "(garbage collector)". */
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Time in the function itself, highest first. */
  self: ProfileEntry[];
  /** Time in the function and everything it called (each sample counted once per function). */
  inclusive: ProfileEntry[];
  /** Self time by where the code lives: src/<folder>/…, a node_modules package, node: internals. */
  byArea: ProfileEntry[];
}

/** Summarizes one profile; `root` makes file names relative; `top` limits each list. */
export function summarizeCpuProfile(path: string, root: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const nameOf = (node: ProfileNode): string => {
    const { functionName, url, lineNumber } = node.callFrame;
    if (!url) return functionName || '(anonymous)';
    return `${functionName || '(anonymous)'} (${shortUrl(url, root)}:${lineNumber + 1})`;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const area = new Map<string, number>();
  let totalUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const us = profile.timeDeltas[i] ?? 0;
    totalUs += us;
    const leaf = byId.get(profile.samples[i]!);
    if (!leaf) continue;
    add(self, nameOf(leaf), us);
    add(area, areaOf(leaf.callFrame.url, leaf.callFrame.functionName, root), us);
    const seen = new Set<string>();
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
      const name = nameOf(byId.get(id)!);
      if (seen.has(name)) continue;
      seen.add(name);
      add(inclusive, name, us);
    }
  }
  const list = (map: Map<string, number>, skip: (name: string) => boolean = () => false): ProfileEntry[] =>
    [...map]
      .filter(([name]) => !skip(name))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: totalUs > 0 ? us / totalUs : 0 }));
  return {
    totalMs: totalUs / 1000,
    self: list(self),
    // The root and the module-evaluation frames contain everything: not informative.
    inclusive: list(inclusive, (name) => name === '(root)' || name.startsWith('(anonymous) (')),
    byArea: list(area),
  };
}

function add(map: Map<string, number>, key: string, us: number): void {
  map.set(key, (map.get(key) ?? 0) + us);
}

function shortUrl(url: string, root: string): string {
  if (!url.startsWith('file:')) return url;
  const path = relative(root, fileURLToPath(url));
  const modules = path.lastIndexOf('node_modules/');
  return modules >= 0 ? path.slice(modules + 'node_modules/'.length) : path;
}

/** "src/pipeline/html", "node_modules/sanitize-html", "node:internal", or the V8 pseudo-frame. */
function areaOf(url: string, functionName: string, root: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node: internals';
  if (!url.startsWith('file:')) return url;
  const path = relative(root, fileURLToPath(url));
  const modules = path.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = path.slice(modules + 'node_modules/'.length).split('/');
    return `node_modules/${parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]}`;
  }
  const parts = path.split('/');
  return parts[0] === 'src' && parts.length > 3 ? parts.slice(0, 3).join('/') : parts.slice(0, -1).join('/') || path;
}

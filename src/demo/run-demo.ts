// `tidings demo` (and `npm start`): the whole main job, offline. A sample news site runs on
// loopback; a fresh workspace on the embedded default (SQLite) subscribes to its two feeds,
// fetches them (full text for the summary-only one, images archived), reposts one article
// page, and leaves posts ready for Hexo. Nothing here is special-cased in the app: the demo
// only drives the same use-cases the CLI does.
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TidingsError } from '../errors.ts';
import { fetchSources, type FetchRunSummary } from '../app/fetch-sources.ts';
import { repostUrl, type RepostResult } from '../app/repost.ts';
import { addSource, sourceStatuses } from '../app/sources.ts';
import { initWorkspace, openWorkspace } from '../app/workspace.ts';
import { DEMO_FEEDS, DEMO_REPOST } from './sample-site.ts';
import { startDemoServer } from './server.ts';

/** Marks a folder as made by the demo, so a second run may replace it and nothing else is ever removed. */
const MARKER = '.tidings-demo';

export interface DemoReport {
  dir: string;
  origin: string;
  postsDir: string;
  fetch: FetchRunSummary;
  feeds: Array<{ sourceId: number; name: string | null; note: string }>;
  repost: RepostResult;
  itemCount: number;
  /** Post files, relative to postsDir. */
  posts: string[];
}

export async function runDemo(dir: string): Promise<DemoReport> {
  const absolute = resolve(dir);
  if (existsSync(absolute)) {
    if (existsSync(join(absolute, MARKER))) rmSync(absolute, { recursive: true, force: true });
    else if (readdirSync(absolute).length > 0) {
      throw new TidingsError('demo.exists', `demo: ${absolute} exists and was not made by the demo`, { hint: 'pass another folder: tidings demo DIR' });
    }
  }
  initWorkspace(absolute);
  writeFileSync(join(absolute, MARKER), 'made by `tidings demo`; the next run replaces this folder\n');

  const server = await startDemoServer();
  // The sample site is on loopback, which the fetcher refuses by default (SSRF guard).
  const workspace = await openWorkspace(absolute, { flags: { 'fetch.allow_private_networks': true } });
  try {
    const sources = [];
    for (const feed of DEMO_FEEDS) sources.push({ source: await addSource(workspace, server.origin + feed.path, { fullText: feed.fullText }), note: feed.note });
    // No proxy: the sample site is on this machine.
    const fetch = await fetchSources(workspace, { env: {} });
    const repost = await repostUrl(workspace, server.origin + DEMO_REPOST.path, { via: DEMO_REPOST.via, env: {} });
    const statuses = await sourceStatuses(workspace);
    const names = new Map(statuses.map((s) => [s.source.id, s.source.name]));
    const postsDir = workspace.path(workspace.config.posts.dir);
    const items = await workspace.store.listItems();
    return {
      dir: absolute,
      origin: server.origin,
      postsDir,
      fetch,
      feeds: sources.map(({ source, note }) => ({ sourceId: source.id, name: names.get(source.id) ?? null, note })),
      repost,
      itemCount: items.length,
      posts: items.map((i) => i.postPath).filter((p): p is string => p !== null).sort(),
    };
  } finally {
    await workspace.close();
    await server.close();
  }
}

// `tidings demo` is what `npm start` runs: the main job offline, end to end, through the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { DemoReport } from '../src/demo/run-demo.ts';
import { listFiles, splitPost } from './helpers/post-files.ts';

const BIN = new URL('../bin/tidings.js', import.meta.url).pathname;

function demo(args: string[]) {
  // A proxy in the environment must not catch the loopback sample site.
  return spawnSync(process.execPath, [BIN, 'demo', ...args], { encoding: 'utf8', env: { ...process.env, HTTP_PROXY: 'http://127.0.0.1:9', TIDINGS_FETCH_ALLOW_PRIVATE_NETWORKS: 'false' } });
}

test('the demo fetches both sample feeds (full text for the summary-only one), reposts a page and writes every post', (t) => {
  const parent = mkdtempSync(join(tmpdir(), 'tidings-demo-'));
  t.after(() => rmSync(parent, { recursive: true, force: true }));
  const dir = join(parent, 'news');
  const run = demo([dir, '--json']);
  assert.equal(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout) as DemoReport;
  assert.equal(report.fetch.failed, 0, JSON.stringify(report.fetch.outcomes));
  assert.equal(report.fetch.newItems, 5);
  assert.deepEqual(report.fetch.outcomes[0]!.fullText, { extracted: 3, keptFeed: 0 });
  assert.equal(report.repost.status, 'new');
  assert.equal(report.itemCount, 6);
  assert.deepEqual(listFiles(report.postsDir), report.posts);
  assert.equal(report.posts.length, 6);

  const read = (name: string) => readFileSync(join(report.postsDir, report.posts.find((p) => p.includes(name))!), 'utf8');
  // GBK feed, full text from the GBK page: the article, not the summary; no hot list or footer.
  const travel = read('春节假期出行人数创新高');
  assert.ok(travel.includes('各地加开临时旅客列车'), travel);
  assert.ok(!travel.includes('热门排行') && !travel.includes('版权所有'));
  // Hostile HTML in the Atom feed never reaches the post.
  const tram = read('New-tram-line');
  assert.ok(!/<script|onclick|alert\(/.test(tram), tram);
  // The repost in the shape of ../shared/examples/gnews-repost.md.
  const repost = splitPost(read('一座老城的新生'));
  assert.match(repost.body, /^`陈静` \[转载自示例周刊\]\(http:\/\/127\.0\.0\.1:\d+\/weekly\/old-town\.html\)\n\n/);

  // Images archived by content hash: harbour.png is shown by two posts and stored once; posts
  // link the local copies relative to themselves, the repost included.
  const media = listFiles(join(report.dir, 'media'));
  assert.equal(media.length, 3, media.join(', '));
  for (const name of ['New-tram-line', '一座老城的新生']) {
    const file = join(report.postsDir, report.posts.find((p) => p.includes(name))!);
    const links = [...readFileSync(file, 'utf8').matchAll(/(?:src="|\]\()(\.\.\/[^")]+)/g)].map((m) => m[1]!);
    assert.ok(links.length > 0, `${name} links archived images`);
    for (const link of links) assert.ok(existsSync(resolve(dirname(file), link)), `${link} exists`);
  }

  // A second run replaces its own folder; it never touches a folder it did not make.
  const again = demo([dir, '--json']);
  assert.equal(again.status, 0, again.stderr);
  assert.equal((JSON.parse(again.stdout) as DemoReport).itemCount, 6);
  const foreign = join(parent, 'mine');
  mkdirSync(foreign);
  writeFileSync(join(foreign, 'notes.txt'), 'keep me');
  const refused = demo([foreign]);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /exists and was not made by the demo/);
  assert.equal(readFileSync(join(foreign, 'notes.txt'), 'utf8'), 'keep me');
});

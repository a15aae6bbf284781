// The demo's posts (feed items, full-text articles and a repost) as real Hexo reads them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDemo } from '../../src/demo/run-demo.ts';
import { categoryChain, loadPosts, makeSite } from '../helpers/hexo-site.ts';

process.env['TZ'] = 'UTC';

test('Hexo loads every post of the demo, the repost with its credit line rendered', async (t) => {
  const parent = mkdtempSync(join(tmpdir(), 'tidings-demo-hexo-'));
  t.after(() => rmSync(parent, { recursive: true, force: true }));
  const report = await runDemo(join(parent, 'news'));
  const posts = report.posts.map((file) => ({ file, content: readFileSync(join(report.postsDir, file), 'utf8') }));
  const site = makeSite(posts, 'UTC');
  t.after(() => rmSync(site, { recursive: true, force: true }));
  const loaded = [...(await loadPosts(site)).values()];
  assert.equal(loaded.length, 6);
  const byTitle = new Map(loaded.map((p) => [p.title, p]));
  assert.deepEqual(categoryChain(byTitle.get('春节假期出行人数创新高')!), ['示例新闻网', '国内新闻']);
  assert.ok(byTitle.get('春节假期出行人数创新高')!.content.includes('各地加开临时旅客列车'));
  const repost = byTitle.get('一座老城的新生')!;
  assert.equal(repost.date.toISOString(), '2022-02-08T01:00:00.000Z');
  assert.match(repost.content, /<code>陈静<\/code> <a href="http:\/\/127\.0\.0\.1:\d+\/weekly\/old-town\.html">转载自示例周刊<\/a>/);
});

// `tidings export hexo` output, loaded by real Hexo: every post's title, date and categories
// equal what the store holds. The feeds come from a loopback fixture server and include
// hostile titles and bodies with template syntax.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { openWorkspace } from '../../src/app/workspace.ts';
import { sendText, useFixtureServer } from '../helpers/fixture-server.ts';
import { categoryChain, loadPosts, makeSite } from '../helpers/hexo-site.ts';

process.env['TZ'] = 'UTC';
const BIN = new URL('../../bin/tidings.js', import.meta.url).pathname;

const TITLES = [
  'Plain: a title with a colon',
  '"Quoted" and \'single\' — #hash',
  '--- looks like front matter ---',
  '@mention *star* !bang %percent |pipe',
  '{{ mustache }} and {% tag %}',
  '标题：中文、全角标点《书名》',
  'Emoji 📰🗞️ headline',
];

function feed(site: string, channel: string, offset: number): string {
  const items = TITLES.map((title, i) => {
    const escaped = title.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    const day = String(1 + ((i + offset) % 27)).padStart(2, '0');
    return `<item><title>${escaped}</title><guid>${site}-${i}</guid><link>https://${site}.example/${i}</link>` +
      `<pubDate>${day} Feb 2022 0${i}:38:07 +0800</pubDate><description><![CDATA[<p>Body ${i} {{ x }} {% raw %} {# c #}</p>]]></description></item>`;
  }).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${site} - ${channel}</title><link>https://${site}.example/</link>${items}</channel></rss>`;
}

/** Runs the CLI without blocking: the fixture server answers from this same process. */
function run(dir: string, ...args: string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, '--dir', dir, ...args], {
      env: { ...process.env, TIDINGS_FETCH_ALLOW_PRIVATE_NETWORKS: 'true' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      if (status === 0) resolvePromise(stderr);
      else reject(new Error(`${args.join(' ')} exited ${status}: ${stderr}`));
    });
  });
}

test('export hexo: Hexo loads every post with the store\'s title, date and categories', async (t) => {
  const server = await useFixtureServer(t, {
    routes: {
      '/a.xml': sendText(feed('alpha', '要闻', 0), { headers: { 'content-type': 'application/rss+xml' } }),
      '/b.xml': sendText(feed('beta', 'World', 5), { headers: { 'content-type': 'application/rss+xml' } }),
    },
  });
  const dir = mkdtempSync(join(tmpdir(), 'tidings-export-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  await run(dir, 'init');
  await run(dir, 'add', server.url('/a.xml'), '--categories', '新媒体/Alpha 站/要闻');
  await run(dir, 'add', server.url('/b.xml'));
  assert.match(await run(dir, 'fetch'), /2 ok/);

  const posts: Array<{ file: string; content: string }> = [];
  const exportDir = mkdtempSync(join(tmpdir(), 'tidings-export-site-'));
  t.after(() => rmSync(exportDir, { recursive: true, force: true }));
  await run(dir, 'export', 'hexo', exportDir);
  const root = join(exportDir, 'source', '_posts');
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else posts.push({ file: relative(root, path), content: readFileSync(path, 'utf8') });
    }
  };
  walk(root);

  const workspace = await openWorkspace(dir);
  const sources = new Map((await workspace.store.listSources()).map((s) => [s.id, s]));
  const stored = await workspace.store.listItems();
  await workspace.close();
  assert.equal(posts.length, stored.length);
  assert.equal(stored.length, TITLES.length * 2);

  const site = makeSite(posts, 'UTC');
  t.after(() => rmSync(site, { recursive: true, force: true }));
  const loaded = await loadPosts(site);
  assert.equal(loaded.size, stored.length, 'Hexo loaded every exported post');
  const byTitleAndSource = new Map([...loaded.values()].map((p) => [`${categoryChain(p).join('/')}|${p.title}`, p]));
  for (const item of stored) {
    const categories = sources.get(item.sourceId)!.categories;
    const post = byTitleAndSource.get(`${categories.join('/')}|${item.item.title}`);
    assert.ok(post, `Hexo has "${item.item.title}" under ${categories.join('/')}`);
    assert.equal(post.date.toISOString().replace('.000Z', 'Z'), item.item.published, `date of "${item.item.title}"`);
  }
  assert.deepEqual(sources.get(2)!.categories, ['beta', 'World'], 'categories from the "Site - Channel" feed title');
});

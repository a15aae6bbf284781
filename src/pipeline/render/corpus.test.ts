// Invariants over the whole news corpus (../shared/corpus/news, 4,068 items): every item renders
// in every profile; the front matter parses back with the item's title; paths are unique and
// safe. HTML bodies for every item and profile; Markdown bodies (the slow part: the markdown
// stage) for every item in the repost profile, whose default it is, and a sample in the others.
// Throughput: test/helpers/render-throughput.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { loadNewsItems, newsCorpusMissingReason } from '../../../test/helpers/news-corpus.ts';
import { splitPost } from '../../../test/helpers/post-files.ts';
import { MAX_FILE_NAME_BYTES, PROFILES, renderPost, type BodyFormat, type ProfileName } from './index.ts';
import { plainTitle } from './title.ts';

const skip = newsCorpusMissingReason();

test('news corpus: every item renders in every profile; titles read back; paths unique and safe', { skip, timeout: 300_000 }, (t) => {
  const items = loadNewsItems();
  assert.ok(items.length > 4000, `the corpus has its items (${items.length})`);
  const runs: Array<[ProfileName, BodyFormat, number]> = (Object.keys(PROFILES) as ProfileName[]).flatMap((profile) => [
    [profile, 'html', 1] as [ProfileName, BodyFormat, number],
    [profile, 'markdown', profile === 'repost' ? 1 : 10] as [ProfileName, BodyFormat, number],
  ]);
  for (const [profile, body, every] of runs) {
    const paths = new Set<string>();
    const started = performance.now();
    const sample = items.filter((_, i) => i % every === 0);
    for (const item of sample) {
      const post = renderPost(item, { profile, timeZone: 'Asia/Shanghai', now: '2024-01-01T00:00:00Z', overrides: { body } });
      const data = parseYaml(splitPost(post.content).yaml) as Record<string, unknown>;
      const title = plainTitle(item.title);
      if (title !== null) assert.equal(data['title'], title, `${profile}: title of ${item.id}`);
      else assert.ok(typeof data['title'] === 'string' && data['title'] !== '', `${profile}: a fallback title for ${item.id}`);
      assert.ok(!paths.has(post.path), `${profile}: ${post.path} is unique`);
      paths.add(post.path);
      for (const segment of post.path.split('/')) {
        assert.ok(Buffer.byteLength(segment) <= MAX_FILE_NAME_BYTES && segment !== '..' && !/[\\\p{Cc}]/u.test(segment), `${profile}: ${post.path}`);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    t.diagnostic(`${profile} (${body}): ${sample.length} posts in ${seconds.toFixed(2)} s, checks included`);
  }
});

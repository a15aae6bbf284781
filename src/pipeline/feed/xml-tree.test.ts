// readXml has two readers behind one tree builder: a strict scanner for well-formed documents and
// htmlparser2 for the rest. Wherever the scanner takes a document, the tree and the warnings must
// be exactly htmlparser2's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decodeHTML } from 'entities';
import { decodeBytes } from '../encoding/index.ts';
import { readXml, readXmlStrict, readXmlWithHtmlparser2 } from './xml-tree.ts';

const SHARED = resolve(process.cwd(), '../shared');
const NO_CORPUS = existsSync(SHARED) ? false : `corpus not found: ${SHARED} does not exist`;
if (NO_CORPUS) console.log(`# xml-tree.test: skipping corpus tests, ${NO_CORPUS}`);

/** Asserts the strict scanner, when it takes the document, reads it as htmlparser2 does; returns whether it took it. */
function assertReadersAgree(text: string, url: string | null, where: string): boolean {
  const strict = readXmlStrict(text, url);
  if (strict === null) return false;
  assert.deepStrictEqual(strict, readXmlWithHtmlparser2(text, url), `${where}: ${JSON.stringify(text.slice(0, 400))}`);
  return true;
}

/** A small fast PRNG (mulberry32): the low bits of a plain LCG repeat too soon for the generators below. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

test('readXml: the strict scanner gives up on what is not well-formed, and htmlparser2 reads it', () => {
  for (const text of [
    '<rss>< y</rss>', '<rss></x></rss>', '<rss><a/ ></rss>', '<rss></ a></rss>', '<rss>a<', '<rss><!DOCTYPE z></rss>',
    '<!DOCTYPE x [<!ENTITY a "b">]><rss/>', '<rss><item></rss>', '<rss>', '<rss/><rss/>', '<rss/>x<a/>',
    '<rss><![CDATA[x</rss>', '<rss><!-- x</rss>', '<rss><!-- a --!> b --></rss>', '<rss><?pi x</rss>', '<rss a="1></rss>',
  ]) {
    assert.equal(readXmlStrict(text), null, text);
    assert.deepStrictEqual(readXml(text), readXmlWithHtmlparser2(text), text);
  }
  assert.notEqual(readXmlStrict('<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//N//DTD RSS 0.91//EN" "x.dtd">\n<rss version="0.91"/>'), null);
});

test('readXml: strict scanner equals htmlparser2 on generated documents', (t) => {
  const next = random(7);
  const pick = <T>(list: readonly T[]): T => list[next() % list.length]!;
  const names = ['item', 'Title', 'dc:creator', 'media:content', 'x:y', 'a', 'link', 'content:encoded', 'atom:link', 'feed', 'entry', 'e-1', 'ns:a.b', '中'];
  const attrs = ['', ' a="1"', " b='2'", ' c=3', ' d', ' A="x" a="y"', ' xmlns="http://www.w3.org/2005/Atom"', ' xmlns:dc="http://purl.org/dc/elements/1.1/"',
    ' xmlns:x="urn:x"', ' xml:base="sub/"', ' xml:base="http://o.example/p/"', ' xml:lang="de"', ' href="a&amp;b"', ' href="&#x31;&bogus;"',
    ' rel = "alternate" ', '\n type="html"', ' e=&lt;', ' f="a>b"'];
  const texts = ['t', ' ', '\n  ', '&amp;', '&lt;b&gt;', '&nbsp;', '&bogus;', '& x', '&#233;', '中文', '<![CDATA[<b>raw</b> & ]]>', '<![CDATA[]]>', '<![CDATA[a]]]>',
    '<!-- c -->', '<!-->x-->', '<!--->', '<!-- a --!> b -->', '<?pi x?>', '<?pi a>b?>', ']]>', '>', '"'];
  const junk = ['<', '</x>', '< y', '<!DOCTYPE z>', '<a/ >', '</ a>', '</>', '<a =x>', '</a/>'];
  const content = (depth: number): string => {
    let s = '';
    for (let i = next() % 4; i > 0; i--) {
      const r = next() % 10;
      if (r < 4) s += pick(texts);
      else if (r < 5) s += `<${pick(names)}${pick(attrs)}/>`;
      else if (r < 9 && depth < 4) {
        const name = pick(names);
        s += `<${name}${pick(attrs)}${pick(attrs)}>${content(depth + 1)}</${next() % 5 === 0 ? name.toUpperCase() : name}${next() % 6 === 0 ? ' ' : ''}>`;
      } else if (next() % 8 === 0) s += pick(junk);
    }
    return s;
  };
  const prologs = ['', '<?xml version="1.0" encoding="utf-8"?>\n', '\ufeff', '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "x.dtd">\n', '<!-- top -->'];
  let taken = 0;
  const rounds = 20000;
  for (let i = 0; i < rounds; i++) {
    const text = `${pick(prologs)}<rss${pick(attrs)}>${content(0)}</rss>${pick(['', '\n', ' x', '<!-- after -->'])}`;
    if (assertReadersAgree(text, i % 3 ? 'http://example.com/feed' : null, `document ${i}`)) taken++;
  }
  t.diagnostic(`the strict scanner took ${taken} of ${rounds} generated documents`);
  assert.ok(taken > rounds / 2);
});

test('readXml: text with references decodes as the HTML decoder decodes it (XML\'s five without it)', () => {
  const next = random(11);
  const pieces = ['&amp;', '&lt;', '&gt;', '&quot;', '&apos;', '&amp;lt;', '&amp;amp;', 'a', ' ', '中文', ';', 'amp;', 'lt', '"', "'", '😀',
    // and what the HTML decoder takes over from: other references, cut-off ones, a bare &
    '&lt', '&am', '&ap', '&quo', '&#39;', '&#x4e2d;', '&nbsp;', '&ampx', '&Amp;', '&AMP;', '&', '&;', '&gtx;'];
  for (let i = 0; i < 5000; i++) {
    let text = '';
    for (let j = next() % 12; j >= 0; j--) text += pieces[next() % pieces.length];
    const root = readXml(`<r>${text}</r>`).root!;
    assert.deepEqual(root.children, text === '' ? [] : [decodeHTML(text)], JSON.stringify(text));
  }
});

function listFeeds(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) listFeeds(path, out);
    else if (/\.(xml|rdf|rss|atom|opml)$/.test(entry.name)) out.push(path);
  }
  return out.sort();
}

test('corpus: strict scanner equals htmlparser2 on every feed in ../shared', { skip: NO_CORPUS }, (t) => {
  for (const dir of ['corpus/feeds', 'corpus/news/feeds']) {
    let taken = 0;
    const files = listFeeds(join(SHARED, dir));
    for (const file of files) {
      const text = decodeBytes(new Uint8Array(readFileSync(file))).text;
      if (assertReadersAgree(text, 'http://example.com/feed.xml', file)) taken++;
    }
    t.diagnostic(`${dir}: the strict scanner took ${taken} of ${files.length} documents`);
    assert.ok(taken > files.length * 0.9, `${dir}: the strict scanner took only ${taken} of ${files.length}`);
  }
});

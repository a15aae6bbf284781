// readXml drives its tree builder from htmlparser2's Tokenizer, restating the part of htmlparser2's
// Parser that XML mode uses. The reference here drives the same builder from the Parser itself:
// the trees and the warnings must be the same for any document, well-formed or not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decodeHTML } from 'entities';
import { Parser } from 'htmlparser2';
import { decodeBytes } from '../encoding/index.ts';
import { TreeBuilder, readXml, type XmlDocument } from './xml-tree.ts';

const SHARED = resolve(process.cwd(), '../shared');
const NO_CORPUS = existsSync(SHARED) ? false : `corpus not found: ${SHARED} does not exist`;
if (NO_CORPUS) console.log(`# xml-tree.test: skipping corpus tests, ${NO_CORPUS}`);

/** The reference reader: htmlparser2's Parser in XML mode driving the builder readXml uses. */
function readXmlWithParser(text: string, documentUrl: string | null = null): XmlDocument {
  const builder = new TreeBuilder(documentUrl);
  let inCdata = false;
  let parser: Parser | null = null;
  /** Where each open element's start tag ended: a close reported at that same spot is a self-closing tag. */
  const openTagEnds: number[] = [];
  parser = new Parser(
    {
      // Declarations (<!DOCTYPE …>) arrive as processing instructions named "!doctype".
      onprocessinginstruction(name) {
        builder.instruction(name.toLowerCase());
      },
      onopentag(qname, rawAttrs) {
        const depth = builder.stack.length;
        builder.open(qname, rawAttrs);
        if (builder.stack.length > depth) openTagEnds.push(parser ? parser.endIndex : -1);
      },
      ontext(data) {
        builder.text(data, inCdata);
      },
      oncdatastart() {
        inCdata = true;
      },
      oncdataend() {
        inCdata = false;
      },
      onclosetag(_name, isImplied) {
        if (builder.stack.length === 0) return;
        const openEnd = openTagEnds.pop();
        // htmlparser2 reports self-closing tags (<link/>) as implied closes too; those are fine.
        builder.close(isImplied && !(parser && parser.endIndex === openEnd));
      },
    },
    { xmlMode: true, decodeEntities: false, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(text);
  // Elements still open at the end are closed by the parser; catch them before it does.
  const openAtEnd = builder.stack.length;
  parser.end();
  if (openAtEnd > 0) builder.warn('xml: document ends before all elements are closed (truncated)');
  if (builder.anyTruncated && openAtEnd === 0) builder.warn('xml: mismatched closing tag');
  return builder.document(text);
}

/** Asserts readXml reads the document as the Parser-driven reference does. */
function assertReadersAgree(text: string, url: string | null, where: string): void {
  assert.deepStrictEqual(readXml(text, url), readXmlWithParser(text, url), `${where}: ${JSON.stringify(text.slice(0, 400))}`);
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

test('readXml: documents that are not well-formed read as htmlparser2\'s Parser reads them', () => {
  for (const text of [
    '<rss>< y</rss>', '<rss></x></rss>', '<rss><a/ ></rss>', '<rss></ a></rss>', '<rss>a<', '<rss><!DOCTYPE z></rss>',
    '<!DOCTYPE x [<!ENTITY a "b">]><rss/>', '<rss><item></rss>', '<rss>', '<rss/><rss/>', '<rss/>x<a/>',
    '<rss><![CDATA[x</rss>', '<rss><!-- x</rss>', '<rss><!-- a --!> b --></rss>', '<rss><?pi x</rss>', '<rss a="1></rss>',
  ]) {
    assertReadersAgree(text, null, 'listed case');
  }
  // Each of them is recovered from, and says so.
  assert.deepEqual(readXml('<rss><item></rss>').warnings, ['xml: mismatched closing tag']);
  assert.deepEqual(readXml('<rss><item>').warnings, ['xml: document ends before all elements are closed (truncated)']);
});

test('readXml: equals htmlparser2\'s Parser on generated documents', () => {
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
  for (let i = 0; i < 20000; i++) {
    const text = `${pick(prologs)}<rss${pick(attrs)}>${content(0)}</rss>${pick(['', '\n', ' x', '<!-- after -->'])}`;
    assertReadersAgree(text, i % 3 ? 'http://example.com/feed' : null, `document ${i}`);
    // Cut off anywhere, as a dropped connection leaves it.
    if (i % 4 === 0) assertReadersAgree(text.slice(0, next() % (text.length + 1)), null, `document ${i}, truncated`);
  }
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

test('corpus: readXml equals htmlparser2\'s Parser on every feed in ../shared', { skip: NO_CORPUS }, (t) => {
  for (const dir of ['corpus/feeds', 'corpus/news/feeds']) {
    const files = listFeeds(join(SHARED, dir));
    for (const file of files) {
      const text = decodeBytes(new Uint8Array(readFileSync(file))).text;
      assertReadersAgree(text, 'http://example.com/feed.xml', file);
    }
    t.diagnostic(`${dir}: ${files.length} documents read alike`);
    assert.ok(files.length > 0, `${dir}: no feeds found`);
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FeedItem } from '../../model/index.ts';
import * as media from './index.ts';
import { imageUrlsOf, itemImageUrls, leadImageOf, linkFromPost, mediaPath, rewriteImageUrls, sniffImageType, urlPath } from './index.ts';

const b64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));
const bytes = (...parts: Array<string | number[]>) =>
  new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p)))));

/** Real files (1×1 pixels) where they are small enough to inline, else their first bytes. */
const IMAGES = {
  png: b64('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='),
  gif: b64('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7'),
  webp: b64('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA=='),
  jpeg: bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF', [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
};

test('sniffImageType: the raster formats browsers show, by their magic numbers', () => {
  const cases: Array<[string, Uint8Array, media.ImageType, string]> = [
    ['JPEG/JFIF: FF D8 FF (WHATWG MIME Sniffing §6.1)', IMAGES.jpeg, 'jpeg', '.jpg'],
    ['JPEG/Exif', bytes([0xff, 0xd8, 0xff, 0xe1, 0x12, 0x34], 'Exif'), 'jpeg', '.jpg'],
    ['PNG: the 8-byte signature', IMAGES.png, 'png', '.png'],
    ['GIF89a', IMAGES.gif, 'gif', '.gif'],
    ['GIF87a', bytes('GIF87a', [1, 0, 1, 0, 0, 0, 0]), 'gif', '.gif'],
    ['WebP: RIFF….WEBP', IMAGES.webp, 'webp', '.webp'],
    ['AVIF: ftyp major brand avif', bytes([0, 0, 0, 0x1c], 'ftypavif', [0, 0, 0, 0], 'avifmif1miaf'), 'avif', '.avif'],
    ['AVIF: avis as a compatible brand only', bytes([0, 0, 0, 0x18], 'ftypmif1', [0, 0, 0, 0], 'mif1avis'), 'avif', '.avif'],
    ['BMP: BM with a BITMAPINFOHEADER (40)', bytes('BM', [0x46, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 40, 0, 0, 0]), 'bmp', '.bmp'],
    ['ICO: ICONDIR with one entry', bytes([0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0, 0x68, 4, 0, 0, 0x16, 0, 0, 0]), 'ico', '.ico'],
  ];
  for (const [name, input, type, extension] of cases) {
    const result = sniffImageType(input);
    assert.deepEqual(result.ok && [result.type, result.extension], [type, extension], name);
  }
});

test('sniffImageType: what is not an image is refused with its reason, whatever it claims to be', () => {
  const cases: Array<[string, string | Uint8Array, RegExp]> = [
    ['an HTML page (a hotlink block page served as image/jpeg)', '<!DOCTYPE html><html><head><title>403</title>', /an HTML page/],
    ['HTML after a BOM and blank lines', '\ufeff\n\n  <html lang="zh"><body>请登录</body></html>', /an HTML page/],
    ['SVG is refused: it can carry script', '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>x()</script></svg>', /SVG, refused/],
    ['bare <svg>', '<svg viewBox="0 0 1 1"></svg>', /SVG/],
    ['an XML error document', '<?xml version="1.0"?><Error><Code>AccessDenied</Code></Error>', /XML document/],
    ['JSON from an API gateway', '{"error":"forbidden"}', /JSON/],
    ['empty', '', /empty body/],
    ['"BM" text is not a bitmap', 'BMW unveils its new model, and more text here', /unknown format/],
    ['TIFF, which browsers do not show', bytes('II*', [0, 8, 0, 0, 0]), /TIFF/],
    ['HEIC (ftyp heic) is not AVIF', bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0], 'mif1heic'), /ISO media file \("heic"\)/],
    ['a truncated PNG signature', bytes([0x89, 0x50, 0x4e, 0x47]), /unknown format \(starts 89 50 4e 47\)/],
  ];
  for (const [name, input, reason] of cases) {
    const result = sniffImageType(typeof input === 'string' ? new TextEncoder().encode(input) : input);
    assert.equal(result.ok, false, name);
    assert.match(!result.ok ? result.reason : '', reason, name);
  }
});

test('imageUrlsOf: every http(s) <img src> once, in order; data:, relative and non-img URLs skipped', () => {
  const html =
    '<p><img src="https://a.example/1.jpg?x=1&amp;y=2" alt="" /> <img src="data:image/gif;base64,R0lG" /></p>' +
    '<!-- <img src="https://a.example/commented.jpg"> --><a href="https://a.example/link.jpg">x</a>' +
    '<img alt=\'src="https://a.example/in-alt.jpg"\' src=\'https://a.example/2.png\'>' +
    '<IMG SRC="https://a.example/1.jpg?x=1&amp;y=2"><img src="/relative.jpg"><img src=" http://b.example/3.gif ">';
  assert.deepEqual(imageUrlsOf(html), ['https://a.example/1.jpg?x=1&y=2', 'https://a.example/2.png', 'http://b.example/3.gif']);
  assert.deepEqual(imageUrlsOf('<p>no images</p>'), []);
});

test('leadImageOf and itemImageUrls: content images, else an image enclosure, else the item image', () => {
  const item = (over: Partial<FeedItem>): Pick<FeedItem, 'content' | 'summary' | 'enclosures' | 'image'> => ({
    content: null,
    summary: null,
    enclosures: [],
    image: null,
    ...over,
  });
  const withContent = item({
    content: '<img src="data:image/gif;base64,x"><img src="https://a.example/1.jpg"><img src="https://a.example/2.jpg">',
    enclosures: [{ url: 'https://a.example/e.jpg', type: 'image/jpeg', length: null }],
    image: 'https://a.example/i.jpg',
  });
  assert.equal(leadImageOf(withContent, withContent.content!), 'https://a.example/1.jpg');
  assert.deepEqual(itemImageUrls(withContent), ['https://a.example/1.jpg', 'https://a.example/2.jpg']);

  const enclosureOnly = item({ summary: '<p>text</p>', enclosures: [{ url: 'https://a.example/a.mp3', type: 'audio/mpeg', length: 1 }, { url: 'https://a.example/e.jpg', type: 'IMAGE/JPEG', length: null }] });
  assert.deepEqual(itemImageUrls(enclosureOnly), ['https://a.example/e.jpg']);
  assert.deepEqual(itemImageUrls(item({ image: 'https://a.example/i.jpg' })), ['https://a.example/i.jpg']);
  assert.deepEqual(itemImageUrls(item({ image: 'ftp://a.example/i.jpg' })), []);
  // The summary's images count when there is no content.
  assert.deepEqual(itemImageUrls(item({ summary: '<img src="https://a.example/s.jpg">' })), ['https://a.example/s.jpg']);
});

test('rewriteImageUrls: only the <img> tags named in the map change; srcset goes with the remote src', () => {
  const html =
    '<p>Intro &amp; more <img src="https://a.example/1.jpg?x=1&amp;y=2" srcset="https://a.example/1-2x.jpg 2x" sizes="100vw" alt="A &quot;cat&quot;" referrerpolicy="no-referrer" /></p>' +
    '<p><img src="https://a.example/kept.jpg" srcset="https://a.example/kept-2x.jpg 2x" alt="" /></p>' +
    '<p><a href="https://a.example/1.jpg?x=1&amp;y=2">https://a.example/1.jpg?x=1&amp;y=2</a><img src=https://a.example/2.png></p>';
  const links = new Map([
    ['https://a.example/1.jpg?x=1&y=2', '../../media/ab/abc.jpg'],
    ['https://a.example/2.png', '/media/cd/cde.png'],
  ]);
  assert.equal(
    rewriteImageUrls(html, links),
    '<p>Intro &amp; more <img src="../../media/ab/abc.jpg" alt="A &quot;cat&quot;" referrerpolicy="no-referrer" /></p>' +
      '<p><img src="https://a.example/kept.jpg" srcset="https://a.example/kept-2x.jpg 2x" alt="" /></p>' +
      '<p><a href="https://a.example/1.jpg?x=1&amp;y=2">https://a.example/1.jpg?x=1&amp;y=2</a><img src="/media/cd/cde.png"></p>',
  );
  assert.equal(rewriteImageUrls(html, new Map()), html);
  assert.equal(rewriteImageUrls(html, new Map([['https://elsewhere.example/x.jpg', 'x']])), html);
});

test('rewriteImageUrls: a <picture> whose image is archived loses its remote <source>s; other pictures keep theirs', () => {
  const picture = (img: string) =>
    `<picture><source srcset="https://a.example/p.avif" type="image/avif" /><source srcset="https://a.example/p.webp" type="image/webp" />${img}</picture>`;
  const html = `<p>${picture('<img src="https://a.example/p.jpg" alt="p" />')}</p><figure>${picture('<img src="https://a.example/q.jpg" />')}</figure>`;
  assert.equal(
    rewriteImageUrls(html, new Map([['https://a.example/p.jpg', '../media/ab/p.jpg']])),
    `<p><picture><img src="../media/ab/p.jpg" alt="p" /></picture></p><figure>${picture('<img src="https://a.example/q.jpg" />')}</figure>`,
  );
  // A <source> outside any picture (in a video) is not the image's and stays.
  const video = '<video controls><source src="https://a.example/v.mp4" type="video/mp4" /></video><img src="https://a.example/p.jpg" />';
  assert.equal(
    rewriteImageUrls(video, new Map([['https://a.example/p.jpg', 'p.jpg']])),
    '<video controls><source src="https://a.example/v.mp4" type="video/mp4" /></video><img src="p.jpg" />',
  );
});

test('video posters are images a post shows: collected, and rewritten like <img src>', () => {
  const html = '<video controls poster="https://a.example/poster.jpg" width="640"><source src="https://a.example/v.mp4" /></video><img src="https://a.example/p.jpg" />';
  assert.deepEqual(imageUrlsOf(html), ['https://a.example/poster.jpg', 'https://a.example/p.jpg']);
  assert.deepEqual(imageUrlsOf('<video poster="data:image/gif;base64,R0lG" src="https://a.example/v.mp4"></video>'), []);
  assert.equal(
    rewriteImageUrls(html, new Map([['https://a.example/poster.jpg', '../media/cd/poster.jpg']])),
    '<video controls poster="../media/cd/poster.jpg" width="640"><source src="https://a.example/v.mp4" /></video><img src="https://a.example/p.jpg" />',
  );
});

test('mediaPath shards by the hash; urlPath and linkFromPost make links a post can carry anywhere', () => {
  const hash = 'ab'.repeat(32);
  assert.equal(mediaPath(hash, 'jpeg'), `ab/${hash}.jpg`);
  assert.equal(mediaPath(hash, 'webp'), `ab/${hash}.webp`);
  assert.throws(() => mediaPath('../../etc/passwd', 'png'), /not a lower-case hex content hash/);

  assert.equal(urlPath('../../my media/图片/ab/x.jpg'), '../../my%20media/%E5%9B%BE%E7%89%87/ab/x.jpg');
  assert.equal(urlPath('a(1)/b#c?d'), 'a%281%29/b%23c%3Fd');

  assert.equal(linkFromPost('Fixture-News/要闻/post.md', '../../media/ab/x.jpg'), '../../../../media/ab/x.jpg');
  assert.equal(linkFromPost('post.md', '../../media/ab/x.jpg'), '../../media/ab/x.jpg');
  assert.equal(linkFromPost('post.md', 'media/ab/x.jpg'), './media/ab/x.jpg');
  assert.equal(linkFromPost('2022/02/post.md', '/media/ab/x.jpg'), '/media/ab/x.jpg', 'root-relative links stay');
});

test('index.ts exports exactly the public surface', () => {
  assert.deepEqual(Object.keys(media).sort(), [
    'IMAGE_TYPES', 'imageExtension', 'imageUrlsOf', 'itemHtml', 'itemImageUrls', 'leadImageOf', 'linkFromPost', 'mediaPath',
    'rewriteImageUrls', 'sniffImageType', 'urlPath',
  ]);
});

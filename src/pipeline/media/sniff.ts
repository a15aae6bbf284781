// What an image's bytes really are. A server's Content-Type and the URL's extension are what
// it says; the first bytes are what it sent. Hotlink protection, CDNs and login walls answer
// an image URL with an HTML page (often as 200 image/jpeg), so only the magic number decides.
//
// Accepted: the raster formats browsers display — JPEG, PNG (and APNG), GIF, WebP, AVIF, BMP,
// ICO. Refused, with the reason in words:
//
// - SVG: it is XML that may carry <script>, event handlers and external references. Served
//   from the mirror's own origin (as archived media are), it would run there. Sanitizing SVG
//   safely is a project of its own, and news images are raster, so SVG keeps its remote URL.
// - HTML, XML, JSON, other text, and anything unknown (HEIC, TIFF, JPEG XL: formats most
//   browsers cannot show, so a local copy would show nothing either).

export type ImageType = 'jpeg' | 'png' | 'gif' | 'webp' | 'avif' | 'bmp' | 'ico';

export type ImageSniffResult =
  | { ok: true; type: ImageType; extension: string; mimeType: string }
  | { ok: false; reason: string };

const FORMATS: Readonly<Record<ImageType, { extension: string; mimeType: string }>> = {
  jpeg: { extension: '.jpg', mimeType: 'image/jpeg' },
  png: { extension: '.png', mimeType: 'image/png' },
  gif: { extension: '.gif', mimeType: 'image/gif' },
  webp: { extension: '.webp', mimeType: 'image/webp' },
  avif: { extension: '.avif', mimeType: 'image/avif' },
  bmp: { extension: '.bmp', mimeType: 'image/bmp' },
  ico: { extension: '.ico', mimeType: 'image/x-icon' },
};

/** The file extension ("." included) an archived image of this type gets. */
export function imageExtension(type: ImageType): string {
  return FORMATS[type].extension;
}

/** Every image type accepted, for tables and tests. */
export const IMAGE_TYPES: readonly ImageType[] = Object.keys(FORMATS) as ImageType[];

/**
 * The image type of `bytes` by their magic number (WHATWG MIME Sniffing §6.1 for the
 * signatures, ISO/IEC 23008-12 for AVIF's ftyp box), or why they are not an image we keep.
 * Looks only at the first bytes; never throws.
 */
export function sniffImageType(bytes: Uint8Array): ImageSniffResult {
  const type = rasterType(bytes);
  if (type) return { ok: true, type, ...FORMATS[type] };
  return { ok: false, reason: notAnImage(bytes) };
}

function rasterType(b: Uint8Array): ImageType | null {
  if (starts(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP' && b.length >= 16) return 'webp';
  if (isAvif(b)) return 'avif';
  // "BM" alone is too common in text ("BMW …"): also require a known DIB header size.
  if (ascii(b, 0, 2) === 'BM' && b.length >= 18 && [12, 40, 52, 56, 64, 108, 124].includes(uint32le(b, 14))) return 'bmp';
  // ICONDIR: reserved 0, type 1 (icon), at least one entry whose reserved byte is 0.
  if (starts(b, [0x00, 0x00, 0x01, 0x00]) && b.length >= 22 && (b[4]! | (b[5]! << 8)) > 0 && b[9] === 0) return 'ico';
  return null;
}

/** An ISO-BMFF file whose ftyp box names avif or avis as its major or a compatible brand. */
function isAvif(b: Uint8Array): boolean {
  if (b.length < 16 || ascii(b, 4, 8) !== 'ftyp') return false;
  const boxSize = ((b[0]! << 24) >>> 0) + (b[1]! << 16) + (b[2]! << 8) + b[3]!;
  if (boxSize < 16) return false;
  const end = Math.min(boxSize, b.length, 256);
  const brands = [ascii(b, 8, 12)];
  for (let i = 16; i + 4 <= end; i += 4) brands.push(ascii(b, i, i + 4));
  return brands.includes('avif') || brands.includes('avis');
}

/** Why bytes that are not a raster image were refused, in a few words. */
function notAnImage(b: Uint8Array): string {
  if (b.length === 0) return 'empty body';
  const head = textHead(b);
  if (head.startsWith('<')) {
    const lower = head.toLowerCase();
    if (/<svg[\s>]/.test(lower) && !/<html[\s>]/.test(lower)) return 'SVG, refused (it can carry script)';
    if (/^<(!doctype\s+html|html|head|body|title|meta|script|div|p|!--)[\s>]/.test(lower)) return 'an HTML page, not an image';
    if (lower.startsWith('<?xml')) return 'an XML document, not an image';
    return 'markup, not an image';
  }
  if (head.startsWith('{') || head.startsWith('[')) return 'JSON or text, not an image';
  if (starts(b, [0x49, 0x49, 0x2a, 0x00]) || starts(b, [0x4d, 0x4d, 0x00, 0x2a])) return 'TIFF, which browsers do not show';
  if (ascii(b, 4, 8) === 'ftyp') return `an ISO media file (${JSON.stringify(ascii(b, 8, 12))}), not a web image`;
  const hex = Array.from(b.subarray(0, 8), (x) => x.toString(16).padStart(2, '0')).join(' ');
  return `unknown format (starts ${hex})`;
}

/** The first bytes as text, without a UTF-8 BOM and leading whitespace (markup may start late). */
function textHead(b: Uint8Array): string {
  let i = starts(b, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (i < b.length && i < 512 && (b[i] === 0x20 || b[i] === 0x09 || b[i] === 0x0a || b[i] === 0x0d || b[i] === 0x0c)) i++;
  return ascii(b, i, Math.min(b.length, i + 1024));
}

function starts(b: Uint8Array, signature: readonly number[]): boolean {
  if (b.length < signature.length) return false;
  return signature.every((byte, i) => b[i] === byte);
}

function ascii(b: Uint8Array, from: number, to: number): string {
  let out = '';
  for (let i = from; i < to && i < b.length; i++) out += String.fromCharCode(b[i]!);
  return out;
}

function uint32le(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}
